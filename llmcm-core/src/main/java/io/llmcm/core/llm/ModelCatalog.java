package io.llmcm.core.llm;

import io.llmcm.core.InvalidInputException;
import io.llmcm.core.NotFoundException;
import io.llmcm.core.format.Format;
import io.llmcm.core.json.Json;
import io.llmcm.core.json.MergePatch;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The models validation knows: the catalog shipped with the product ({@code catalog.yaml} next to
 * this class), optionally with a scope's overrides laid over it. Immutable.
 *
 * <p>Overrides live in the configuration entry {@value #PATH}, a document {@code {"models": {ID:
 * {fields...}}}} merged over the shipped catalog with JSON Merge Patch (RFC 7396): a field
 * replaces the shipped one, a field set to {@code null} removes it, a model set to {@code null}
 * removes the model, and an id the shipped catalog lacks adds a model (which then needs at least
 * {@code provider} and {@code context_window}). Like any entry, the override is itself merged
 * across the tenant, environment and service layers first, so each scope has its own catalog.
 */
public final class ModelCatalog {
    /** The configuration entry holding a scope's catalog overrides. */
    public static final String PATH = "llm/catalog";

    private static final String RESOURCE = "catalog.yaml";
    private static final ModelCatalog SHIPPED = load();

    private final LocalDate asOf;
    private final Map<String, ModelInfo> models; // sorted by id
    private final boolean overridden;

    private ModelCatalog(LocalDate asOf, Map<String, ModelInfo> models, boolean overridden) {
        this.asOf = asOf;
        this.models = Collections.unmodifiableMap(new TreeMap<>(models));
        this.overridden = overridden;
    }

    /** The catalog shipped with this build. */
    public static ModelCatalog shipped() {
        return SHIPPED;
    }

    /**
     * The shipped catalog with a scope's overrides (the effective value of {@value #PATH}; null for
     * none). Throws {@link InvalidInputException} naming the pointer of the first field that is
     * not valid, e.g. {@code llm/catalog: /models/gpt-4o/context_window must be a positive integer}.
     */
    public ModelCatalog withOverrides(JsonNode overrides) {
        if (overrides == null || overrides.isNull()) {
            return this;
        }
        JsonNode patch = modelsPatch(overrides);
        if (patch == null) {
            throw new InvalidInputException(PATH + ": must be an object {\"models\": {MODEL_ID: {fields...}}}");
        }
        ObjectNode merged = (ObjectNode) MergePatch.apply(modelsJson(), patch.deepCopy());
        Map<String, ModelInfo> out = new TreeMap<>();
        for (Map.Entry<String, JsonNode> e : merged.properties()) {
            try {
                out.put(e.getKey(), ModelInfo.fromJson(e.getKey(), e.getValue(), "/models/" + escape(e.getKey())));
            } catch (InvalidInputException ex) {
                throw new InvalidInputException(PATH + ": " + ex.getMessage());
            }
        }
        return new ModelCatalog(asOf, out, true);
    }

    /**
     * The catalog effective in a scope of a repository: the shipped one with the scope's {@value
     * #PATH} laid over it (a secret or absent entry counts as no overrides). Throws {@link
     * InvalidInputException} naming the field when the stored overrides are not valid (possible
     * when the tenant has not applied the {@code llm-catalog} schema).
     */
    public static ModelCatalog effective(io.llmcm.core.repo.Repository repo, io.llmcm.core.repo.Scope scope) {
        var found = repo.get(scope, PATH);
        if (found.isEmpty() || found.get().isSecret()) {
            return SHIPPED;
        }
        return SHIPPED.withOverrides(found.get().value().json());
    }

    /**
     * The {@code models} object of an override document, or null when the document does not have
     * that shape. Only this field is merged; the document has no other.
     */
    public static JsonNode modelsPatch(JsonNode overrides) {
        if (overrides == null || !overrides.isObject()) {
            return null;
        }
        JsonNode models = overrides.get("models");
        if (models == null) {
            return Json.NODES.objectNode();
        }
        return models.isObject() ? models : null;
    }

    /** The date the shipped figures were checked against the providers' pages. */
    public LocalDate asOf() {
        return asOf;
    }

    /** Whether a scope's overrides were laid over the shipped data. */
    public boolean overridden() {
        return overridden;
    }

    /** Every model, sorted by id. */
    public List<ModelInfo> models() {
        return List.copyOf(models.values());
    }

    /** The model with that id, or null. */
    public ModelInfo find(String id) {
        return models.get(id);
    }

    /** The model with that id; {@link NotFoundException} otherwise. */
    public ModelInfo get(String id) {
        ModelInfo m = models.get(id);
        if (m == null) {
            throw new NotFoundException("model '" + id + "' is not in the catalog; add it in " + PATH
                    + " as {\"models\": {\"" + id + "\": {\"provider\": ..., \"context_window\": ...}}}");
        }
        return m;
    }

    /** {@code {ID: {fields...}}} for every model: a fresh tree the caller owns. */
    public ObjectNode modelsJson() {
        ObjectNode o = Json.NODES.objectNode();
        models.forEach((id, m) -> o.set(id, m.toJson()));
        return o;
    }

    /** {@code {"as_of": ..., "models": {...}}}: the document the CLI and the REST API show. */
    public ObjectNode toJson() {
        ObjectNode o = Json.NODES.objectNode();
        o.put("as_of", asOf.toString());
        o.put("overridden", overridden);
        o.set("models", modelsJson());
        return o;
    }

    private static String escape(String id) {
        return id.replace("~", "~0").replace("/", "~1");
    }

    private static ModelCatalog load() {
        String text;
        try (InputStream in = ModelCatalog.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the shipped model catalog " + RESOURCE + " is missing from the build");
            }
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        JsonNode doc = Format.YAML.read(text);
        LocalDate asOf = LocalDate.parse(Objects.requireNonNull(doc.path("as_of").stringValue(null), "as_of"));
        Map<String, ModelInfo> models = new TreeMap<>();
        List<String> ids = new ArrayList<>(doc.path("models").propertyNames());
        for (String id : ids) {
            models.put(id, ModelInfo.fromJson(id, doc.get("models").get(id), "catalog.yaml /models/" + id));
        }
        return new ModelCatalog(asOf, models, false);
    }
}
