package io.llmcm.client;

import java.util.Objects;
import tools.jackson.databind.JsonNode;

/**
 * One effective value as the server answers it: the path, the value (a JSON tree; a text value is a
 * JSON string; a secret is its mask unless revealed), its type ({@code json}, {@code text} or
 * {@code secret}), the newest revision merged into it, and the layer it came from.
 *
 * @param path the key path, e.g. {@code models/chat}
 * @param value the value as a JSON tree; treat it as read-only (it is shared by every reader)
 * @param type {@code json}, {@code text} or {@code secret}
 * @param modRevision the newest revision merged into the value
 * @param from the most specific layer it came from ({@code {"tenant","env","service"}}), or null
 */
public record ConfigValue(String path, JsonNode value, String type, long modRevision, JsonNode from) {
    public ConfigValue {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(type, "type");
    }

    /** Whether the value is a secret (its mask, unless the view reveals secrets). */
    public boolean isSecret() {
        return "secret".equals(type);
    }
}
