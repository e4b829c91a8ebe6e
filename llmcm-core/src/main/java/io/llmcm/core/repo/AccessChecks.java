package io.llmcm.core.repo;

import io.llmcm.core.ConflictException;
import io.llmcm.core.InvalidInputException;
import io.llmcm.core.NotFoundException;
import io.llmcm.core.auth.ApiKey;
import io.llmcm.core.auth.Binding;
import io.llmcm.core.auth.BuiltInRoles;
import io.llmcm.core.auth.Condition;
import io.llmcm.core.auth.Role;
import io.llmcm.core.model.Mutation;
import java.util.Map;

/**
 * The planner's checks of roles, bindings and API keys: data integrity only (names exist and are
 * unique, a binding's role resolves, its condition compiles). Who may make such a change is the
 * authorizer's business, asked by the caller before it commits.
 */
final class AccessChecks {
    private AccessChecks() {}

    static void check(Catalog c, Mutation m) {
        switch (m) {
            case Mutation.PutRole(Role r) -> {
                owner(c, r.tenant());
                if (BuiltInRoles.isBuiltIn(r.name())) {
                    throw new ConflictException("'" + r.name() + "' is a built-in role and cannot be redefined; choose another name");
                }
            }
            case Mutation.DeleteRole(String tenant, String name) -> {
                Map<String, Role> own = c.roles.get(tenant);
                if (own == null || !own.containsKey(name)) {
                    throw new NotFoundException("no role '" + name + "' " + where(tenant));
                }
                Role doomed = own.get(name);
                for (Map<String, Binding> bs : c.bindings.values()) {
                    for (Binding b : bs.values()) {
                        if (c.resolveRole(b.tenant(), b.role()) == doomed) {
                            throw new ConflictException("role '" + name + "' is used by binding " + b.label()
                                    + "; delete or change the binding first");
                        }
                    }
                }
            }
            case Mutation.PutBinding(Binding b) -> checkBinding(c, b);
            case Mutation.DeleteBinding(String tenant, String id) -> {
                Map<String, Binding> own = c.bindings.get(tenant);
                if (own == null || !own.containsKey(id)) {
                    throw new NotFoundException("no binding '" + id + "' " + where(tenant));
                }
            }
            case Mutation.PutApiKey(ApiKey k) -> {
                owner(c, k.tenant());
                if (c.apiKeys.containsKey(k.id())) {
                    throw new ConflictException("API key id '" + k.id() + "' is taken");
                }
            }
            case Mutation.RevokeApiKey(String tenant, String id, java.time.Instant at) -> {
                ApiKey k = c.apiKeys.get(id);
                if (k == null || !k.tenant().equals(tenant)) {
                    throw new NotFoundException("no API key '" + id + "' " + where(tenant));
                }
                if (k.revoked() != null) {
                    throw new ConflictException("API key '" + id + "' was already revoked at " + k.revoked());
                }
            }
            default -> throw new IllegalStateException("not an access-control mutation: " + m.getClass().getSimpleName());
        }
    }

    private static void checkBinding(Catalog c, Binding b) {
        owner(c, b.tenant());
        if (c.resolveRole(b.tenant(), b.role()) == null) {
            throw new NotFoundException("no role '" + b.role() + "' for a binding " + where(b.tenant())
                    + " (built-in roles: " + String.join(", ", BuiltInRoles.all().stream().map(Role::name).toList()) + ")");
        }
        if (b.role().equals(BuiltInRoles.GLOBAL_ADMIN) && !b.tenant().isEmpty()) {
            throw new InvalidInputException("global-admin is bound store-wide only (tenant \"\"); in a tenant bind tenant-admin");
        }
        if (b.role().equals(BuiltInRoles.TENANT_ADMIN) && b.tenant().isEmpty()) {
            throw new InvalidInputException("tenant-admin is bound in a tenant; store-wide, bind global-admin");
        }
        if (!b.scope().env().isEmpty()) {
            c.environment(b.scope().env());
        }
        Condition.compile(b.condition()); // a condition that does not compile fails the commit here
    }

    /** The owner of a role, binding or key: a tenant that exists, or the store (""). */
    private static void owner(Catalog c, String tenant) {
        if (!tenant.isEmpty()) {
            c.tenant(tenant);
        }
    }

    private static String where(String tenant) {
        return tenant.isEmpty() ? "in the store" : "in tenant '" + tenant + "'";
    }
}
