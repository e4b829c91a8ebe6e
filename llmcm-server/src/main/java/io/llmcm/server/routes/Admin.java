package io.llmcm.server.routes;

import io.javalin.http.Context;
import io.llmcm.core.NotFoundException;
import io.llmcm.core.audit.AuditEvent;
import io.llmcm.core.auth.Grant;
import io.llmcm.core.auth.Role;
import io.llmcm.core.repo.Repository;
import io.llmcm.server.http.Access;
import io.llmcm.server.http.BadRequest;
import io.llmcm.server.http.Call;
import io.llmcm.server.http.Params;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Collection;
import java.util.function.UnaryOperator;

/**
 * What the administrative routes share: the audit record of an administrative change (never a
 * secret in it), the no-escalation check, and path parameters checked by the model's rules.
 */
final class Admin {
    private final Repository repo;
    private final Access access;

    Admin(Repository repo, Access access) {
        this.repo = repo;
        this.access = access;
    }

    /**
     * Records an administrative change in the audit log, next to the commit that made it.
     *
     * @param target the object changed (a role name, a binding id, a key id); never a secret
     */
    void audit(Call call, String action, String target, String detail) {
        repo.audit().record(AuditEvent.of(call.time(), call.author(), action, call.tenant(), target, "allowed", detail));
    }

    /**
     * No escalation: a caller may define or grant a role only when it holds every grant of that
     * role itself, in the tenant acted in — and, for a binding that reaches child tenants, in every
     * tenant below it too. So {@code policy:write} alone never leads to more.
     *
     * @param subtree the binding applies to the tenant's descendants as well
     * @throws Access.Refused 403 naming the first grant the caller lacks (that decision is audited)
     */
    void mayGrant(Call call, String what, Collection<Grant> grants, boolean subtree) {
        java.util.List<String> tenants = new java.util.ArrayList<>();
        tenants.add(call.tenant());
        if (subtree) {
            for (io.llmcm.core.model.Tenant t : repo.tenants()) {
                if (!t.name().equals(call.tenant()) && (call.tenant().isEmpty() || repo.tenantChain(t.name()).contains(call.tenant()))) {
                    tenants.add(t.name());
                }
            }
        }
        for (String tenant : tenants) {
            Call in = call.in(tenant);
            for (Grant g : grants) {
                if (!access.allows(in, g.resource(), g.permission(), "", "")) {
                    access.decide(in, g.resource(), g.permission(), "", ""); // audits the denial
                    throw new Access.Refused(403, "not allowed to grant " + what + ": it grants " + g
                            + ", which the caller does not hold" + (tenant.isEmpty() ? " store-wide" : " in tenant '" + tenant + "'"));
                }
            }
        }
    }

    /** The role a binding in the call's tenant would mean by {@code name}; 404 when none. */
    Role role(Call call, String name) {
        return repo.roleFor(call.tenant(), name).orElseThrow(() -> new NotFoundException("no role '" + name + "' "
                + (call.tenant().isEmpty() ? "in the store" : "for tenant '" + call.tenant() + "'") + " (neither built-in nor custom)"));
    }

    /** A path parameter checked by one of the model's name rules ({@code Names::role}, …). */
    static String name(Context ctx, String param, UnaryOperator<String> rule) {
        String v = ctx.pathParam(param);
        Params.checked("path:" + param, () -> rule.apply(v));
        return v;
    }

    /** An instant like {@code 2026-12-31T00:00:00Z}, or null when absent. */
    static Instant instant(String text, String field) {
        if (text == null) {
            return null;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new BadRequest("/" + field, "'" + field + "' must be an instant like 2026-12-31T00:00:00Z");
        }
    }
}
