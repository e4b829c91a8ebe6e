package io.llmcm.core.json;

import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * JSON Merge Patch, RFC 7396: the rule by which a layer is laid over the layers below it.
 *
 * <ul>
 *   <li>An object patch merges field by field into the target (a non-object target is first
 *       replaced by an empty object).
 *   <li>A field set to {@code null} in the patch removes that field.
 *   <li>Anything else — arrays, strings, numbers, booleans — replaces the target whole.
 *   <li>A patch that is {@code null} itself leaves nothing: the value is absent.
 * </ul>
 */
public final class MergePatch {
    private MergePatch() {}

    /**
     * Applies {@code patch} to {@code target}. Both trees must be owned by the caller: the target is
     * changed in place when it is an object, and parts of the patch are moved into the result.
     *
     * @param target the value below, or null when nothing is below
     * @return the merged value; null when the result is absent
     */
    public static JsonNode apply(JsonNode target, JsonNode patch) {
        if (!patch.isObject()) {
            return patch.isNull() ? null : patch;
        }
        ObjectNode result = target != null && target.isObject() ? (ObjectNode) target : Json.NODES.objectNode();
        for (Map.Entry<String, JsonNode> field : patch.properties()) {
            JsonNode value = field.getValue();
            if (value.isNull()) {
                result.remove(field.getKey());
            } else {
                JsonNode merged = apply(result.get(field.getKey()), value);
                result.set(field.getKey(), merged);
            }
        }
        return result;
    }
}
