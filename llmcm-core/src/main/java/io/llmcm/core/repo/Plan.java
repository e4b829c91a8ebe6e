package io.llmcm.core.repo;

import io.llmcm.core.Violation;
import io.llmcm.core.model.Mutation;
import java.util.List;
import java.util.Set;

/**
 * A checked change, ready to be stored: the mutations that really change something, the catalog
 * they lead to, and what validation found.
 */
record Plan(
        List<Mutation> mutations,
        Catalog catalog,
        List<Violation> violations,
        List<ValidationReport.Preview> previews,
        Set<String> paths) {
    boolean isNoop() {
        return mutations.isEmpty();
    }
}
