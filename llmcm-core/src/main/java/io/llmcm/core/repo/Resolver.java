package io.llmcm.core.repo;

import io.llmcm.core.json.MergePatch;
import io.llmcm.core.model.ContentType;
import io.llmcm.core.model.EntryVersion;
import io.llmcm.core.model.Value;
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
                // nothing below a replacing layer shows through; secrets never merge with
                // anything, so a change of kind between layers replaces too
                if (v.replace() || isSecret(v) || (!out.isEmpty() && isSecret(out.getLast()))) {
                    out.clear();
                }
                out.add(v);
            }
        }
        return out;
    }

    /**
     * Merges the contributors; null when the path is absent in this scope (no layer sets it, or
     * the highest layers delete it with {@code null}). A secret is never merged: it is its one
     * layer's sealed value.
     */
    static Resolution merge(List<EntryVersion> contributors) {
        if (contributors.isEmpty()) {
            return null;
        }
        EntryVersion top = contributors.getLast();
        if (isSecret(top)) {
            return new Resolution(top.value(), null, top.revision(), top);
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
        ContentType type = top.value().type() == ContentType.TEXT && acc.isString() ? ContentType.TEXT : ContentType.JSON;
        return new Resolution(Value.of(acc, type), acc, mod, top);
    }

    static Resolution resolve(List<LayerRef> chain, LayerSource source, String path) {
        return merge(contributors(chain, source, path));
    }

    static boolean isSecret(EntryVersion v) {
        return v.value().type() == ContentType.SECRET;
    }

    /**
     * An effective value.
     *
     * @param value the value as stored and served
     * @param tree the merged tree of a configuration value (for validation); null for a secret
     * @param modRevision the highest revision among the versions that made it
     * @param top the highest contributing version (a secret's only one)
     */
    record Resolution(Value value, JsonNode tree, long modRevision, EntryVersion top) {
        LayerRef from() {
            return new LayerRef(top.key().tenant(), top.key().layer());
        }
    }
}
