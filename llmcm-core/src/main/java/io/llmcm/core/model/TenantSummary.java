package io.llmcm.core.model;

import java.util.Objects;

/**
 * A tenant with its lifecycle state, quota and current usage: one line of a tenant listing.
 * {@link Tenant} itself stays the immutable (name, parent) pair of the hierarchy.
 */
public record TenantSummary(Tenant tenant, TenantState state, TenantQuota quota, TenantUsage usage) {
    public TenantSummary {
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(quota, "quota");
        Objects.requireNonNull(usage, "usage");
    }

    public String name() {
        return tenant.name();
    }
}
