package io.llmcm.store.postgres;

import io.llmcm.store.jdbc.CatalogQueries;
import io.llmcm.store.jdbc.JdbcSql;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The schemas of hard-isolated tenants: {@code <store schema>_t_<tenant>} beside the store's own,
 * holding that tenant's {@code versions}, {@code keyrings} and {@code leases} (made like the
 * store's own). Created in the append transaction that creates the tenant and dropped, with everything in
 * it, in the one that deletes it: PostgreSQL's DDL is transactional, so both are atomic with the
 * commit. The store schema's {@code tenants.isolation} says which tenants have one.
 */
final class PgTenantSchemas {
    /** PostgreSQL truncates identifiers longer than this many bytes. */
    private static final int MAX_IDENTIFIER = 63;

    /**
     * The store's tables a dedicated tenant has its own of. Each is made {@code LIKE} the store's
     * (columns, collations, defaults, constraints and indexes), so one definition, the store's
     * migrations, serves both.
     */
    private static final List<String> TABLES = List.of("versions", "keyrings", "leases");

    private PgTenantSchemas() {}

    /**
     * The schema of a dedicated tenant of the store in {@code storeSchema}. An identifier holds at
     * most 63 bytes: a longer name keeps the first 20 characters of the store's schema and a hash
     * of both names (as {@link PostgresStore#channel(String)} does).
     */
    static String name(String storeSchema, String tenant) {
        String name = storeSchema + "_t_" + tenant;
        if (name.getBytes(StandardCharsets.UTF_8).length <= MAX_IDENTIFIER) {
            return name;
        }
        try {
            byte[] h = MessageDigest.getInstance("SHA-256")
                    .digest((storeSchema + "\0" + tenant).getBytes(StandardCharsets.UTF_8));
            String head = storeSchema.length() > 20 ? storeSchema.substring(0, 20) : storeSchema;
            return head + "_t_" + HexFormat.of().formatHex(h, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The prefix that qualifies a table of that schema ({@code "schema".}). */
    static String in(String storeSchema, String tenant) {
        return '"' + name(storeSchema, tenant) + "\".";
    }

    static void create(Connection c, String storeSchema, String tenant) throws SQLException {
        JdbcSql.exec(c, "CREATE SCHEMA \"" + name(storeSchema, tenant) + '"');
        String in = in(storeSchema, tenant);
        for (String table : TABLES) {
            JdbcSql.exec(c, "CREATE TABLE " + in + table + " (LIKE \"" + storeSchema + "\"." + table + " INCLUDING ALL)");
        }
    }

    static void drop(Connection c, String storeSchema, String tenant) throws SQLException {
        JdbcSql.exec(c, "DROP SCHEMA IF EXISTS \"" + name(storeSchema, tenant) + "\" CASCADE");
    }

    /** Dedicated tenant → its table prefix, for every dedicated tenant in the snapshot. */
    static Map<String, String> all(Connection c, String storeSchema) throws SQLException {
        Map<String, String> out = new LinkedHashMap<>();
        for (String t : CatalogQueries.dedicatedTenants(c)) {
            out.put(t, in(storeSchema, t));
        }
        return out;
    }

    /** Which of these tenants are dedicated (one query for a whole batch). */
    static List<String> dedicatedAmong(Connection c, java.util.Collection<String> tenants) throws SQLException {
        List<String> out = new java.util.ArrayList<>();
        if (tenants.isEmpty()) {
            return out;
        }
        java.sql.Array names = c.createArrayOf("text", tenants.toArray(String[]::new));
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT name FROM tenants WHERE isolation = 'dedicated' AND name = ANY(?)")) {
            ps.setArray(1, names);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        } finally {
            names.free();
        }
        return out;
    }

    /** The table prefix of a dedicated tenant; empty for a shared (or unknown) one. */
    static Optional<String> of(Connection c, String storeSchema, String tenant) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT isolation FROM tenants WHERE name = ?")) {
            ps.setString(1, tenant);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && "dedicated".equals(rs.getString(1)) ? Optional.of(in(storeSchema, tenant)) : Optional.empty();
            }
        }
    }
}
