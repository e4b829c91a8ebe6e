package io.llmcm.core.format;

import io.llmcm.core.json.JsonPointers;
import java.util.Map;
import java.util.function.BiPredicate;
import tools.jackson.databind.JsonNode;

/** Finds the first place in a tree that a format cannot hold, to name it in the error. */
final class Trees {
    private Trees() {}

    /**
     * The JSON pointer of the first node, depth-first in document order, for which {@code test}
     * holds; {@code null} when none does. The test sees the field name (null for array elements
     * and the root) and the node.
     */
    static String find(JsonNode root, BiPredicate<String, JsonNode> test) {
        return find(root, null, "", test);
    }

    private static String find(JsonNode node, String name, String pointer, BiPredicate<String, JsonNode> test) {
        if (test.test(name, node)) {
            return pointer;
        }
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> f : node.properties()) {
                String found = find(f.getValue(), f.getKey(), JsonPointers.child(pointer, f.getKey()), test);
                if (found != null) {
                    return found;
                }
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                String found = find(node.get(i), null, JsonPointers.child(pointer, i), test);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }

    /** A pointer for a message: "/" for the root, control characters made visible. */
    static String show(String pointer) {
        return pointer.isEmpty() ? "the top" : Text.printable(pointer);
    }
}
