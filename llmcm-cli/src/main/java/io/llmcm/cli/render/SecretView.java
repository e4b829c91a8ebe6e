package io.llmcm.cli.render;

import io.llmcm.core.crypto.Sealer;
import io.llmcm.core.crypto.SecretEnvelope;
import io.llmcm.core.model.ContentType;
import io.llmcm.core.model.Value;
import io.llmcm.core.secret.DynamicSecret;
import io.llmcm.core.secret.Masks;
import java.time.Instant;
import tools.jackson.databind.node.ObjectNode;

/**
 * How secrets show where values are printed: masked ({@link Masks}), never their sealed bytes and
 * never their plaintext. Every view that prints a {@link Value} passes it through {@link #shown}.
 */
public final class SecretView {
    private SecretView() {}

    public static boolean isSecret(Value v) {
        return v != null && v.type() == ContentType.SECRET;
    }

    /**
     * The value as it may be printed: a secret's mask, anything else as is.
     *
     * @param version the revision of the value's version (shown in the mask)
     */
    public static Value shown(Value v, long version) {
        return isSecret(v) ? Masks.maskValue(v, version, Instant.now()) : v;
    }

    /** The mask of a secret as a JSON object. */
    public static ObjectNode mask(Value sealed, long version) {
        return Masks.mask(sealed, version, Instant.now());
    }

    /** {@code text} or {@code json} for a stored secret, {@code token} or {@code jwt} for a dynamic one. */
    public static String kind(Value sealed) {
        if (DynamicSecret.isDynamic(sealed)) {
            return DynamicSecret.from(sealed).kind().id();
        }
        return Sealer.metadata(sealed).type() == ContentType.TEXT ? "text" : "json";
    }

    /** The sealed metadata of a stored secret; null for a dynamic one (it seals nothing). */
    public static SecretEnvelope.Metadata metadata(Value sealed) {
        return DynamicSecret.isDynamic(sealed) ? null : Sealer.metadata(sealed);
    }
}
