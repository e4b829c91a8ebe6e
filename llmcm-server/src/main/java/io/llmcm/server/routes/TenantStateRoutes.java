package io.llmcm.server.routes;

import io.javalin.http.Context;
import io.llmcm.core.LlmcmException;
import io.llmcm.core.audit.AuditEvent;
import io.llmcm.core.auth.Permission;
import io.llmcm.core.auth.Resource;
import io.llmcm.core.json.Json;
import io.llmcm.core.model.Tenant;
import io.llmcm.core.model.TenantQuota;
import io.llmcm.core.model.TenantState;
import io.llmcm.core.model.TenantUsage;
import io.llmcm.core.repo.CommitResult;
import io.llmcm.core.repo.Repository;
import io.llmcm.server.http.Access;
import io.llmcm.server.http.BadRequest;
import io.llmcm.server.http.Bodies;
import io.llmcm.server.http.Call;
import io.llmcm.server.http.Fields;
import io.llmcm.server.http.Guard;
import io.llmcm.server.http.Replies;
import io.llmcm.server.http.Routes;
import tools.jackson.databind.node.ObjectNode;

/**
 * A tenant's state (active, suspended, archived) and quota. Changing either needs
 * {@code tenant:admin} on the parent tenant: a tenant's own admins can read them but cannot lift
 * their own suspension or raise their own quota.
 */
public final class TenantStateRoutes {
    private final Repository repo;
    private final Access access;

    public TenantStateRoutes(Repository repo, Access access) {
        this.repo = repo;
        this.access = access;
    }

    public void register(Routes routes) {
        routes.get("/v1/tenants/{tenant}/state", Guard.tenant(Resource.TENANT, Permission.READ), this::getState);
        routes.put("/v1/tenants/{tenant}/state", Guard.tenantVisible(Resource.TENANT, Permission.ADMIN), this::putState);
        routes.get("/v1/tenants/{tenant}/quota", Guard.tenant(Resource.TENANT, Permission.READ), this::getQuota);
        routes.put("/v1/tenants/{tenant}/quota", Guard.tenantVisible(Resource.TENANT, Permission.ADMIN), this::putQuota);
    }

    void getState(Context ctx, Call call) {
        ObjectNode o = Json.NODES.objectNode();
        o.put("tenant", call.tenant());
        o.put("state", repo.tenantState(call.tenant()).id());
        Replies.json(ctx, repo.revision(), o);
    }

    /** {@code {"state": "active" | "suspended" | "archived"}}. */
    void putState(Context ctx, Call call) {
        Fields body = Bodies.object(ctx);
        String text = body.requiredString("state");
        body.done();
        TenantState state;
        try {
            state = TenantState.parse(text);
        } catch (LlmcmException e) {
            throw new BadRequest("/state", e.getMessage());
        }
        requireParentAdmin(call);
        CommitResult r = repo.setTenantState(call.tenant(), state, call.author(), "set tenant " + call.tenant() + " " + state.id());
        repo.audit().record(AuditEvent.of(call.time(), call.author(), "tenant.state", call.tenant(), call.tenant(), "allowed", state.id()));
        Writes.answer(ctx, r);
    }

    void getQuota(Context ctx, Call call) {
        Replies.json(ctx, repo.revision(), quota(repo.tenantQuota(call.tenant()), repo.tenantUsage(call.tenant())));
    }

    /**
     * {@code {"maxKeys", "maxBytes", "requestsPerSecond", "maxWatches"}}, 0 for unlimited; fields
     * left out keep their values.
     */
    void putQuota(Context ctx, Call call) {
        Fields body = Bodies.object(ctx);
        TenantQuota q = repo.tenantQuota(call.tenant());
        if (body.has("maxKeys")) {
            q = q.withMaxKeys(body.number("maxKeys", 0));
        }
        if (body.has("maxBytes")) {
            q = q.withMaxBytes(body.number("maxBytes", 0));
        }
        if (body.has("requestsPerSecond")) {
            var v = body.raw("requestsPerSecond");
            if (!v.isNumber() || v.doubleValue() < 0 || !Double.isFinite(v.doubleValue())) {
                throw new BadRequest("/requestsPerSecond", "'requestsPerSecond' must be a number ≥ 0 (0: unlimited)");
            }
            q = q.withRequestsPerSecond(v.doubleValue());
        }
        if (body.has("maxWatches")) {
            long n = body.number("maxWatches", 0);
            if (n > Integer.MAX_VALUE) {
                throw new BadRequest("/maxWatches", "'maxWatches' is too large");
            }
            q = q.withMaxWatches((int) n);
        }
        body.done();
        requireParentAdmin(call);
        CommitResult r = repo.setTenantQuota(call.tenant(), q, call.author(), "set quota of tenant " + call.tenant());
        repo.audit().record(AuditEvent.of(call.time(), call.author(), "tenant.quota", call.tenant(), call.tenant(), "allowed",
                "maxKeys=" + q.maxKeys() + " maxBytes=" + q.maxBytes() + " requestsPerSecond=" + q.requestsPerSecond() + " maxWatches=" + q.maxWatches()));
        Writes.answer(ctx, r);
    }

    private void requireParentAdmin(Call call) {
        if (call.tenant().equals(Tenant.GLOBAL)) {
            throw new BadRequest("path:tenant", "the root tenant 'global' has no parent; its state and quota do not change");
        }
        String parent = repo.tenant(call.tenant()).parent();
        access.require(call.in(parent), Resource.TENANT, Permission.ADMIN, "", "");
    }

    private static ObjectNode quota(TenantQuota q, TenantUsage u) {
        ObjectNode o = Json.NODES.objectNode();
        o.put("maxKeys", q.maxKeys());
        o.put("maxBytes", q.maxBytes());
        o.put("requestsPerSecond", q.requestsPerSecond());
        o.put("maxWatches", q.maxWatches());
        ObjectNode usage = o.putObject("usage");
        usage.put("keys", u.keys());
        usage.put("bytes", u.bytes());
        return o;
    }
}
