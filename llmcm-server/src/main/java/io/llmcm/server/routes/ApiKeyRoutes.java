package io.llmcm.server.routes;

import io.javalin.http.Context;
import io.llmcm.core.auth.ApiKey;
import io.llmcm.core.auth.ApiKeys;
import io.llmcm.core.auth.BindingScope;
import io.llmcm.core.auth.IssuedKey;
import io.llmcm.core.auth.Permission;
import io.llmcm.core.auth.Resource;
import io.llmcm.core.auth.Role;
import io.llmcm.core.json.Json;
import io.llmcm.core.model.Names;
import io.llmcm.core.repo.Repository;
import io.llmcm.server.http.Access;
import io.llmcm.server.http.Bodies;
import io.llmcm.server.http.Call;
import io.llmcm.server.http.Fields;
import io.llmcm.server.http.Guard;
import io.llmcm.server.http.Params;
import io.llmcm.server.http.Replies;
import io.llmcm.server.http.Routes;
import java.time.Instant;
import java.util.Comparator;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * API keys of a tenant ({@code /v1/tenants/{tenant}/api-keys}) and of the whole store ({@code
 * /v1/api-keys}, tenant ""). Listing needs {@code policy:read}; issuing and revoking, which make
 * and end credentials, {@code policy:admin} — of the built-in roles, global-admin (store-wide) and
 * tenant-admin (its subtree).
 *
 * <p>An issued key is shown once, in the answer to the POST ({@code Cache-Control: no-store}); the
 * store keeps its hash only, and no list, log or audit record ever holds it. A key issued with a
 * {@code role} is bound to it in the same commit (binding {@code key-<id>}), under the
 * no-escalation rule of {@link PolicyRoutes}. Issuing and revoking are audited ({@code
 * apikey.issue}, {@code apikey.revoke}) by key id.
 */
public final class ApiKeyRoutes {
    private final Repository repo;
    private final ApiKeys apiKeys;
    private final Admin admin;

    public ApiKeyRoutes(Repository repo, Access access, ApiKeys apiKeys) {
        this.repo = repo;
        this.apiKeys = apiKeys;
        this.admin = new Admin(repo, access);
    }

    public void register(Routes routes) {
        routes.get("/v1/tenants/{tenant}/api-keys", Guard.tenant(Resource.POLICY, Permission.READ), this::list);
        routes.post("/v1/tenants/{tenant}/api-keys", Guard.tenant(Resource.POLICY, Permission.ADMIN), this::issue);
        routes.delete("/v1/tenants/{tenant}/api-keys/{id}", Guard.tenant(Resource.POLICY, Permission.ADMIN), this::revoke);
        routes.get("/v1/api-keys", Guard.store(Resource.POLICY, Permission.READ), this::list);
        routes.post("/v1/api-keys", Guard.store(Resource.POLICY, Permission.ADMIN), this::issue);
        routes.delete("/v1/api-keys/{id}", Guard.store(Resource.POLICY, Permission.ADMIN), this::revoke);
    }

    /** The owner's keys, revoked ones included; never a secret (the store has none to show). */
    void list(Context ctx, Call call) {
        ObjectNode o = Json.NODES.objectNode();
        ArrayNode items = o.putArray("items");
        repo.apiKeys(call.tenant()).stream().sorted(Comparator.comparing(ApiKey::created).thenComparing(ApiKey::id))
                .forEach(k -> items.add(view(k, call.time())));
        Replies.json(ctx, repo.revision(), o);
    }

    /**
     * {@code {"name", "expires": "2027-01-01T00:00:00Z", "role": "viewer", "scope":
     * {"includeChildTenants", "pathPrefix", "env"}}}: answers 201 with the key in {@code key}.
     */
    void issue(Context ctx, Call call) {
        Fields body = Bodies.object(ctx);
        String name = body.requiredString("name");
        Instant expires = Admin.instant(body.string("expires", null), "expires");
        String roleName = body.string("role", null);
        BindingScope scope = body.has("scope") ? PolicyRoutes.scope(body, "scope") : null;
        body.done();
        Params.checked("/name", () -> Names.keyName(name));
        if (expires != null && !expires.isAfter(call.time())) {
            throw new io.llmcm.server.http.BadRequest("/expires", "'expires' " + expires + " is not in the future");
        }
        if (scope != null && roleName == null) {
            throw new io.llmcm.server.http.BadRequest("/scope", "'scope' says where 'role' applies; give a role too");
        }
        if (roleName != null) {
            Params.checked("/role", () -> Names.role(roleName));
            Role role = admin.role(call, roleName);
            admin.mayGrant(call, "role '" + roleName + "'", role.grants(), scope != null && scope.includeChildTenants());
        }
        IssuedKey issued = apiKeys.issue(call.tenant(), name, expires, call.author(), roleName, scope);
        admin.audit(call, "apikey.issue", issued.key().id(), "name " + name + (roleName == null ? "" : ", role " + roleName));
        ObjectNode o = view(issued.key(), call.time());
        o.put("key", issued.secret());
        if (roleName != null) {
            o.put("role", roleName);
            o.put("binding", ApiKeys.bindingId(issued.key().id()));
        }
        o.put("revision", repo.revision());
        ctx.status(201);
        ctx.header("Cache-Control", "no-store");
        Replies.json(ctx, repo.revision(), o);
    }

    /** Revokes from now on: the key, and every service token issued for it, stop working at once. */
    void revoke(Context ctx, Call call) {
        String id = Admin.name(ctx, "id", ApiKey::checkId);
        apiKeys.revoke(call.tenant(), id, call.author());
        admin.audit(call, "apikey.revoke", id, "");
        ObjectNode o = Json.NODES.objectNode().put("revoked", id).put("revision", repo.revision());
        Replies.json(ctx, repo.revision(), o);
    }

    static ObjectNode view(ApiKey k, Instant now) {
        ObjectNode o = Json.NODES.objectNode()
                .put("id", k.id())
                .put("name", k.name())
                .put("tenant", k.tenant())
                .put("created", k.created().toString());
        if (k.expires() != null) {
            o.put("expires", k.expires().toString());
        }
        if (k.revoked() != null) {
            o.put("revoked", k.revoked().toString());
        }
        o.put("active", k.isActive(now));
        return o;
    }
}
