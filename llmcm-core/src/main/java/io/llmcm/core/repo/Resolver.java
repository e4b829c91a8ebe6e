package io.llmcm.core.repo;

import io.llmcm.core.json.MergePatch;
import io.llmcm.core.model.ContentType;
import io.llmcm.core.model.EntryVersion;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * Computes effective values: walks a scope's chain of layers from lowest to highest and merges
 * each layer's value into the result with JSON Merge Patch (RFC 7396). A layer marked {@code
 * replace} discards everything below it. A layer whose value is JSON {@code null} hides the path.
 */
final class Resolver {
    private Resolver() {}

    /** The versions that take part in the path's effective value, lowest first. */
    static List<EntryVersion> contributors(List<LayerRef> chain, LayerSource source, String path) {
        List<EntryVersion> out = new ArrayList<>(4);
        String lastTenant = null;
        PathEntries entries = PathEntries.EMPTY;
        for (LayerRef ref : chain) {
            if (!ref.tenant().equals(lastTenant)) {
                entries = source.entries(ref.tenant(), path);
                lastTenant = ref.tenant();
            }
            EntryVersion v = entries.get(ref.layer());
            if (v != null) {
                if (v.replace()) {
                    out.clear(); // nothing below a replacing layer can show through
                }
                out.add(v);
            }
        }
        return out;
    }

    /**
     * Merges the contributors; null when the path is absent in this scope (no layer sets it, or
     * the highest layers delete it with {@code null}).
     */
    static Resolution merge(List<EntryVersion> contributors) {
        if (contributors.isEmpty()) {
            return null;
        }
        JsonNode acc = null;
        long mod = 0;
        for (EntryVersion v : contributors) {
            acc = MergePatch.apply(acc, v.value().json());
            mod = Math.max(mod, v.revision());
        }
        if (acc == null) {
            return null;
        }
        ContentType type = contributors.getLast().value().type();
        return new Resolution(acc, type == ContentType.TEXT && acc.isString() ? ContentType.TEXT : ContentType.JSON, mod);
    }

    static Resolution resolve(List<LayerRef> chain, LayerSource source, String path) {
        return merge(contributors(chain, source, path));
    }

    /** An effective value as a tree, with the highest revision among the versions that made it. */
    record Resolution(JsonNode value, ContentType type, long modRevision) {}
}
