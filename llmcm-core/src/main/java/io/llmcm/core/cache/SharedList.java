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
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A listing as of a past revision as the shared cache holds it: every effective value under a
 * prefix, in path order, with {@code computedAt} as in {@link SharedEntry}. A listing that holds a
 * secret is never shared ({@link #of} refuses it), so the cache never holds even a sealed envelope.
 */
public record SharedList(long revision, long computedAt, List<Resolved> items) {
    private static final int FORMAT = 2;

    public SharedList {
        items = List.copyOf(items);
    }

    /** The entry for a listing, or empty when it holds a secret or a value of no layer. */
    public static Optional<SharedList> of(long revision, long computedAt, List<Resolved> items) {
        for (Resolved r : items) {
            if (r.isSecret() || r.from() == null || r.revision() != revision) {
                return Optional.empty();
            }
        }
        return Optional.of(new SharedList(revision, computedAt, items));
    }

    public byte[] encode() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(FORMAT);
            out.writeLong(revision);
            out.writeLong(computedAt);
            out.writeInt(items.size());
            for (Resolved r : items) {
                out.writeUTF(r.path());
                out.writeLong(r.modRevision());
                out.writeUTF(r.from().tenant());
                out.writeUTF(r.from().layer().env());
                out.writeUTF(r.from().layer().service());
                out.writeByte(r.value().type().ordinal());
                out.writeInt(r.value().size());
                r.value().writeTo(out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** Reads a listing back; empty when the bytes are not one this version wrote or hold a secret. */
    public static Optional<SharedList> decode(byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            if (in.readByte() != FORMAT) {
                return Optional.empty();
            }
            long revision = in.readLong();
            long computedAt = in.readLong();
            int n = in.readInt();
            if (n < 0 || n > bytes.length) {
                return Optional.empty();
            }
            ContentType[] types = ContentType.values();
            List<Resolved> items = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                String path = in.readUTF();
                long modRevision = in.readLong();
                LayerRef from = new LayerRef(in.readUTF(), new Layer(in.readUTF(), in.readUTF()));
                int type = in.readByte();
                if (type < 0 || type >= types.length || types[type] == ContentType.SECRET) {
                    return Optional.empty();
                }
                int size = in.readInt();
                if (size < 0 || size > in.available()) {
                    return Optional.empty();
                }
                items.add(new Resolved(path, Value.fromStore(types[type], in.readNBytes(size)), revision, modRevision, from));
            }
            return in.available() == 0 ? Optional.of(new SharedList(revision, computedAt, items)) : Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // a malformed entry is a miss
        }
    }
}
