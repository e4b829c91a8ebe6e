package io.llmcm.core.llm;

import io.llmcm.core.InvalidInputException;
import io.llmcm.core.json.Json;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What the catalog knows about one model id. Immutable.
 *
 * @param id the model id as the provider's API takes it, e.g. {@code gpt-4o} or {@code
 *     anthropic.claude-3-5-sonnet-20240620-v1:0}
 * @param provider who serves it: {@code openai}, {@code anthropic}, {@code google}, {@code bedrock},
 *     {@code local}, or another name a tenant gives its own models
 * @param contextWindow tokens the model reads, output included
 * @param maxOutputTokens tokens it writes at most; null where only the context window limits it
 *     (embedding models, local models)
 * @param modalities inputs it understands ({@code text}, {@code image}, {@code audio}, {@code video}, {@code pdf})
 * @param toolCalling whether it takes tool (function) definitions
 * @param jsonMode whether the API can force JSON output
 * @param inputPricePerMtok USD per million input tokens; null when there is no list price
 * @param outputPricePerMtok USD per million output tokens; null when there is none
 * @param deprecationDate the day the provider retires the model; null when none is announced
 */
public record ModelInfo(
        String id,
        String provider,
        long contextWindow,
        Long maxOutputTokens,
        List<String> modalities,
        boolean toolCalling,
        boolean jsonMode,
        Double inputPricePerMtok,
        Double outputPricePerMtok,
        LocalDate deprecationDate) {

    /** The fields of a model in the catalog document and in {@code llm/catalog} overrides. */
    public static final Set<String> FIELDS = Set.of("provider", "context_window", "max_output_tokens", "modalities",
            "tool_calling", "json_mode", "input_price_per_mtok", "output_price_per_mtok", "deprecation_date");

    /** The modalities a model may list. */
    public static final Set<String> MODALITIES = Set.of("text", "image", "audio", "video", "pdf");

    public ModelInfo {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(provider, "provider");
        modalities = List.copyOf(modalities);
    }

    /** Whether the provider has announced a retirement on or before {@code day}. */
    public boolean deprecatedOn(LocalDate day) {
        return deprecationDate != null && !deprecationDate.isAfter(day);
    }

    /**
     * Reads one model's fields. Throws {@link InvalidInputException} naming {@code where} (a
     * pointer such as {@code /models/gpt-4o}) and the field at fault.
     */
    static ModelInfo fromJson(String id, JsonNode node, String where) {
        if (node == null || !node.isObject()) {
            throw new InvalidInputException(where + " must be an object of model fields");
        }
        for (String field : node.propertyNames()) {
            if (!FIELDS.contains(field)) {
                throw new InvalidInputException(where + ": unknown field '" + field + "'; allowed: " + String.join(", ",
                        new java.util.TreeSet<>(FIELDS)));
            }
        }
        String provider = text(node, "provider", where);
        if (provider == null || provider.isBlank()) {
            throw new InvalidInputException(where + "/provider is missing");
        }
        Long context = positive(node, "context_window", where);
        if (context == null) {
            throw new InvalidInputException(where + "/context_window is missing");
        }
        Long output = positive(node, "max_output_tokens", where);
        if (output != null && output > context) {
            throw new InvalidInputException(where + "/max_output_tokens " + output + " is above its context_window " + context);
        }
        List<String> modalities = new ArrayList<>();
        JsonNode m = node.get("modalities");
        if (m == null || m.isNull()) {
            modalities.add("text");
        } else if (!m.isArray() || m.isEmpty()) {
            throw new InvalidInputException(where + "/modalities must be a non-empty array, e.g. [text, image]");
        } else {
            for (JsonNode item : m.values()) {
                if (!item.isString() || !MODALITIES.contains(item.stringValue())) {
                    throw new InvalidInputException(where + "/modalities: each item must be one of "
                            + String.join(", ", new java.util.TreeSet<>(MODALITIES)));
                }
                if (!modalities.contains(item.stringValue())) {
                    modalities.add(item.stringValue());
                }
            }
        }
        return new ModelInfo(id, provider, context, output, modalities, bool(node, "tool_calling", where),
                bool(node, "json_mode", where), price(node, "input_price_per_mtok", where),
                price(node, "output_price_per_mtok", where), date(node, "deprecation_date", where));
    }

    /** The model as a catalog entry (without its id); absent fields are left out. */
    public ObjectNode toJson() {
        ObjectNode o = Json.NODES.objectNode();
        o.put("provider", provider);
        o.put("context_window", contextWindow);
        if (maxOutputTokens != null) {
            o.put("max_output_tokens", maxOutputTokens.longValue());
        }
        modalities.forEach(o.putArray("modalities")::add);
        o.put("tool_calling", toolCalling);
        o.put("json_mode", jsonMode);
        if (inputPricePerMtok != null) {
            o.put("input_price_per_mtok", inputPricePerMtok.doubleValue());
        }
        if (outputPricePerMtok != null) {
            o.put("output_price_per_mtok", outputPricePerMtok.doubleValue());
        }
        if (deprecationDate != null) {
            o.put("deprecation_date", deprecationDate.toString());
        }
        return o;
    }

    private static JsonNode present(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? null : v;
    }

    private static String text(JsonNode node, String field, String where) {
        JsonNode v = present(node, field);
        if (v == null) {
            return null;
        }
        if (!v.isString()) {
            throw new InvalidInputException(where + "/" + field + " must be a string");
        }
        return v.stringValue();
    }

    private static Long positive(JsonNode node, String field, String where) {
        JsonNode v = present(node, field);
        if (v == null) {
            return null;
        }
        if (!v.isIntegralNumber() || !v.canConvertToLong() || v.longValue() < 1) {
            throw new InvalidInputException(where + "/" + field + " must be a positive integer (tokens)");
        }
        return v.longValue();
    }

    private static boolean bool(JsonNode node, String field, String where) {
        JsonNode v = present(node, field);
        if (v == null) {
            return false;
        }
        if (!v.isBoolean()) {
            throw new InvalidInputException(where + "/" + field + " must be true or false");
        }
        return v.booleanValue();
    }

    private static Double price(JsonNode node, String field, String where) {
        JsonNode v = present(node, field);
        if (v == null) {
            return null;
        }
        if (!v.isNumber() || v.doubleValue() < 0 || !Double.isFinite(v.doubleValue())) {
            throw new InvalidInputException(where + "/" + field + " must be a number >= 0 (USD per million tokens)");
        }
        return v.doubleValue();
    }

    private static LocalDate date(JsonNode node, String field, String where) {
        String s = text(node, field, where);
        if (s == null) {
            return null;
        }
        try {
            return LocalDate.parse(s);
        } catch (DateTimeParseException e) {
            throw new InvalidInputException(where + "/" + field + " must be an ISO date such as 2025-09-24");
        }
    }
}
