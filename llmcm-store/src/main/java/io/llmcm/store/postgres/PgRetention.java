package io.llmcm.store.postgres;

import io.llmcm.store.jdbc.JdbcSql;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Pruning of superseded versions on PostgreSQL, the same rule as the SQLite store's Retention. The
 * tagged revisions go as one bigint[] parameter (SQLite fills a temporary table), and the floor is
 * a column of the log head, whose row lock pruning takes like an append.
 */
final class PgRetention {
    private PgRetention() {}

    /** Removes prunable versions inside the caller's write transaction; returns the count and the new floor. */
    static Result prune(Connection c, String schema, Instant cutoff, Set<Long> taggedRevisions) throws SQLException {
        long cutoffMs = cutoff.toEpochMilli();
        long floor;
        try (PreparedStatement ps = c.prepareStatement("SELECT retention_floor FROM log_head FOR UPDATE");
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            floor = rs.getLong(1);
        }
        long removed = 0;
        // the store's versions, then every dedicated tenant's (in its own schema), in one transaction
        List<String> tables = new ArrayList<>();
        tables.add("versions");
        for (String in : PgTenantSchemas.all(c, schema).values()) {
            tables.add(in + "versions");
        }
        for (String table : tables) {
            Array tags = c.createArrayOf("bigint", taggedRevisions.toArray(Long[]::new));
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + table + " v"
                    + " WHERE v.superseded IN (SELECT revision FROM commits WHERE time_ms < ?)"
                    + " AND NOT EXISTS (SELECT 1 FROM unnest(?::bigint[]) t(revision)"
                    + "     WHERE t.revision >= v.revision AND t.revision < v.superseded)")) {
                ps.setLong(1, cutoffMs);
                ps.setArray(2, tags);
                removed += ps.executeUpdate();
            } finally {
                tags.free();
            }
            // an old deletion marker says no more than absence does; without this they pile up for ever
            removed += JdbcSql.update(c, "DELETE FROM " + table + " WHERE superseded IS NULL AND value IS NULL"
                    + " AND revision IN (SELECT revision FROM commits WHERE time_ms < ?)", cutoffMs);
        }
        try (PreparedStatement ps =
                c.prepareStatement("SELECT COALESCE(MAX(revision), 0) FROM commits WHERE time_ms < ?")) {
            ps.setLong(1, cutoffMs);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                floor = Math.max(floor, rs.getLong(1));
            }
        }
        JdbcSql.update(c, "UPDATE log_head SET retention_floor = ?", floor);
        return new Result(removed, floor);
    }

    record Result(long removed, long floor) {}
}
