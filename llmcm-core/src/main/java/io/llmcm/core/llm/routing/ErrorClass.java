package io.llmcm.core.llm.routing;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The closed set of failure classes a route's {@code retry.on} and {@code fallback_on.errors}
 * name. A gateway maps each provider's errors onto these; the set is closed so that a typo in a
 * route ({@code rate_limted}) is refused instead of silently never matching.
 */
public enum ErrorClass {
    /** HTTP 429 or a provider's quota/throttling error. */
    RATE_LIMIT,
    /** No answer within the route's {@code timeout_ms} (or the client's own deadline). */
    TIMEOUT,
    /** The connection failed: refused, reset, DNS or TLS failure, before any answer. */
    CONNECTION_ERROR,
    /** HTTP 5xx, including overloaded answers (Anthropic 529, 503). */
    SERVER_ERROR,
    /** The prompt plus max tokens exceed the model's context window. */
    CONTEXT_LENGTH_EXCEEDED,
    /** The provider's safety filter refused the prompt or the completion. */
    CONTENT_FILTER,
    /** HTTP 401/403: a wrong, expired or unauthorized credential. */
    AUTH_ERROR,
    /** HTTP 400 other than the two above: the request itself is malformed for this provider. */
    INVALID_REQUEST;

    /** The name used in route documents, e.g. {@code rate_limit}. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The class with that document name, empty when there is none (names are case-sensitive). */
    public static Optional<ErrorClass> of(String wire) {
        for (ErrorClass c : values()) {
            if (c.wire().equals(wire)) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }

    /** Every document name, comma-separated, for messages. */
    public static String names() {
        return Arrays.stream(values()).map(ErrorClass::wire).collect(Collectors.joining(", "));
    }
}
