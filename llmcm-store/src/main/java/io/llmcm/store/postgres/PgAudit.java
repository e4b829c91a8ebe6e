package io.llmcm.store.postgres;

import io.llmcm.core.audit.AuditEvent;
import io.llmcm.store.jdbc.AuditBatches;
import io.llmcm.store.jdbc.JdbcSql;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/**
 * The audit trail on PostgreSQL: a row per appended batch, as on SQLite. Sequence numbers come
 * from the {@code audit_head} row, locked for the transaction, so two processes appending at once
 * get disjoint ranges and a number is never reused. The hash chain is computed by core from
 * {@code lastAudit()}; {@link #appendAfter} refuses a batch linked after an end that another
 * process moved meanwhile, so several instances keep one chain.
 */
final class PgAudit {
    private PgAudit() {}

    static void append(Connection c, List<AuditEvent> events) throws SQLException {
        long first;
        try (PreparedStatement ps = c.prepareStatement("SELECT last_seq FROM audit_head FOR UPDATE");
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            first = rs.getLong(1) + 1;
        }
        long last = first + events.size() - 1;
        AuditBatches.insert(c, first, events);
        JdbcSql.update(c, "UPDATE audit_head SET last_seq = ?", last);
    }

    /**
     * Appends a batch linked after the trail's end, unless another process appended meanwhile
     * (checked under the {@code audit_head} row lock); false, with nothing written, then.
     */
    static boolean appendAfter(Connection c, List<AuditEvent> events) throws SQLException {
        long end;
        try (PreparedStatement ps = c.prepareStatement("SELECT last_seq FROM audit_head FOR UPDATE");
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            end = rs.getLong(1);
        }
        if (end != events.getFirst().seq() - 1) {
            return false;
        }
        append(c, events); // takes the lock it holds already
        return true;
    }

    static List<AuditEvent> after(Connection c, long after, int limit) throws SQLException {
        return AuditBatches.after(c, after, limit, 64); // batches are read until the limit is reached, not all at once
    }

    static Optional<AuditEvent> last(Connection c) throws SQLException {
        return AuditBatches.last(c);
    }
}
