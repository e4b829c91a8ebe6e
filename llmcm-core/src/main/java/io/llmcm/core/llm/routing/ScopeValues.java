package io.llmcm.core.llm.routing;

import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * The effective values of one scope at one revision, as {@link RouteResolver} reads them. Values
 * are returned as stored, references unresolved: a deployment's {@code api_key} stays {@code
 * ${secret:…}}, never the secret.
 */
public interface ScopeValues {
    /** The scope, e.g. {@code acme:prod} or {@code acme:prod:chat}. */
    String scope();

    /** The revision every read answers at. */
    long revision();

    /** The effective value of a path; empty when absent. */
    Optional<Entry> read(String path);

    /**
     * One effective value.
     *
     * @param value the merged value, null when the path holds a secret
     * @param from the highest layer that contributed, e.g. {@code acme:prod}
     * @param modRevision the newest revision merged into it
     */
    record Entry(JsonNode value, String from, long modRevision) {}
}
