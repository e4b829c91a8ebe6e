package io.llmcm.core.validation;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.llmcm.core.json.MergePatch;
import io.llmcm.core.llm.ModelCatalog;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * The {@code catalog} variable of schema rules: the model catalog effective in a scope, as CEL
 * values (model id → map of its fields).
 *
 * <p>The shipped catalog is converted once. A scope with overrides in {@value ModelCatalog#PATH}
 * gets the overrides laid over it with JSON Merge Patch, cached by the override document's value,
 * since most scopes of a tenant inherit the same one. This form never throws: an override that is
 * not valid (the {@code llm-catalog} schema reports it on its own entry) is merged as written, and
 * one without an object {@code models} field leaves the shipped catalog as it is, so a rule sees
 * odd field types at worst and reports them as an evaluation error.
 */
final class CatalogCel {
    private static final Map<String, Object> SHIPPED = convert(ModelCatalog.shipped().modelsJson());

    /** Distinct override documents kept; each holds a converted catalog of a few hundred entries. */
    private static final Cache<JsonNode, Map<String, Object>> OVERRIDDEN =
            Caffeine.newBuilder().maximumSize(256).build();

    private CatalogCel() {}

    /** The catalog for a scope whose {@code llm/catalog} value is {@code overrides} (null for none). */
    static Map<String, Object> of(JsonNode overrides) {
        if (overrides == null) {
            return SHIPPED;
        }
        JsonNode patch = ModelCatalog.modelsPatch(overrides);
        if (patch == null || patch.isEmpty()) {
            return SHIPPED;
        }
        // keyed by a copy: the caller's tree must not change the key after the fact
        return OVERRIDDEN.get(patch.deepCopy(), p -> {
            JsonNode merged = MergePatch.apply(ModelCatalog.shipped().modelsJson(), p.deepCopy());
            return merged != null && merged.isObject() ? convert(merged) : SHIPPED;
        });
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> convert(JsonNode models) {
        return java.util.Collections.unmodifiableMap((Map<String, Object>) CelValues.of(models));
    }
}
