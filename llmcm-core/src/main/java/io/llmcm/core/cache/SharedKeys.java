package io.llmcm.core.cache;

import io.llmcm.core.repo.LayerRef;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * The keys of the shared cache. A resolved value depends on the path, the revision and the chain of
 * layers it merges (tenants from {@code global} down, environments from {@code base} up, the
 * service), so a key names the chain itself, by digest: scopes with one chain share entries, and
 * a chain that changes (an environment given another parent) reads other keys.
 */
public final class SharedKeys {
    private SharedKeys() {}

    /** The key of a value as of a past revision (immutable). */
    public static String at(List<LayerRef> chain, String path, long revision) {
        return "at:" + digest(chain) + ":" + revision + ":" + path;
    }

    /** The key of a listing under a prefix as of a past revision (immutable). */
    public static String list(List<LayerRef> chain, String prefix, long revision) {
        return "list:" + digest(chain) + ":" + revision + ":" + prefix;
    }

    /** The key of the newest current value offered (its revision is in the entry). */
    public static String current(List<LayerRef> chain, String path) {
        return "cur:" + digest(chain) + ":" + path;
    }

    static String digest(List<LayerRef> chain) {
        StringBuilder sb = new StringBuilder();
        for (LayerRef r : chain) {
            // names cannot hold '/', ',' or ';' (Names), so the text is unambiguous
            sb.append(r.tenant()).append('/').append(r.layer().env()).append(',').append(r.layer().service()).append(';');
        }
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(sb.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e); // every JDK has SHA-256
        }
    }
}
