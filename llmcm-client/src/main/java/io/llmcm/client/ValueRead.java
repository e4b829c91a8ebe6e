package io.llmcm.client;

import java.util.List;

/**
 * The answer of a direct read ({@link LlmcmClient#read}): the value and the store revision the
 * answer is true at (never older than the {@code minRevision} asked for).
 *
 * @param revision the revision the server answered at
 * @param value the effective value
 * @param rules the targeting rules that fired (a read with a context), lowest layer first; empty
 *     otherwise
 */
public record ValueRead(long revision, ConfigValue value, List<FiredRule> rules) {
    public ValueRead {
        rules = List.copyOf(rules);
    }

    /** A read without a context: no rule fired. */
    public ValueRead(long revision, ConfigValue value) {
        this(revision, value, List.of());
    }
}
