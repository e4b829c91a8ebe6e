package io.llmcm.core.cache;

import io.llmcm.core.model.ContentType;
import io.llmcm.core.model.Layer;
import io.llmcm.core.model.Value;
import io.llmcm.core.repo.LayerRef;
import io.llmcm.core.repo.Resolved;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;

/**
 * A resolved value as the shared cache holds it: what a read answers plus {@code computedAt}, the
 * revision of the state of the instance that computed it (which tells a reader whether that
 * instance already knew the tenants of the value's chain as they are now).
 *
 * <p>Never a secret: {@link #of} refuses one, so the cache never holds even a sealed envelope.
 *
 * @param revision the revision the value is true at (a past revision, or when it was current)
 * @param computedAt the computing instance's revision when it computed the value
 */
public record SharedEntry(long revision, long computedAt, long modRevision, LayerRef from, Value value) {
    private static final int FORMAT = 1;

    /** The entry for a resolved value, or empty for a secret (never shared) or a value of no layer. */
    public static Optional<SharedEntry> of(Resolved r, long computedAt) {
        if (r.isSecret() || r.from() == null) {
            return Optional.empty();
        }
        return Optional.of(new SharedEntry(r.revision(), computedAt, r.modRevision(), r.from(), r.value()));
    }

    /** The value as a read answers it. */
    public Resolved resolved(String path) {
        return new Resolved(path, value, revision, modRevision, from);
    }

    public byte[] encode() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + value.size());
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(FORMAT);
            out.writeLong(revision);
            out.writeLong(computedAt);
            out.writeLong(modRevision);
            out.writeUTF(from.tenant());
            out.writeUTF(from.layer().env());
            out.writeUTF(from.layer().service());
            out.writeByte(value.type().ordinal());
            out.writeInt(value.size());
            value.writeTo(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /**
     * Reads an entry back; empty when the bytes are not one this version wrote (another format, a
     * truncated value) or hold a secret: such an entry is a miss, never an error to the reader.
     */
    public static Optional<SharedEntry> decode(byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            if (in.readByte() != FORMAT) {
                return Optional.empty();
            }
            long revision = in.readLong();
            long computedAt = in.readLong();
            long modRevision = in.readLong();
            LayerRef from = new LayerRef(in.readUTF(), new Layer(in.readUTF(), in.readUTF()));
            int type = in.readByte();
            ContentType[] types = ContentType.values();
            if (type < 0 || type >= types.length || types[type] == ContentType.SECRET) {
                return Optional.empty();
            }
            int size = in.readInt();
            if (size < 0 || size != in.available()) {
                return Optional.empty();
            }
            Value value = Value.fromStore(types[type], in.readNBytes(size));
            return Optional.of(new SharedEntry(revision, computedAt, modRevision, from, value));
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // a malformed entry is a miss
        }
    }
}
