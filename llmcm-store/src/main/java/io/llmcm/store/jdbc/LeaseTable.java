package io.llmcm.store.jdbc;

import io.llmcm.core.model.EntryKey;
import io.llmcm.core.model.Layer;
import io.llmcm.core.model.Lease;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The {@code leases} table (the same SQL on SQLite and PostgreSQL): credentials issued from dynamic secrets, kept as hashes only. */
public final class LeaseTable {
    private static final String COLUMNS =
            "id, tenant, path, env, service, credential_hash, issued_ms, expires_ms, revoked_ms, actor";

    private LeaseTable() {}

    /** Inserts a lease, or replaces every column of the one with the same id (a revocation). */
    public static void put(Connection c, Lease l) throws SQLException {
        put(c, "", l);
    }

    /** The same, on the table in schema {@code in} ("" for the connection's own, else a quoted schema and a dot). */
    public static void put(Connection c, String in, Lease l) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + in + "leases(" + COLUMNS + ")"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET"
                + " tenant = excluded.tenant, path = excluded.path, env = excluded.env, service = excluded.service,"
                + " credential_hash = excluded.credential_hash, issued_ms = excluded.issued_ms,"
                + " expires_ms = excluded.expires_ms, revoked_ms = excluded.revoked_ms, actor = excluded.actor")) {
            ps.setString(1, l.id());
            ps.setString(2, l.key().tenant());
            ps.setString(3, l.key().path());
            ps.setString(4, l.key().layer().env());
            ps.setString(5, l.key().layer().service());
            ps.setString(6, l.credentialHash());
            ps.setLong(7, l.issued().toEpochMilli());
            ps.setLong(8, l.expires().toEpochMilli());
            if (l.revoked() == null) {
                ps.setNull(9, Types.BIGINT);
            } else {
                ps.setLong(9, l.revoked().toEpochMilli());
            }
            ps.setString(10, l.actor());
            ps.executeUpdate();
        }
    }

    public static Optional<Lease> byId(Connection c, String id) throws SQLException {
        return byId(c, "", id);
    }

    /** The same, on the table in schema {@code in} ("" for the connection's own, else a quoted schema and a dot). */
    public static Optional<Lease> byId(Connection c, String in, String id) throws SQLException {
        return one(c, in, "id", id);
    }

    public static Optional<Lease> byCredential(Connection c, String credentialHash) throws SQLException {
        return byCredential(c, "", credentialHash);
    }

    /** The same, on the table in schema {@code in} ("" for the connection's own, else a quoted schema and a dot). */
    public static Optional<Lease> byCredential(Connection c, String in, String credentialHash) throws SQLException {
        return one(c, in, "credential_hash", credentialHash);
    }

    /** A tenant's leases, newest first; ties in issue time go by id, descending, as in every store. */
    public static List<Lease> ofTenant(Connection c, String tenant, int limit) throws SQLException {
        return ofTenant(c, "", tenant, limit);
    }

    /** The same, on the table in schema {@code in} ("" for the connection's own, else a quoted schema and a dot). */
    public static List<Lease> ofTenant(Connection c, String in, String tenant, int limit) throws SQLException {
        List<Lease> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS
                + " FROM " + in + "leases WHERE tenant = ? ORDER BY issued_ms DESC, id DESC LIMIT ?")) {
            ps.setString(1, tenant);
            ps.setInt(2, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(lease(rs));
                }
            }
        }
        return out;
    }

    /** Deletes a tenant's leases inside the caller's transaction (the tenant is being purged). */
    public static void deleteTenant(Connection c, String tenant) throws SQLException {
        deleteTenant(c, "", tenant);
    }

    /** The same, on the table in schema {@code in} ("" for the connection's own, else a quoted schema and a dot). */
    public static void deleteTenant(Connection c, String in, String tenant) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + in + "leases WHERE tenant = ?")) {
            ps.setString(1, tenant);
            ps.executeUpdate();
        }
    }

    private static Optional<Lease> one(Connection c, String in, String column, String value) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM " + in + "leases WHERE " + column + " = ?")) {
            ps.setString(1, value);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(lease(rs)) : Optional.empty();
            }
        }
    }

    private static Lease lease(ResultSet rs) throws SQLException {
        long revokedMs = rs.getLong("revoked_ms");
        Instant revoked = rs.wasNull() ? null : Instant.ofEpochMilli(revokedMs);
        return new Lease(
                rs.getString("id"),
                EntryKey.of(rs.getString("tenant"), rs.getString("path"), Layer.of(rs.getString("env"), rs.getString("service"))),
                rs.getString("credential_hash"),
                Instant.ofEpochMilli(rs.getLong("issued_ms")),
                Instant.ofEpochMilli(rs.getLong("expires_ms")),
                revoked,
                rs.getString("actor"));
    }
}
