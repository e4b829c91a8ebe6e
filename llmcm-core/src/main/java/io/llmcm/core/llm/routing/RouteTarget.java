package io.llmcm.core.llm.routing;

import java.util.Objects;

/**
 * One weighted target of a route.
 *
 * @param deployment the path of a deployment entry in the same scope, e.g. {@code models/openai/gpt-4o}
 * @param weight relative weight, ≥ 0; when a route gives no weights at all every target has 1
 */
public record RouteTarget(String deployment, int weight) {
    public RouteTarget {
        Objects.requireNonNull(deployment, "deployment");
        if (weight < 0) {
            throw new IllegalArgumentException("weight must be >= 0");
        }
    }
}
