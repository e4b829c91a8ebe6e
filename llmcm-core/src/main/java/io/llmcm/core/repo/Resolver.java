package io.llmcm.core.repo;

import io.llmcm.core.json.MergePatch;
import io.llmcm.core.model.ContentType;
import io.llmcm.core.model.EntryVersion;
import io.llmcm.core.model.Value;
import io.llmcm.core.targeting.Targeting;
import io.llmcm.core.targeting.TargetingContext;
import io.llmcm.core.targeting.TargetingRule;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * Computes effective values: walks a scope's chain of layers from lowest to highest and merges
 * each layer's value into the result with JSON Merge Patch (RFC 7396). A layer marked {@code
 * replace} discards everything below it. A layer whose value is JSON {@code null} hides the path.
 *
 * <p>A layer's {@code $targeting} rules never reach the merged value. With a targeting context, the
 * first rule of a layer that fires has its {@code set} merged right after that layer, before the
 * layers above it (which still override it).
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
        return merge(contributors, null);
    }

    /**
     * Merges the contributors, firing the rules {@code chooser} picks (none when null).
     */
    static Resolution merge(List<EntryVersion> contributors, Chooser chooser) {
        if (contributors.isEmpty()) {
            return null;
        }
        EntryVersion top = contributors.getLast();
        if (isSecret(top)) {
            return new Resolution(top.value(), null, top.revision(), top, List.of());
        }
        JsonNode acc = null;
        long mod = 0;
        List<FiredRule> fired = List.of();
        for (EntryVersion v : contributors) {
            JsonNode tree = v.value().json();
            JsonNode rules = Targeting.strip(tree);
            acc = MergePatch.apply(acc, tree);
            mod = Math.max(mod, v.revision());
            if (rules != null && chooser != null) {
                TargetingRule rule = chooser.choose(v, Targeting.of(v.value(), rules));
                if (rule != null) {
                    acc = MergePatch.apply(acc, rule.set().json());
                    if (fired.isEmpty()) {
                        fired = new ArrayList<>(2);
                    }
                    fired.add(new FiredRule(new LayerRef(v.key().tenant(), v.key().layer()), rule.name()));
                }
            }
        }
        if (acc == null) {
            return null;
        }
        ContentType type = top.value().type() == ContentType.TEXT && acc.isString() ? ContentType.TEXT : ContentType.JSON;
        return new Resolution(Value.of(acc, type), acc, mod, top, fired);
    }

    static Resolution resolve(List<LayerRef> chain, LayerSource source, String path) {
        return merge(contributors(chain, source, path));
    }

    /** Picks the rule of a layer that fires, or null. */
    @FunctionalInterface
    interface Chooser {
        TargetingRule choose(EntryVersion layer, Targeting rules);

        /** What a read with this context fires: the first matching rule of each layer. */
        static Chooser of(String path, TargetingContext ctx) {
            return ctx.isEmpty() ? null : (v, rules) -> rules.select(path, ctx);
        }

        /** Only this rule of this layer (a variant the planner validates on its own). */
        static Chooser only(EntryVersion layer, String rule) {
            return (v, rules) -> v == layer ? rules.rule(rule) : null;
        }
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
     * @param fired the targeting rules that fired, lowest layer first
     */
    record Resolution(Value value, JsonNode tree, long modRevision, EntryVersion top, List<FiredRule> fired) {
        LayerRef from() {
            return new LayerRef(top.key().tenant(), top.key().layer());
        }
    }
}
