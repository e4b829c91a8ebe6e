package io.llmcm.server.cache;

import io.llmcm.core.InvalidInputException;
import io.lettuce.core.RedisURI;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Where the shared cache is: {@code redis://[[user]:password@]host[:port][/db][?prefix=NAME&timeout=MS]}
 * ({@code rediss://} for TLS). Every key and the commit channel start with the prefix ({@code
 * llmcm} by default), so instances of one store share one prefix and other stores use another.
 *
 * @param timeout how long a command may take before it counts as failed (50 ms by default)
 * @param password the password in the URL (null for none), kept to take it out of any message
 */
public record RedisConfig(RedisURI uri, String prefix, Duration timeout, String password) {
    public static final String DEFAULT_PREFIX = "llmcm";
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMillis(50);
    /** How long connecting (with its handshake) may take. */
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
    private static final Pattern PREFIX = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

    /**
     * Reads a URL.
     *
     * @throws InvalidInputException naming what is wrong (never quoting the password)
     */
    public static RedisConfig parse(String url) {
        if (url == null || url.isBlank()) {
            throw new InvalidInputException("the Redis URL is empty; expected redis://host:port/db?prefix=NAME");
        }
        URI u;
        try {
            u = new URI(url.trim());
        } catch (URISyntaxException e) {
            throw new InvalidInputException("the Redis URL is not a URL; expected redis://host:port/db?prefix=NAME");
        }
        String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("redis") && !scheme.equals("rediss")) {
            throw new InvalidInputException("the Redis URL must start with redis:// or rediss://, got '" + scheme + "://'");
        }
        if (u.getHost() == null || u.getHost().isEmpty()) {
            throw new InvalidInputException("the Redis URL has no host; expected redis://host:port/db?prefix=NAME");
        }
        RedisURI.Builder b = RedisURI.builder().withHost(u.getHost()).withPort(u.getPort() < 0 ? RedisURI.DEFAULT_REDIS_PORT : u.getPort())
                .withSsl(scheme.equals("rediss"));
        String path = u.getPath() == null ? "" : u.getPath();
        if (!path.isEmpty() && !path.equals("/")) {
            try {
                b.withDatabase(Integer.parseInt(path.substring(1)));
            } catch (NumberFormatException e) {
                throw new InvalidInputException("the Redis URL's path must be a database number, got '" + path.substring(1) + "'");
            }
        }
        String secret = null;
        if (u.getRawUserInfo() != null) {
            String info = u.getRawUserInfo();
            int colon = info.indexOf(':');
            String user = colon < 0 ? "" : decode(info.substring(0, colon));
            String password = decode(colon < 0 ? info : info.substring(colon + 1));
            secret = password.isEmpty() ? null : password;
            if (user.isEmpty()) {
                b.withPassword(password.toCharArray());
            } else {
                b.withAuthentication(user, password.toCharArray());
            }
        }
        String prefix = DEFAULT_PREFIX;
        Duration timeout = DEFAULT_TIMEOUT;
        if (u.getRawQuery() != null && !u.getRawQuery().isEmpty()) {
            for (String pair : u.getRawQuery().split("&")) {
                int eq = pair.indexOf('=');
                String name = eq < 0 ? pair : pair.substring(0, eq);
                String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
                switch (name) {
                    case "prefix" -> {
                        if (!PREFIX.matcher(value).matches()) {
                            throw new InvalidInputException("the Redis URL's prefix must be 1 to 64 letters, digits, '_', '.' or '-', got '" + value + "'");
                        }
                        prefix = value;
                    }
                    case "timeout" -> {
                        try {
                            timeout = Duration.ofMillis(Long.parseLong(value));
                        } catch (NumberFormatException e) {
                            throw new InvalidInputException("the Redis URL's timeout is in milliseconds, got '" + value + "'");
                        }
                        if (timeout.toMillis() < 1 || timeout.toMillis() > 10_000) {
                            throw new InvalidInputException("the Redis URL's timeout must be 1 to 10000 ms, got " + value);
                        }
                    }
                    default -> throw new InvalidInputException("the Redis URL has an unknown parameter '" + name + "'; known: prefix, timeout");
                }
            }
        }
        RedisURI uri = b.withTimeout(CONNECT_TIMEOUT).build(); // commands get `timeout` once connected
        return new RedisConfig(uri, prefix, timeout, secret);
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    /** A message with the password (if any) replaced by {@code ***}. */
    public String redact(String message) {
        return password == null || message == null ? message : message.replace(password, "***");
    }

    /** The URL without its credentials, for logs and messages. */
    public String describe() {
        return (uri.isSsl() ? "rediss://" : "redis://") + uri.getHost() + ":" + uri.getPort() + "/" + uri.getDatabase() + "?prefix=" + prefix;
    }

    @Override
    public String toString() { // never the password
        return "RedisConfig[" + describe() + ", timeout=" + timeout.toMillis() + "ms]";
    }
}
