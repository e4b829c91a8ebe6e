package io.llmcm.core.llm.prompt;

import io.llmcm.core.repo.Scope;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * What a render asks for.
 *
 * @param path the prompt's key path, e.g. {@code prompts/support}
 * @param variables given values, typed (JSON)
 * @param variant an explicit variant name, or null
 * @param key a targeting key for sticky A/B assignment, or null
 * @param version an exact semantic version to render, or null for the current one
 */
public record RenderRequest(Scope scope, String path, Map<String, JsonNode> variables, String variant, String key, String version) {
    public RenderRequest {
        variables = Map.copyOf(variables);
        variant = blankToNull(variant);
        key = blankToNull(key);
        version = blankToNull(version);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
