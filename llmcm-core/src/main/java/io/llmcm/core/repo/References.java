package io.llmcm.core.repo;

import io.llmcm.core.InvalidInputException;
import io.llmcm.core.json.JsonPointers;
import io.llmcm.core.model.EntryKey;
import io.llmcm.core.model.Value;
import io.llmcm.core.secret.Template;
import java.util.Map;
import java.util.function.BiConsumer;
import tools.jackson.databind.JsonNode;

/** Finding the references inside a configuration value. */
final class References {
    private References() {}

    /** Refuses a value whose references are malformed, naming the field. */
    static void check(EntryKey key, Value value) {
        forEachString(value.json(), "", (pointer, s) -> {
            try {
                Template.parse(s);
            } catch (InvalidInputException e) {
                throw new InvalidInputException(key + " " + (pointer.isEmpty() ? "(root)" : pointer) + ": " + e.getMessage());
            }
        });
    }

    /** Visits every string leaf that holds a reference, with its pointer. */
    static void forEachString(JsonNode node, String pointer, BiConsumer<String, String> visit) {
        if (node.isString()) {
            if (Template.hasReference(node.stringValue())) {
                visit.accept(pointer, node.stringValue());
            }
        } else if (node.isObject()) {
            for (Map.Entry<String, JsonNode> f : node.properties()) {
                forEachString(f.getValue(), JsonPointers.child(pointer, f.getKey()), visit);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                forEachString(node.get(i), JsonPointers.child(pointer, i), visit);
            }
        }
    }
}
