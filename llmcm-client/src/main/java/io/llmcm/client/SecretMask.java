package io.llmcm.client;

import java.util.Objects;
import tools.jackson.databind.JsonNode;

/**
 * What the server shows of a secret without revealing it — {@code {"secret":"***","version":42,
 * "updated":…,"expires":…,"key":2}} — kept beside a revealed value so it can be logged in its
 * place. A type of its own, not a string or a JSON tree, so it cannot be passed where the value
 * goes, nor a value where the mask goes: it only wraps an object whose {@code secret} field is
 * {@code "***"}.
 *
 * @param json the mask as the server answered it (a copy; read-only)
 */
public record SecretMask(JsonNode json) {
    static final String MASK = "***";

    public SecretMask {
        Objects.requireNonNull(json, "json");
        if (!isMask(json)) {
            throw new IllegalArgumentException("not a secret's mask: a mask is an object whose 'secret' is \"***\"");
        }
        json = json.deepCopy();
    }

    /** Whether {@code node} has the shape of a mask. */
    static boolean isMask(JsonNode node) {
        return node.isObject() && node.path("secret").isString() && MASK.equals(node.path("secret").asString());
    }

    /** The revision of the secret's version, or -1 when the mask does not say. */
    public long version() {
        return json.path("version").asLong(-1);
    }

    /** The mask as compact JSON: safe to log. */
    @Override
    public String toString() {
        return json.toString();
    }
}
