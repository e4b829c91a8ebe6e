package io.llmcm.client;

import java.util.Optional;

/**
 * The application's own check of a new configuration before a view serves it: a model id it does
 * not know, a token limit its code refuses. A rejected snapshot is not served — readers keep the
 * last accepted one — and the rejection is reported to the server, where a rollback rule may
 * revert the change (docs/watch.md).
 */
@FunctionalInterface
public interface Validator {
    /** Accepts every snapshot. */
    Validator ACCEPT_ALL = candidate -> Optional.empty();

    /**
     * Why the application refuses {@code candidate}, or empty to accept it. Called on the view's
     * thread before the swap; an exception it throws rejects the snapshot (its class and message
     * are the reason).
     */
    Optional<String> problem(Snapshot candidate);
}
