package io.llmcm.store.jdbc;

import io.llmcm.core.audit.AuditEvent;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The bytes of one stored audit batch (a row per appended batch, events numbered inside), shared
 * by the SQLite and PostgreSQL stores. Sequence numbers are not in the bytes: the row's first
 * sequence number and the position give them.
 */
public final class AuditBatchCodec {
    /** Longest field kept (writeUTF holds 64 KiB; audit fields are names and short reasons). */
    private static final int MAX_FIELD = 4096;

    private AuditBatchCodec() {}

    public static byte[] encode(List<AuditEvent> events) {
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

    /** The events of a batch, each with seq 0 (the caller numbers them). */
    public static List<AuditEvent> decode(byte[] blob) {
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
