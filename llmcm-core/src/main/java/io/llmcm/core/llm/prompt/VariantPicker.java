package io.llmcm.core.llm.prompt;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Sticky A/B assignment: SHA-256 of {@code path + "/" + key} gives a bucket from 0 to 9,999; the
 * named variants take consecutive ranges of the buckets by weight (in percent, in name order)
 * and the default variant the rest. The same key always lands in the same variant while the
 * weights stay; raising a variant's weight only moves keys into it.
 */
public final class VariantPicker {
    /** Buckets: a hundredth of a percent each. */
    static final int BUCKETS = 10_000;

    private VariantPicker() {}

    /** The bucket of a targeting key for a prompt path, 0 to 9,999. */
    public static int bucket(String path, String key) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest((path + "/" + key).getBytes(StandardCharsets.UTF_8));
            long v = 0;
            for (int i = 0; i < 8; i++) {
                v = (v << 8) | (d[i] & 0xff);
            }
            return (int) Long.remainderUnsigned(v, BUCKETS);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** The variant a key gets. */
    public static String pick(PromptDocument prompt, String path, String key) {
        int b = bucket(path, key);
        int upTo = 0;
        for (var e : prompt.variants().entrySet()) {
            upTo += e.getValue().weight() * (BUCKETS / 100);
            if (b < upTo) {
                return e.getKey();
            }
        }
        return PromptDocument.DEFAULT;
    }
}
