package io.llmcm.store.sqlite;

import io.llmcm.core.audit.AuditEvent;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The audit trail: a row per appended batch, numbered events inside. Every reveal is an audit
 * event, so under load the writer stores thousands a second; a row per event cost the writer more
 * than the reveals themselves (and let its queue grow), a row per batch costs one insert.
 */
final class AuditTable {
    /** Longest field kept (writeUTF holds 64 KiB; audit fields are names and short reasons). */
    private static final int MAX_FIELD = 4096;

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
            ps.setBytes(5, encode(events));
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
                    for (AuditEvent e : decode(rs.getBytes(2))) {
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
            return java.util.Optional.of(decode(rs.getBytes(2)).getLast().withSeq(rs.getLong(1)));
        }
    }

    private static long lastSeq(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT last_seq FROM audit_batches ORDER BY first_seq DESC LIMIT 1");
                ResultSet rs = ps.executeQuery()) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }

    private static byte[] encode(List<AuditEvent> events) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(events.size() * 96);
            DataOutputStream out = new DataOutputStream(bytes);
            out.writeInt(events.size());
            for (AuditEvent e : events) {
                out.writeLong(e.time().toEpochMilli());
                for (String field : new String[] {e.actor(), e.action(), e.tenant(), e.target(), e.outcome(), e.detail(), e.hash(), e.mac()}) {
                    out.writeUTF(field.length() > MAX_FIELD ? field.substring(0, MAX_FIELD) + "…" : field);
                }
            }
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a byte array stream does not fail
        }
    }

    private static List<AuditEvent> decode(byte[] blob) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(blob))) {
            int n = in.readInt();
            List<AuditEvent> out = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                out.add(new AuditEvent(0, Instant.ofEpochMilli(in.readLong()), in.readUTF(), in.readUTF(), in.readUTF(),
                        in.readUTF(), in.readUTF(), in.readUTF(), in.readUTF(), in.readUTF()));
            }
            return out;
        } catch (IOException e) {
            throw new IllegalStateException("audit batch is damaged", e);
        }
    }
}
