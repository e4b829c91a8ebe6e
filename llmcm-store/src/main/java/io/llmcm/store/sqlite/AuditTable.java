package io.llmcm.store.sqlite;

import io.llmcm.core.audit.AuditEvent;
import io.llmcm.store.jdbc.AuditBatches;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/**
 * The audit trail: a row per appended batch, numbered events inside. Every reveal is an audit
 * event, so under load the writer stores thousands a second; a row per event cost the writer more
 * than the reveals themselves (and let its queue grow), a row per batch costs one insert.
 */
final class AuditTable {
    private AuditTable() {}

    /** Stores events in order in the caller's transaction, numbering them after the last stored. */
    static void append(Connection c, List<AuditEvent> events) throws SQLException {
        long first = lastSeq(c) + 1;
        AuditBatches.insert(c, first, events);
    }

    static List<AuditEvent> after(Connection c, long after, int limit) throws SQLException {
        return AuditBatches.after(c, after, limit, 0);
    }

    /** The newest event: the last one of the newest batch. */
    static java.util.Optional<AuditEvent> last(Connection c) throws SQLException {
        return AuditBatches.last(c);
    }

    private static long lastSeq(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT last_seq FROM audit_batches ORDER BY first_seq DESC LIMIT 1");
                ResultSet rs = ps.executeQuery()) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }
}
