package io.llmcm.core.model;

/**
 * A tenant. The root tenant {@code global} has no parent and holds shared defaults; every other
 * tenant has exactly one parent, fixed at creation.
 *
 * @param name tenant name
 * @param parent parent tenant, null only for {@code global}
 */
public record Tenant(String name, String parent) {
    public static final String GLOBAL = "global";

    public Tenant {
        Names.tenant(name);
        if (name.equals(GLOBAL)) {
            if (parent != null) {
                throw new io.llmcm.core.InvalidInputException("the root tenant 'global' has no parent");
            }
        } else if (parent == null) {
            throw new io.llmcm.core.InvalidInputException("tenant '" + name + "' needs a parent (global, or another tenant)");
        } else {
            Names.tenant(parent);
        }
    }
}
