package io.llmcm.store.postgres;

import io.llmcm.core.InvalidInputException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A PostgreSQL store location: {@code postgresql://[user[:password]@]host[:port]/database[?params]}
 * ({@code postgres://} and {@code jdbc:postgresql://} are taken too).
 *
 * <p>Parameters of the store: {@code schema} (or pgjdbc's {@code currentSchema}), the schema that
 * holds the store's tables, {@value #DEFAULT_SCHEMA} by default; {@code user} and {@code password}
 * (else those of the URL's user part, else {@code $PGUSER} / the operating system user, and
 * {@code $PGPASSWORD}); {@code poolSize}, the most connections the store opens (default {@value
 * #DEFAULT_POOL}). Every other parameter goes to pgjdbc as it is (e.g. {@code sslmode}).
 *
 * @param name the location without its password, for messages
 */
record PgUrl(String jdbcUrl, String schema, String user, String password, int poolSize, String name) {
    static final String DEFAULT_SCHEMA = "llmcm";
    static final int DEFAULT_POOL = 10;
    /** Lower case only, so the name needs no quoting rules beyond the double quotes we add. */
    private static final Pattern SCHEMA = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    /** True for the locations this class parses (the others name a SQLite directory). */
    static boolean matches(String location) {
        String l = location.toLowerCase(Locale.ROOT);
        return l.startsWith("postgresql://") || l.startsWith("postgres://") || l.startsWith("jdbc:postgresql://");
    }

    static PgUrl parse(String location) {
        if (!matches(location)) {
            throw new InvalidInputException("not a PostgreSQL store URL: " + location + " (expected postgresql://host:port/database?schema=NAME)");
        }
        String plain = location.substring(location.indexOf("://") + 3);
        URI uri;
        try {
            uri = new URI("postgresql://" + plain);
        } catch (URISyntaxException e) {
            throw new InvalidInputException("bad PostgreSQL store URL: " + e.getMessage());
        }
        String host = uri.getHost() == null ? "localhost" : uri.getHost();
        int port = uri.getPort() < 0 ? 5432 : uri.getPort();
        String path = uri.getPath() == null ? "" : uri.getPath().replaceFirst("^/", "");
        if (path.isEmpty() || path.contains("/")) {
            throw new InvalidInputException("PostgreSQL store URL " + redact(location) + " names no database (postgresql://host:port/database)");
        }
        Map<String, String> params = query(uri.getRawQuery());
        String user = null;
        String password = null;
        if (uri.getRawUserInfo() != null) {
            String[] parts = uri.getRawUserInfo().split(":", 2);
            user = decode(parts[0]);
            password = parts.length > 1 ? decode(parts[1]) : null;
        }
        user = first(params.remove("user"), user, System.getenv("PGUSER"), System.getProperty("user.name"));
        password = first(params.remove("password"), password, System.getenv("PGPASSWORD"));
        String schema = params.remove("schema");
        String current = params.remove("currentSchema");
        if (schema != null && current != null && !schema.equals(current)) {
            throw new InvalidInputException("PostgreSQL store URL gives two schemas: schema=" + schema + ", currentSchema=" + current);
        }
        schema = first(schema, current, DEFAULT_SCHEMA);
        if (!SCHEMA.matcher(schema).matches()) {
            throw new InvalidInputException("schema name '" + schema + "' must be lower-case letters, digits and _ (at most 63, not starting with a digit)");
        }
        int pool = DEFAULT_POOL;
        String poolParam = params.remove("poolSize");
        if (poolParam != null) {
            try {
                pool = Integer.parseInt(poolParam);
            } catch (NumberFormatException e) {
                pool = 0;
            }
            if (pool < 2 || pool > 1000) {
                throw new InvalidInputException("poolSize must be a number from 2 to 1000, got '" + poolParam + "'");
            }
        }
        StringBuilder jdbc = new StringBuilder("jdbc:postgresql://").append(uri.getRawAuthority().replaceFirst("^.*@", ""))
                .append('/').append(path).append("?currentSchema=").append(schema);
        params.forEach((k, v) -> jdbc.append('&').append(k).append('=').append(v == null ? "" : v));
        String name = "postgresql://" + host + ":" + port + "/" + path + "?schema=" + schema;
        return new PgUrl(jdbc.toString(), schema, user, password, pool, name);
    }

    /** The schema's name quoted as an SQL identifier. */
    String quotedSchema() {
        return '"' + schema + '"';
    }

    @Override
    public String toString() {
        return name;
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> out = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String k = decode(eq < 0 ? pair : pair.substring(0, eq));
            String v = eq < 0 ? "" : pair.substring(eq + 1); // passed on raw (still URL-encoded) to pgjdbc
            out.put(k, k.equals("user") || k.equals("password") || k.equals("schema") || k.equals("currentSchema")
                    || k.equals("poolSize") ? decode(v) : v);
        }
        return out;
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    @SafeVarargs
    private static <T> T first(T... candidates) {
        for (T c : candidates) {
            if (c != null) {
                return c;
            }
        }
        return null;
    }

    /** The location with any password replaced by ***. */
    static String redact(String location) {
        return location.replaceAll("(://[^:/@]+:)[^@/]*@", "$1***@").replaceAll("(?i)(password=)[^&]*", "$1***");
    }
}
