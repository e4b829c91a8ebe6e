package io.llmcm.core.model;

/**
 * A tenant. The root tenant {@code global} has no parent and holds shared defaults; every other
 * tenant has exactly one parent, fixed at creation, and so is its {@link TenantIsolation}.
 *
 * @param name tenant name
 * @param parent parent tenant, null only for {@code global}
 * @param isolation where its data is stored; {@code global} is always {@link TenantIsolation#SHARED}
 */
public record Tenant(String name, String parent, TenantIsolation isolation) {
    public static final String GLOBAL = "global";

    public Tenant {
        Names.tenant(name);
        if (isolation == null) {
            throw new io.llmcm.core.InvalidInputException("tenant '" + name + "' needs an isolation (shared or dedicated)");
        }
        if (name.equals(GLOBAL)) {
            if (parent != null) {
                throw new io.llmcm.core.InvalidInputException("the root tenant 'global' has no parent");
            }
            if (isolation != TenantIsolation.SHARED) {
                throw new io.llmcm.core.InvalidInputException("the root tenant 'global' is always shared (isolation 'shared')");
            }
        } else if (parent == null) {
            throw new io.llmcm.core.InvalidInputException("tenant '" + name + "' needs a parent (global, or another tenant)");
        } else {
            Names.tenant(parent);
        }
    }

    /** A tenant stored in the shared tables (the default isolation). */
    public Tenant(String name, String parent) {
        this(name, parent, TenantIsolation.SHARED);
    }

    /** True when its data lives in storage of its own ({@link TenantIsolation#DEDICATED}). */
    public boolean dedicated() {
        return isolation == TenantIsolation.DEDICATED;
    }
}
