package io.llmcm.core.validation;

import io.llmcm.core.Violation;
import io.llmcm.core.json.Json;
import io.llmcm.core.model.Rule;
import io.llmcm.core.model.SchemaBinding;
import io.llmcm.core.model.Value;
import java.util.List;
import tools.jackson.databind.JsonNode;

/** Small builders shared by the validation tests. */
final class Fixtures {
    private Fixtures() {}

    static JsonNode json(String text) {
        return Json.parse(text);
    }

    static SchemaBinding binding(String schemaJson, Rule... rules) {
        return new SchemaBinding("acme", "presets", "models/**", schemaJson == null ? null : Value.of(json(schemaJson)), List.of(rules));
    }

    static CompiledSchema compile(String schemaJson, Rule... rules) {
        return CompiledSchema.compile(binding(schemaJson, rules));
    }

    static Rule rule(String expression) {
        return new Rule(expression, "", "");
    }

    static Rule rule(String expression, String message, String pointer) {
        return new Rule(expression, message, pointer);
    }

    /** "pointer: message" lines, the form most assertions compare. */
    static List<String> lines(List<Violation> violations) {
        return violations.stream().map(v -> v.pointer() + ": " + v.message()).toList();
    }

    /** The preset schema from the product's own example. */
    static final String MODEL_PRESET = """
            {"type": "object",
             "required": ["model"],
             "properties": {
               "model": {"type": "string", "minLength": 1},
               "temperature": {"type": "number", "minimum": 0, "maximum": 2},
               "max_tokens": {"type": "integer", "minimum": 1},
               "context_window": {"type": "integer"}
             }}""";

    static final Rule MAX_TOKENS_RULE =
            new Rule("self.max_tokens <= self.context_window", "max_tokens must not exceed context_window", "/max_tokens");
}
