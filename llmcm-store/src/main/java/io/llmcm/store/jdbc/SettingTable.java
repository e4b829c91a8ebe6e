package io.llmcm.store.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/** The {@code settings} table (the same SQL on SQLite and PostgreSQL): small named values of the store (the key provider's record, for one). */
public final class SettingTable {
    private SettingTable() {}

    public static Optional<byte[]> get(Connection c, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT value FROM settings WHERE name = ?")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getBytes(1)) : Optional.empty();
            }
        }
    }

    /** Inserts a setting unless it is set; false (and nothing written) when it is. */
    public static boolean create(Connection c, String name, byte[] value) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO settings(name, value) VALUES (?, ?) ON CONFLICT(name) DO NOTHING")) {
            ps.setString(1, name);
            ps.setBytes(2, value);
            return ps.executeUpdate() > 0;
        }
    }

    public static void put(Connection c, String name, byte[] value) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO settings(name, value) VALUES (?, ?) ON CONFLICT(name) DO UPDATE SET value = excluded.value")) {
            ps.setString(1, name);
            ps.setBytes(2, value);
            ps.executeUpdate();
        }
    }
}
