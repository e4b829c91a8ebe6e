package io.llmcm.store.sqlite;

import io.llmcm.core.audit.AuditEvent;
import io.llmcm.store.jdbc.AuditBatchCodec;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
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
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO audit_batches(first_seq, last_seq, first_ms, last_ms, events) VALUES (?, ?, ?, ?, ?)")) {
            ps.setLong(1, first);
            ps.setLong(2, first + events.size() - 1);
            ps.setLong(3, events.getFirst().time().toEpochMilli());
            ps.setLong(4, events.getLast().time().toEpochMilli());
            ps.setBytes(5, AuditBatchCodec.encode(events));
            ps.executeUpdate();
        }
    }

    static List<AuditEvent> after(Connection c, long after, int limit) throws SQLException {
        List<AuditEvent> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT first_seq, events FROM audit_batches WHERE last_seq > ? ORDER BY first_seq")) {
            ps.setLong(1, after);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next() && out.size() < limit) {
                    long seq = rs.getLong(1);
                    for (AuditEvent e : AuditBatchCodec.decode(rs.getBytes(2))) {
                        if (seq > after && out.size() < limit) {
                            out.add(e.withSeq(seq));
                        }
                        seq++;
                    }
                }
            }
        }
        return out;
    }

    /** The newest event: the last one of the newest batch. */
    static java.util.Optional<AuditEvent> last(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT last_seq, events FROM audit_batches ORDER BY first_seq DESC LIMIT 1");
                ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) {
                return java.util.Optional.empty();
            }
            return java.util.Optional.of(AuditBatchCodec.decode(rs.getBytes(2)).getLast().withSeq(rs.getLong(1)));
        }
    }

    private static long lastSeq(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT last_seq FROM audit_batches ORDER BY first_seq DESC LIMIT 1");
                ResultSet rs = ps.executeQuery()) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }
}
