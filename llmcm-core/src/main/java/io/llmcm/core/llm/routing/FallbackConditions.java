package io.llmcm.core.llm.routing;

import java.util.Set;

/**
 * When a route leaves a target for the next step of its chain (after the retries).
 *
 * @param errors the error classes that fall back; other errors are returned to the caller
 * @param latencyMsAbove fall back when a target has not answered after this many milliseconds, 0
 *     for no latency condition
 */
public record FallbackConditions(Set<ErrorClass> errors, long latencyMsAbove) {
    /** A route without {@code fallback_on}: fall back on the transient failures, no latency condition. */
    public static final FallbackConditions DEFAULT = new FallbackConditions(RetryPolicy.DEFAULT_ON, 0);

    public FallbackConditions {
        errors = Sets.sorted(errors);
    }
}
