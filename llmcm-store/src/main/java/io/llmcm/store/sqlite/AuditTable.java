package io.llmcm.store.sqlite;

import io.llmcm.core.audit.AuditEvent;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The {@code audit} table: append-only events, numbered by SQLite as they are inserted. */
final class AuditTable {
    private AuditTable() {}

    /** Inserts events in order in the caller's transaction; the {@code seq} they carry is ignored. */
    static void append(Connection c, List<AuditEvent> events) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO audit"
                + "(time_ms, actor, action, tenant, target, outcome, detail) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            for (AuditEvent e : events) {
                ps.setLong(1, e.time().toEpochMilli());
                ps.setString(2, e.actor());
                ps.setString(3, e.action());
                ps.setString(4, e.tenant());
                ps.setString(5, e.target());
                ps.setString(6, e.outcome());
                ps.setString(7, e.detail());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    static List<AuditEvent> after(Connection c, long after, int limit) throws SQLException {
        List<AuditEvent> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT seq, time_ms, actor, action, tenant, target, outcome, detail"
                + " FROM audit WHERE seq > ? ORDER BY seq LIMIT ?")) {
            ps.setLong(1, after);
            ps.setInt(2, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new AuditEvent(rs.getLong(1), Instant.ofEpochMilli(rs.getLong(2)), rs.getString(3),
                            rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8)));
                }
            }
        }
        return out;
    }
}
