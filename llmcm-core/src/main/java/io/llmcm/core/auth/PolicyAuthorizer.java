package io.llmcm.core.auth;

import io.llmcm.core.model.Names;
import io.llmcm.core.repo.Caller;
import io.llmcm.core.repo.Repository;
import java.time.Instant;
import java.util.Objects;

/**
 * Role-based access with scopes and conditions, over the repository's current catalog. Deny by
 * default: a request is allowed when some binding
 *
 * <ol>
 *   <li>names the principal ({@code id}) or one of its groups ({@code group:<name>}),
 *   <li>has a role that grants the request's resource and permission ({@link BuiltInRoles}),
 *   <li>covers the request's tenant (its own tenant, or with {@code includeChildTenants} any
 *       tenant below it; a store-wide binding covers all, including store-wide requests), path
 *       and environment ({@link BindingScope}),
 *   <li>and whose condition holds ({@link Condition}).
 * </ol>
 *
 * Before any binding, the principal's own tenant confines it: a credential of tenant T never acts
 * outside T and the tenants below it (nor store-wide), whatever the bindings say. The bootstrap
 * principal ({@link Authentication#BOOTSTRAP}) is a global-admin by rule.
 *
 * <p>Decisions read the repository's catalog revision each time (a volatile read) and rebuild an
 * index of the bindings when it moved, so a change to roles or bindings applies to the next
 * request; between changes a decision costs a few hash lookups (plus the condition, if any).
 * Thread-safe.
 */
public final class PolicyAuthorizer implements Authorizer {
    private final Repository repo;
    private volatile PolicyIndex index;

    public PolicyAuthorizer(Repository repo) {
        this.repo = Objects.requireNonNull(repo, "repo");
    }

    @Override
    public Decision decide(AccessRequest r) {
        Principal p = r.principal();
        if (p.id().equals(Authentication.BOOTSTRAP.id())) {
            return Decision.allow("the bootstrap token is a global-admin");
        }
        String confined = confinement(p, r.tenant());
        if (confined != null) {
            return Decision.deny(confined);
        }
        PolicyIndex idx = index();
        Grant wanted = new Grant(r.resource(), r.permission());
        long bit = wanted.bit();
        for (PolicyIndex.Rule rule : idx.candidates(p)) {
            Binding b = rule.binding();
            if ((rule.grants() & bit) != 0
                    && idx.coversTenant(b, r.tenant())
                    && coversPath(b, r.path())
                    && coversEnv(idx, b, r.env())
                    && rule.condition().holds(r)) {
                return Decision.allow("binding " + b.label() + " (role " + rule.role() + ") allows " + wanted);
            }
        }
        return Decision.deny("no binding allows " + wanted + " to " + p.id() + where(r));
    }

    /**
     * True when the principal has any permission at all in the tenant — the server answers 404
     * rather than 403 for a tenant the caller may not see. Paths, environments and conditions are
     * not considered: a binding limited to one path still shows its tenant.
     */
    public boolean canSeeTenant(Principal p, String tenant) {
        if (p.id().equals(Authentication.BOOTSTRAP.id())) {
            return true;
        }
        if (confinement(p, tenant) != null) {
            return false;
        }
        PolicyIndex idx = index();
        for (PolicyIndex.Rule rule : idx.candidates(p)) {
            if (rule.grants() != 0 && idx.coversTenant(rule.binding(), tenant)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The repository's view of a caller (for reveals and references, which the engine checks per
     * target): {@code config:read} to read a path, {@code secret:read} to see a plaintext, asked in
     * the request's environment, from its address, at its time.
     */
    public Caller caller(Principal p, String env, String sourceIp, Instant time) {
        return new Caller(p.id(), new Caller.Access() {
            @Override
            public boolean mayRead(String tenant, String path) {
                return decide(new AccessRequest(p, Permission.READ, Resource.CONFIG, tenant, path, env, time, sourceIp)).allowed();
            }

            @Override
            public boolean mayReveal(String tenant, String path) {
                return decide(new AccessRequest(p, Permission.READ, Resource.SECRET, tenant, path, env, time, sourceIp)).allowed();
            }
        });
    }

    /** Why the principal's own tenant rules the request out; null when it does not. */
    private String confinement(Principal p, String tenant) {
        if (p.tenant().isEmpty()) {
            return null;
        }
        if (tenant.isEmpty()) {
            return p.id() + " belongs to tenant " + p.tenant() + " and cannot act store-wide";
        }
        if (!index().isWithin(tenant, p.tenant())) {
            return p.id() + " belongs to tenant " + p.tenant() + " and cannot act in tenant " + tenant;
        }
        return null;
    }

    private static boolean coversPath(Binding b, String path) {
        String prefix = b.scope().pathPrefix();
        return prefix.isEmpty() || (!path.isEmpty() && Names.isUnder(path, prefix));
    }

    private static boolean coversEnv(PolicyIndex idx, Binding b, String env) {
        String scope = b.scope().env();
        return scope.isEmpty() || (!env.isEmpty() && idx.isEnvWithin(env, scope));
    }

    private PolicyIndex index() {
        PolicyIndex i = index;
        long current = repo.catalogRevision();
        if (i == null || i.revision != current) {
            synchronized (this) {
                i = index;
                if (i == null || i.revision != repo.catalogRevision()) {
                    i = PolicyIndex.build(repo);
                    index = i;
                }
            }
        }
        return i;
    }

    private static String where(AccessRequest r) {
        StringBuilder sb = new StringBuilder(r.tenant().isEmpty() ? " store-wide" : " in tenant " + r.tenant());
        if (!r.path().isEmpty()) {
            sb.append(" at ").append(r.path());
        }
        if (!r.env().isEmpty()) {
            sb.append(" in env ").append(r.env());
        }
        return sb.toString();
    }
}
