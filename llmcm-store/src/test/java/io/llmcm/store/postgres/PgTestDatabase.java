package io.llmcm.store.postgres;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;

/**
 * The real PostgreSQL the tests run on ({@code $LLMCM_TEST_POSTGRES}, by default the one on
 * 127.0.0.1:5432, database {@code test}, user {@code postgres}), and throw-away schemas in it:
 * every test class works in a schema {@code llmcm_test_<random>} of its own and drops it after.
 */
public final class PgTestDatabase {
    static final String BASE = System.getenv().getOrDefault("LLMCM_TEST_POSTGRES", "postgresql://127.0.0.1:5432/test?user=postgres");
    private static final SecureRandom RANDOM = new SecureRandom();

    private PgTestDatabase() {}

    public static String newSchema() {
        byte[] b = new byte[6];
        RANDOM.nextBytes(b);
        return "llmcm_test_" + HexFormat.of().formatHex(b);
    }

    /** The store URL of a schema. */
    public static String url(String schema) {
        return BASE + (BASE.contains("?") ? "&" : "?") + "schema=" + schema;
    }

    /** A plain connection (autocommit) to the test database, search path unset. */
    static Connection connect() throws SQLException {
        PgUrl u = PgUrl.parse(BASE);
        return DriverManager.getConnection(u.jdbcUrl().replaceFirst("\\?currentSchema=[^&]*&?", "?"), u.user(),
                u.password() == null ? "" : u.password());
    }

    static void exec(String sql) {
        try (Connection c = connect();
                Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    /**
     * Empties every store table of a migrated schema and resets the counter rows to what V1
     * inserts, leaving the migration history: a store as {@code PostgresStore.open} makes it.
     */
    static void empty(String schema) {
        dropTenantSchemas(schema);
        String q = "\"" + schema + "\".";
        java.util.List<String> tables = new java.util.ArrayList<>();
        try (Connection c = connect();
                java.sql.PreparedStatement ps = c.prepareStatement("SELECT table_name FROM information_schema.tables"
                        + " WHERE table_schema = ? AND table_name NOT IN ('flyway_schema_history', 'log_head', 'audit_head')")) {
            ps.setString(1, schema);
            try (java.sql.ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    tables.add(q + "\"" + rs.getString(1) + "\"");
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        exec("TRUNCATE " + String.join(", ", tables) + " RESTART IDENTITY");
        exec("UPDATE " + q + "log_head SET revision = 0, retention_floor = 0");
        exec("UPDATE " + q + "audit_head SET last_seq = 0");
    }

    /** Drops the schema and the schemas of its hard-isolated tenants. */
    public static void drop(String schema) {
        dropTenantSchemas(schema);
        exec("DROP SCHEMA IF EXISTS \"" + schema + "\" CASCADE");
    }

    /** The schemas of a store's dedicated tenants ({@code PgTenantSchemas.name}: plain, or hashed). */
    static java.util.List<String> tenantSchemas(String schema) {
        String head = schema.length() > 20 ? schema.substring(0, 20) : schema;
        java.util.List<String> out = new java.util.ArrayList<>();
        try (Connection c = connect();
                java.sql.PreparedStatement ps = c.prepareStatement("SELECT nspname FROM pg_namespace"
                        + " WHERE starts_with(nspname, ?) OR (starts_with(nspname, ?) AND nspname ~ '_t_[0-9a-f]{32}$')")) {
            ps.setString(1, schema + "_t_");
            ps.setString(2, head + "_t_");
            try (java.sql.ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return out;
    }

    private static void dropTenantSchemas(String schema) {
        for (String s : tenantSchemas(schema)) {
            exec("DROP SCHEMA IF EXISTS \"" + s + "\" CASCADE");
        }
    }
}
