package io.llmcm.store.sqlite;

import io.llmcm.store.jdbc.JdbcSql;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Set;

/** Pruning of superseded versions and the retention floor it leaves behind. */
final class Retention {
    private static final String FLOOR_KEY = "retention_floor";

    private Retention() {}

    static long floor(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT value FROM meta WHERE key = ?")) {
            ps.setString(1, FLOOR_KEY);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0;
            }
        }
    }

    /** Removes prunable versions inside the caller's write transaction; returns the count and the new floor. */
    static Result prune(Connection c, Instant cutoff, Set<Long> taggedRevisions) throws SQLException {
        long cutoffMs = cutoff.toEpochMilli();
        // A temporary table lets one DELETE check every tag; it lives only on the writer connection.
        JdbcSql.exec(c, "CREATE TEMP TABLE IF NOT EXISTS prune_tags (revision INTEGER PRIMARY KEY)");
        JdbcSql.exec(c, "DELETE FROM prune_tags");
        try (PreparedStatement ps = c.prepareStatement("INSERT OR IGNORE INTO prune_tags(revision) VALUES (?)")) {
            for (long t : taggedRevisions) {
                ps.setLong(1, t);
                ps.addBatch();
            }
            ps.executeBatch();
        }
        int removed;
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM versions"
                + " WHERE superseded IN (SELECT revision FROM commits WHERE time_ms < ?)"
                + " AND NOT EXISTS (SELECT 1 FROM prune_tags t"
                + "     WHERE t.revision >= versions.revision AND t.revision < versions.superseded)")) {
            ps.setLong(1, cutoffMs);
            removed = ps.executeUpdate();
        }
        // an old deletion marker says no more than absence does; without this they pile up for ever
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM versions"
                + " WHERE superseded IS NULL AND value IS NULL"
                + " AND revision IN (SELECT revision FROM commits WHERE time_ms < ?)")) {
            ps.setLong(1, cutoffMs);
            removed += ps.executeUpdate();
        }
        long floor = Math.max(floor(c), lastRevisionBefore(c, cutoffMs));
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO meta(key, value) VALUES (?, ?)"
                + " ON CONFLICT(key) DO UPDATE SET value = excluded.value")) {
            ps.setString(1, FLOOR_KEY);
            ps.setLong(2, floor);
            ps.executeUpdate();
        }
        return new Result(removed, floor);
    }

    private static long lastRevisionBefore(Connection c, long cutoffMs) throws SQLException {
        try (PreparedStatement ps =
                c.prepareStatement("SELECT COALESCE(MAX(revision), 0) FROM commits WHERE time_ms < ?")) {
            ps.setLong(1, cutoffMs);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    record Result(long removed, long floor) {}
}
