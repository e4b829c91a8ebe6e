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
        Map<String, byte[]> out = new TreeMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT tenant, wrapped FROM keyrings");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.put(rs.getString(1), rs.getBytes(2));
            }
        }
        return Collections.unmodifiableMap(out);
    }

    public static void put(Connection c, String tenant, byte[] wrapped, long nowMs) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO keyrings(tenant, wrapped, updated_ms) VALUES (?, ?, ?)"
                + " ON CONFLICT(tenant) DO UPDATE SET wrapped = excluded.wrapped, updated_ms = excluded.updated_ms")) {
            ps.setString(1, tenant);
            ps.setBytes(2, wrapped);
            ps.setLong(3, nowMs);
            ps.executeUpdate();
        }
    }

    /** Inserts a tenant's first keyring; false (and nothing written) when it has one. */
    public static boolean create(Connection c, String tenant, byte[] wrapped, long nowMs) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO keyrings(tenant, wrapped, updated_ms) VALUES (?, ?, ?)"
                + " ON CONFLICT(tenant) DO NOTHING")) {
            ps.setString(1, tenant);
            ps.setBytes(2, wrapped);
            ps.setLong(3, nowMs);
            return ps.executeUpdate() > 0;
        }
    }

    /** Deletes a tenant's keyring; true when there was one. (SQLite's secure delete zeroes the row's bytes; PostgresStore vacuums the table.) */
    public static boolean delete(Connection c, String tenant) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM keyrings WHERE tenant = ?")) {
            ps.setString(1, tenant);
            return ps.executeUpdate() > 0;
        }
    }
}
