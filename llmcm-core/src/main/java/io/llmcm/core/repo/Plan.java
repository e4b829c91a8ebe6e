package io.llmcm.core.repo;

import io.llmcm.core.Violation;
import io.llmcm.core.model.Mutation;
import java.util.List;
import java.util.Set;

/**
 * A checked change, ready to be stored: the mutations that really change something, the catalog
 * they lead to, what validation found, and what it adds to the usage of tenants with a quota.
 */
record Plan(
        List<Mutation> mutations,
        Catalog catalog,
        List<Violation> violations,
        List<ValidationReport.Preview> previews,
        Set<String> paths,
        java.util.Map<String, io.llmcm.core.model.TenantUsage> usageDeltas) {
    boolean isNoop() {
        return mutations.isEmpty();
    }
}
