package io.llmcm.store.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/** The {@code keyrings} table (the same SQL on SQLite and PostgreSQL): every tenant's wrapped data keys, outside the commit log. */
public final class KeyringTable {
    private KeyringTable() {}

    /** Every keyring, by tenant name. */
    public static Map<String, byte[]> all(Connection c) throws SQLException {
        return all(c, "");
    }

    /** The same, on the table in schema {@code in} ("" for the connection's own, else a quoted schema and a dot). */
    public static Map<String, byte[]> all(Connection c, String in) throws SQLException {
        Map<String, byte[]> out = new TreeMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT tenant, wrapped FROM " + in + "keyrings");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.put(rs.getString(1), rs.getBytes(2));
            }
        }
        return Collections.unmodifiableMap(out);
    }

    public static void put(Connection c, String tenant, byte[] wrapped, long nowMs) throws SQLException {
        put(c, "", tenant, wrapped, nowMs);
    }

    /** The same, on the table in schema {@code in} ("" for the connection's own, else a quoted schema and a dot). */
    public static void put(Connection c, String in, String tenant, byte[] wrapped, long nowMs) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + in + "keyrings(tenant, wrapped, updated_ms) VALUES (?, ?, ?)"
                + " ON CONFLICT(tenant) DO UPDATE SET wrapped = excluded.wrapped, updated_ms = excluded.updated_ms")) {
            ps.setString(1, tenant);
            ps.setBytes(2, wrapped);
            ps.setLong(3, nowMs);
            ps.executeUpdate();
        }
    }

    /** Inserts a tenant's first keyring; false (and nothing written) when it has one. */
    public static boolean create(Connection c, String tenant, byte[] wrapped, long nowMs) throws SQLException {
        return create(c, "", tenant, wrapped, nowMs);
    }

    /** The same, on the table in schema {@code in} ("" for the connection's own, else a quoted schema and a dot). */
    public static boolean create(Connection c, String in, String tenant, byte[] wrapped, long nowMs) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + in + "keyrings(tenant, wrapped, updated_ms) VALUES (?, ?, ?)"
                + " ON CONFLICT(tenant) DO NOTHING")) {
            ps.setString(1, tenant);
            ps.setBytes(2, wrapped);
            ps.setLong(3, nowMs);
            return ps.executeUpdate() > 0;
        }
    }

    /**
     * Replaces a tenant's keyring if it is still {@code expected}, in schema {@code in} ("" for
     * the connection's own, else a quoted schema and a dot); false, nothing written, otherwise.
     */
    public static boolean replace(Connection c, String in, String tenant, byte[] expected, byte[] replacement, long nowMs)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE " + in + "keyrings SET wrapped = ?, updated_ms = ? WHERE tenant = ? AND wrapped = ?")) {
            ps.setBytes(1, replacement);
            ps.setLong(2, nowMs);
            ps.setString(3, tenant);
            ps.setBytes(4, expected);
            return ps.executeUpdate() > 0;
        }
    }

    /** Deletes a tenant's keyring; true when there was one. (SQLite's secure delete zeroes the row's bytes; PostgresStore vacuums the table.) */
    public static boolean delete(Connection c, String tenant) throws SQLException {
        return delete(c, "", tenant);
    }

    /** The same, on the table in schema {@code in} ("" for the connection's own, else a quoted schema and a dot). */
    public static boolean delete(Connection c, String in, String tenant) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + in + "keyrings WHERE tenant = ?")) {
            ps.setString(1, tenant);
            return ps.executeUpdate() > 0;
        }
    }
}
