package io.llmcm.core.repo;

import io.llmcm.core.model.Value;
import java.util.List;

/**
 * An effective value together with where each part of it came from.
 *
 * @param path the key path
 * @param scope the scope it was resolved in
 * @param revision the store revision the answer is true at
 * @param value the effective value, or null when the path is absent in this scope
 * @param fields one entry per leaf of the value (scalars, arrays, empty objects), in document order
 * @param layers every layer that holds a version of the path, lowest first, including layers hidden
 *     by a higher replacing layer (marked as not contributing)
 * @param references every reference inside the value and where its target comes from
 * @param rules the targeting rules that fired (an explanation with a context), lowest layer first
 */
public record Explanation(
        String path,
        Scope scope,
        long revision,
        Value value,
        List<FieldOrigin> fields,
        List<LayerVersion> layers,
        List<ReferenceOrigin> references,
        List<FiredRule> rules) {
    public Explanation {
        rules = rules == null ? List.of() : List.copyOf(rules);
    }

    /** An explanation of a read without a context: no rule fired. */
    public Explanation(String path, Scope scope, long revision, Value value, List<FieldOrigin> fields, List<LayerVersion> layers,
            List<ReferenceOrigin> references) {
        this(path, scope, revision, value, fields, layers, references, List.of());
    }

    /**
     * Where a reference inside the value points, resolved to the layer that holds its target but
     * not to the target's value (a secret stays hidden).
     *
     * @param pointer where the reference is in the value
     * @param reference as written, e.g. {@code ${secret:providers/openai/api-key}}
     * @param target the highest layer holding the target, or null when the target is not set
     * @param revision that layer's version (0 when not set)
     * @param secret whether the target is a secret
     */
    public record ReferenceOrigin(String pointer, String reference, LayerRef target, long revision, boolean secret) {}

    /**
     * Where one leaf of the effective value came from.
     *
     * @param pointer RFC 6901 pointer into the value ("" for a scalar value)
     * @param value the leaf
     * @param layer the layer that set it
     * @param revision the version of that layer
     * @param rule the targeting rule of that layer that set it, or null when the layer's value did
     */
    public record FieldOrigin(String pointer, Value value, LayerRef layer, long revision, String rule) {
        /** A field the layer's value itself set. */
        public FieldOrigin(String pointer, Value value, LayerRef layer, long revision) {
            this(pointer, value, layer, revision, null);
        }
    }

    /**
     * One layer's version of the path.
     *
     * @param contributes false when a higher layer replaces it
     */
    public record LayerVersion(LayerRef layer, long revision, boolean replace, boolean contributes) {}
}
