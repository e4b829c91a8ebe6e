package io.llmcm.core.repo;

import io.llmcm.core.Violation;
import io.llmcm.core.model.Value;
import java.util.List;

/**
 * The outcome of a dry run: what the change would do to every affected effective value, and
 * whether it would be accepted.
 *
 * @param violations empty when the change would be accepted
 * @param previews the effective value of every affected (scope, path) after the change
 */
public record ValidationReport(List<Violation> violations, List<Preview> previews) {
    public boolean valid() {
        return violations.isEmpty();
    }

    /**
     * One affected effective value after the change; a secret shows masked.
     *
     * @param value null when the path would be absent in that scope
     * @param version the highest revision among the versions it is made of (the pending change
     *     counts as the next revision)
     */
    public record Preview(Scope scope, String path, Value value, long version) {}
}
