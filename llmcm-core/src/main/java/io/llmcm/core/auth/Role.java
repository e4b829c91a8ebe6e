package io.llmcm.core.auth;

import io.llmcm.core.InvalidInputException;
import io.llmcm.core.model.Names;
import java.util.Collections;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * A named set of grants. The built-in roles ({@link BuiltInRoles}) are not stored; custom roles
 * are, per tenant. A binding names a role and finds it among the built-in roles, then in its own
 * tenant, then in that tenant's ancestors (nearest first), then store-wide.
 *
 * @param tenant the tenant that owns the role; "" for a store-wide role
 * @param name unique in its tenant; never a built-in role's name
 * @param grants what the role allows (sorted)
 */
public record Role(String tenant, String name, Set<Grant> grants) {
    public Role {
        tenant = Names.tenantOrStoreWide(Objects.requireNonNull(tenant, "tenant"));
        Names.role(name);
        Objects.requireNonNull(grants, "grants");
        if (grants.isEmpty()) {
            throw new InvalidInputException("role '" + name + "' grants nothing; give it at least one resource:permission");
        }
        grants = Collections.unmodifiableSortedSet(new TreeSet<>(grants));
    }

    /** True when the role grants this permission on this resource. */
    public boolean allows(Resource resource, Permission permission) {
        return grants.contains(new Grant(resource, permission));
    }

    /** The grants as bits ({@link Grant#bit()}), for fast checks. */
    long mask() {
        long m = 0;
        for (Grant g : grants) {
            m |= g.bit();
        }
        return m;
    }
}
