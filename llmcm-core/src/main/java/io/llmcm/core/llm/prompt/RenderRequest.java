package io.llmcm.core.llm.prompt;

import io.llmcm.core.repo.Scope;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * What a render asks for.
 *
 * @param path the prompt's key path, e.g. {@code prompts/support}
 * @param variables given values, typed (JSON)
 * @param textVariables values given as text (a command line's {@code --var k=v}), each converted
 *     to its declared type; a typed value of the same name wins
 * @param variant an explicit variant name, or null
 * @param key a targeting key for sticky A/B assignment, or null
 * @param version an exact semantic version to render, or null for the current one
 */
public record RenderRequest(Scope scope, String path, Map<String, JsonNode> variables, Map<String, String> textVariables, String variant, String key,
        String version) {
    public RenderRequest {
        variables = Map.copyOf(variables);
        textVariables = Map.copyOf(textVariables);
        variant = blankToNull(variant);
        key = blankToNull(key);
        version = blankToNull(version);
    }

    /** A request with typed values only. */
    public RenderRequest(Scope scope, String path, Map<String, JsonNode> variables, String variant, String key, String version) {
        this(scope, path, variables, Map.of(), variant, key, version);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
