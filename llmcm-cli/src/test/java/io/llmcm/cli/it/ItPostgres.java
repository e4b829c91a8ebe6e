package io.llmcm.cli.it;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The machine's PostgreSQL (127.0.0.1:5432, database test, trust auth) as the process-level tests
 * use it: a store schema of each test's own, dropped afterwards with its dedicated tenants' schemas.
 */
final class ItPostgres {
    static final String JDBC = "jdbc:postgresql://127.0.0.1:5432/test";

    private ItPostgres() {}

    /** A new store schema name, unique to the test. */
    static String newSchema() {
        return "llmcm_it_" + HexFormat.of().formatHex(new SecureRandom().generateSeed(6));
    }

    /** A connection to the test database as postgres. */
    static Connection connect() throws SQLException {
        return DriverManager.getConnection(JDBC, "postgres", "");
    }

    /** Drops a store's schema and those of its dedicated tenants ({@code <schema>_t_…}). */
    static void drop(String schema) throws SQLException {
        try (Connection c = connect()) {
            List<String> names = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT nspname FROM pg_namespace WHERE nspname = ? OR starts_with(nspname, ?)")) {
                ps.setString(1, schema);
                ps.setString(2, schema + "_t_");
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        names.add(rs.getString(1));
                    }
                }
            }
            try (Statement s = c.createStatement()) {
                for (String n : names) {
                    s.execute("DROP SCHEMA IF EXISTS \"" + n + "\" CASCADE");
                }
            }
        }
    }
}
