package io.llmcm.store.jdbc;

import io.llmcm.core.audit.AuditEvent;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The {@code audit_batches} table (the same SQL on SQLite and PostgreSQL): a row per appended
 * batch, numbered events inside. How a store numbers a batch (and locks for it) stays its own.
 */
public final class AuditBatches {
    private AuditBatches() {}

    /** Stores events in order as one batch numbered from {@code first}, in the caller's transaction. */
    public static void insert(Connection c, long first, List<AuditEvent> events) throws SQLException {
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

    /**
     * Up to {@code limit} events after {@code after}, in order. A positive {@code fetchSize} is
     * passed to the driver (PostgreSQL: batches are read until the limit is reached, not all at
     * once); zero leaves the driver's default.
     */
    public static List<AuditEvent> after(Connection c, long after, int limit, int fetchSize) throws SQLException {
        List<AuditEvent> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT first_seq, events FROM audit_batches WHERE last_seq > ? ORDER BY first_seq")) {
            ps.setLong(1, after);
            if (fetchSize > 0) {
                ps.setFetchSize(fetchSize);
            }
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
    public static Optional<AuditEvent> last(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                        "SELECT last_seq, events FROM audit_batches ORDER BY first_seq DESC LIMIT 1");
                ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) {
                return Optional.empty();
            }
            return Optional.of(AuditBatchCodec.decode(rs.getBytes(2)).getLast().withSeq(rs.getLong(1)));
        }
    }
}
