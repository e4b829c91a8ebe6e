package io.llmcm.client;

import java.util.Objects;
import tools.jackson.databind.JsonNode;

/**
 * One effective value as the server answers it: the path, the value (a JSON tree; a text value is a
 * JSON string; a secret is its mask unless revealed), its type ({@code json}, {@code text} or
 * {@code secret}), the newest revision merged into it, the layer it came from and, for a secret,
 * its mask.
 *
 * <p>{@link #toString} never shows a secret's value, only its mask.
 *
 * @param path the key path, e.g. {@code models/chat}
 * @param value the value as a JSON tree; treat it as read-only (it is shared by every reader)
 * @param type {@code json}, {@code text} or {@code secret}
 * @param modRevision the newest revision merged into the value
 * @param from the most specific layer it came from ({@code {"tenant","env","service"}}), or null
 * @param mask a secret's mask as the server listed it, whether or not the value is revealed; null
 *     for other values (and for a secret whose mask is not known, e.g. read from an old file)
 */
public record ConfigValue(String path, JsonNode value, String type, long modRevision, JsonNode from, SecretMask mask) {
    public ConfigValue {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(type, "type");
        if (mask != null && !"secret".equals(type)) {
            throw new IllegalArgumentException("only a secret has a mask, not a " + type + " value at '" + path + "'");
        }
    }

    /** A value whose mask, for a secret, is its value when that is a mask (as the list answers it). */
    public ConfigValue(String path, JsonNode value, String type, long modRevision, JsonNode from) {
        this(path, value, type, modRevision, from, "secret".equals(type) && value != null && SecretMask.isMask(value) ? new SecretMask(value) : null);
    }

    /** Whether the value is a secret (its mask, unless the view reveals secrets). */
    public boolean isSecret() {
        return "secret".equals(type);
    }

    /** The same value with {@code revealed} in place of the mask, which is kept. */
    ConfigValue revealedAs(JsonNode revealed) {
        return new ConfigValue(path, revealed, type, modRevision, from, mask);
    }

    @Override
    public String toString() {
        return "ConfigValue[path=" + path + ", value=" + (isSecret() ? "<secret " + mask + ">" : value) + ", type=" + type
                + ", modRevision=" + modRevision + ", from=" + from + "]";
    }
}
