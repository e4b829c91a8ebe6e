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
 * set it (and the targeting rule, when a rule of that layer set it). Kept apart from the resolver
 * so that ordinary reads pay nothing for it.
 */
final class Explainer {
    private Explainer() {}

    /** A merged tree whose every node knows its origin. */
    private record Node(JsonNode leaf, Map<String, Node> fields, EntryVersion origin, String rule) {
        boolean isObject() {
            return fields != null;
        }
    }

    static List<Explanation.FieldOrigin> origins(List<EntryVersion> contributors) {
        return origins(contributors, null);
    }

    /** The origins when {@code chooser} fires rules (none when null), as {@link Resolver#merge(List, Resolver.Chooser)} does. */
    static List<Explanation.FieldOrigin> origins(List<EntryVersion> contributors, Resolver.Chooser chooser) {
        Node acc = null;
        for (EntryVersion v : contributors) {
            JsonNode tree = v.value().json();
            JsonNode rules = io.llmcm.core.targeting.Targeting.strip(tree);
            acc = apply(acc, tree, v, null);
            if (rules != null && chooser != null) {
                var rule = chooser.choose(v, io.llmcm.core.targeting.Targeting.of(v.value(), rules));
                if (rule != null) {
                    acc = apply(acc, rule.set().json(), v, rule.name());
                }
            }
        }
        List<Explanation.FieldOrigin> out = new ArrayList<>();
        if (acc != null) {
            flatten(acc, "", out);
        }
        return out;
    }

    private static Node apply(Node target, JsonNode patch, EntryVersion v, String rule) {
        if (!patch.isObject()) {
            return patch.isNull() ? null : new Node(patch, null, v, rule);
        }
        Map<String, Node> fields =
                target != null && target.isObject() ? new LinkedHashMap<>(target.fields()) : new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> f : patch.properties()) {
            if (f.getValue().isNull()) {
                fields.remove(f.getKey());
            } else {
                Node merged = apply(fields.get(f.getKey()), f.getValue(), v, rule);
                fields.put(f.getKey(), merged);
            }
        }
        return new Node(null, fields, v, rule);
    }

    private static void flatten(Node n, String pointer, List<Explanation.FieldOrigin> out) {
        if (n.isObject() && !n.fields().isEmpty()) {
            for (Map.Entry<String, Node> f : n.fields().entrySet()) {
                flatten(f.getValue(), io.llmcm.core.json.JsonPointers.child(pointer, f.getKey()), out);
            }
            return;
        }
        JsonNode leaf = n.isObject() ? io.llmcm.core.json.Json.NODES.objectNode() : n.leaf();
        out.add(new Explanation.FieldOrigin(pointer, Value.of(leaf), new LayerRef(n.origin().key().tenant(), n.origin().key().layer()),
                n.origin().revision(), n.rule()));
    }
}
