package io.llmcm.core.repo;

import io.llmcm.core.model.EntryVersion;
import io.llmcm.core.model.Value;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Replays the merge of {@link Resolver} while remembering, for every field, the layer that last
 * set it. Kept apart from the resolver so that ordinary reads pay nothing for it.
 */
final class Explainer {
    private Explainer() {}

    /** A merged tree whose every node knows its origin. */
    private record Node(JsonNode leaf, Map<String, Node> fields, EntryVersion origin) {
        boolean isObject() {
            return fields != null;
        }
    }

    static List<Explanation.FieldOrigin> origins(List<EntryVersion> contributors) {
        Node acc = null;
        for (EntryVersion v : contributors) {
            acc = apply(acc, v.value().json(), v);
        }
        List<Explanation.FieldOrigin> out = new ArrayList<>();
        if (acc != null) {
            flatten(acc, "", out);
        }
        return out;
    }

    private static Node apply(Node target, JsonNode patch, EntryVersion v) {
        if (!patch.isObject()) {
            return patch.isNull() ? null : new Node(patch, null, v);
        }
        Map<String, Node> fields =
                target != null && target.isObject() ? new LinkedHashMap<>(target.fields()) : new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> f : patch.properties()) {
            if (f.getValue().isNull()) {
                fields.remove(f.getKey());
            } else {
                Node merged = apply(fields.get(f.getKey()), f.getValue(), v);
                fields.put(f.getKey(), merged);
            }
        }
        return new Node(null, fields, v);
    }

    private static void flatten(Node n, String pointer, List<Explanation.FieldOrigin> out) {
        if (n.isObject() && !n.fields().isEmpty()) {
            for (Map.Entry<String, Node> f : n.fields().entrySet()) {
                flatten(f.getValue(), io.llmcm.core.json.JsonPointers.child(pointer, f.getKey()), out);
            }
            return;
        }
        JsonNode leaf = n.isObject() ? io.llmcm.core.json.Json.NODES.objectNode() : n.leaf();
        out.add(new Explanation.FieldOrigin(
                pointer, Value.of(leaf), new LayerRef(n.origin().key().tenant(), n.origin().key().layer()), n.origin().revision()));
    }
}
