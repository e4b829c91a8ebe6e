package io.llmcm.core.repo;

import io.llmcm.core.json.Json;
import io.llmcm.core.json.JsonPatch;
import io.llmcm.core.model.EntryKey;
import io.llmcm.core.model.EntryVersion;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;

/** Compares two sets of entry versions (one tenant, two revisions) entry by entry. */
final class Diffs {
    private Diffs() {}

    static List<EntryDiff> between(List<EntryVersion> before, List<EntryVersion> after) {
        Map<String, EntryVersion[]> pairs = new TreeMap<>();
        for (EntryVersion v : before) {
            pairs.computeIfAbsent(sortKey(v.key()), k -> new EntryVersion[2])[0] = v;
        }
        for (EntryVersion v : after) {
            pairs.computeIfAbsent(sortKey(v.key()), k -> new EntryVersion[2])[1] = v;
        }
        List<EntryDiff> out = new ArrayList<>();
        for (EntryVersion[] p : pairs.values()) {
            EntryVersion a = p[0];
            EntryVersion b = p[1];
            if (a != null && b != null && a.value().equals(b.value()) && a.replace() == b.replace()) {
                continue;
            }
            EntryKey key = (a != null ? a : b).key();
            EntryDiff.Change change = a == null ? EntryDiff.Change.ADDED : b == null ? EntryDiff.Change.REMOVED : EntryDiff.Change.MODIFIED;
            ArrayNode patch = patch(a, b);
            List<String> readable = new ArrayList<>(JsonPatch.describe(patch));
            if (a != null && b != null && a.replace() != b.replace()) {
                readable.add(b.replace() ? "replaces lower layers (was merged)" : "merges into lower layers (was replacing)");
            }
            out.add(new EntryDiff(key.path(), key.layer(), change, a == null ? null : a.value(), b == null ? null : b.value(), patch, readable));
        }
        return out;
    }

    /** Whole-document add/remove for created and deleted entries; a field-level patch otherwise. */
    private static ArrayNode patch(EntryVersion a, EntryVersion b) {
        if (a == null || b == null) {
            ArrayNode ops = Json.NODES.arrayNode();
            JsonNode value = (a == null ? b : a).value().json();
            var op = ops.addObject().put("op", a == null ? "add" : "remove").put("path", "");
            if (a == null) {
                op.set("value", value);
            }
            return ops;
        }
        return JsonPatch.diff(a.value().json(), b.value().json());
    }

    /** Path, then environment, then service: "\0" sorts before every path character. */
    private static String sortKey(EntryKey k) {
        return k.path() + '\0' + k.layer().env() + '\0' + k.layer().service();
    }
}
