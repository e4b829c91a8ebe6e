package io.llmcm.core.llm.routing;

import java.util.List;
import java.util.Set;

/**
 * How often a request to one target is retried before the route moves on.
 *
 * @param attempts retries after the first try, 0–10 (0: no retry)
 * @param backoffMs the first wait, doubled on each retry
 * @param maxBackoffMs the longest wait
 * @param on the error classes that are retried; others move on at once
 */
public record RetryPolicy(int attempts, long backoffMs, long maxBackoffMs, Set<ErrorClass> on) {
    /** Largest number of retries a route may ask for. */
    public static final int MAX_ATTEMPTS = 10;

    /** Retried when {@code retry.on} is not given: the transient failures. */
    public static final Set<ErrorClass> DEFAULT_ON =
            Set.copyOf(List.of(ErrorClass.RATE_LIMIT, ErrorClass.TIMEOUT, ErrorClass.CONNECTION_ERROR, ErrorClass.SERVER_ERROR));

    public static final long DEFAULT_BACKOFF_MS = 200;
    public static final long DEFAULT_MAX_BACKOFF_MS = 2000;

    /** A route without {@code retry}: no retries. */
    public static final RetryPolicy NONE = new RetryPolicy(0, DEFAULT_BACKOFF_MS, DEFAULT_MAX_BACKOFF_MS, DEFAULT_ON);

    public RetryPolicy {
        on = Sets.sorted(on);
    }
}
