package io.llmcm.core.repo;

import java.util.List;

/**
 * An effective value read with a targeting context, and the rules that made it.
 *
 * @param value the value (never holding {@code $targeting})
 * @param rules the rules that fired, lowest layer first; empty when none did
 */
public record Targeted(Resolved value, List<FiredRule> rules) {
    public Targeted {
        rules = List.copyOf(rules);
    }
}
