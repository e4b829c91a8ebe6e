package io.llmcm.core.llm.template;

import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * An instantiation: which template, into which tenant and environment, with which values.
 *
 * @param template NAME, TENANT:NAME or builtin/NAME
 * @param variables typed values (a request body, a vars file)
 * @param textVariables values given as text ({@code --var k=v}, the process environment), each
 *     converted to its declared type; a typed value of the same name wins
 * @param message the commit message; "" for {@code instantiate template NAME VERSION}
 */
public record InstantiateRequest(String tenant, String env, String template, Map<String, JsonNode> variables, Map<String, String> textVariables,
        boolean dryRun, String author, String message) {
    public InstantiateRequest {
        variables = Map.copyOf(variables);
        textVariables = Map.copyOf(textVariables);
        message = message == null ? "" : message;
    }
}
