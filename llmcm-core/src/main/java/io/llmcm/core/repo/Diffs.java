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

    /** Secrets are compared by version and shown masked: neither plaintext nor ciphertext leaves. */
    static List<EntryDiff> between(List<EntryVersion> before, List<EntryVersion> after, java.time.Instant now) {
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
            if ((a != null && Resolver.isSecret(a)) || (b != null && Resolver.isSecret(b))) {
                out.add(secretDiff(key, change, a, b, now));
                continue;
            }
            ArrayNode patch = patch(a, b);
            List<String> readable = new ArrayList<>(JsonPatch.describe(patch));
            if (a != null && b != null && a.replace() != b.replace()) {
                readable.add(b.replace() ? "replaces lower layers (was merged)" : "merges into lower layers (was replacing)");
            }
            out.add(new EntryDiff(key.path(), key.layer(), change, a == null ? null : a.value(), b == null ? null : b.value(), patch, readable));
        }
        return out;
    }

    private static EntryDiff secretDiff(EntryKey key, EntryDiff.Change change, EntryVersion a, EntryVersion b, java.time.Instant now) {
        io.llmcm.core.model.Value before = a == null ? null : masked(a, now);
        io.llmcm.core.model.Value after = b == null ? null : masked(b, now);
        ArrayNode ops = Json.NODES.arrayNode();
        var op = ops.addObject().put("op", a == null ? "add" : b == null ? "remove" : "replace").put("path", "");
        if (after != null) {
            op.set("value", after.json());
        }
        String line = switch (change) {
            case ADDED -> "+ secret (version " + b.revision() + ")";
            case REMOVED -> "- secret (was version " + a.revision() + ")";
            case MODIFIED -> "~ secret: version " + a.revision() + " → " + b.revision();
        };
        return new EntryDiff(key.path(), key.layer(), change, before, after, ops, List.of(line));
    }

    private static io.llmcm.core.model.Value masked(EntryVersion v, java.time.Instant now) {
        return Resolver.isSecret(v) ? io.llmcm.core.secret.Masks.maskValue(v.value(), v.revision(), now) : v.value();
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
