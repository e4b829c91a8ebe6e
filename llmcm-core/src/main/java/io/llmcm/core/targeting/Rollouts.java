package io.llmcm.core.targeting;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Percentage rollouts by consistent hash. A key's bucket depends only on the path, the rule's name
 * and the key, so it is the same on every server and every call; a rollout at p % takes the
 * buckets below p × 1000, so raising the percentage only adds keys (sticky), and two rules (or two
 * paths) bucket the same user independently.
 */
public final class Rollouts {
    /** Buckets per rollout: 0.001 % resolution. */
    public static final int BUCKETS = 100_000;

    private Rollouts() {}

    /** The key's bucket in [0, {@link #BUCKETS}): the first 8 bytes of SHA-256(path \n rule \n key), unsigned, modulo. */
    public static int bucket(String path, String rule, String key) {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
        byte[] digest = sha.digest((path + "\n" + rule + "\n" + key).getBytes(StandardCharsets.UTF_8));
        long first = ByteBuffer.wrap(digest, 0, 8).getLong();
        return (int) Long.remainderUnsigned(first, BUCKETS);
    }

    /** Whether a rollout at {@code percent} (0–100, decimals allowed) includes the bucket. */
    public static boolean includes(double percent, int bucket) {
        return bucket < Math.round(percent * 1000);
    }
}
