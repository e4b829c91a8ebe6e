package io.llmcm.server.routes;

import io.javalin.http.Context;
import io.llmcm.core.ConflictException;
import io.llmcm.core.LlmcmException;
import io.llmcm.core.NotFoundException;
import io.llmcm.core.auth.Binding;
import io.llmcm.core.auth.BindingScope;
import io.llmcm.core.auth.Grant;
import io.llmcm.core.auth.Permission;
import io.llmcm.core.auth.Resource;
import io.llmcm.core.auth.Role;
import io.llmcm.core.crypto.Tokens;
import io.llmcm.core.json.Json;
import io.llmcm.core.model.Mutation;
import io.llmcm.core.model.Names;
import io.llmcm.core.repo.CommitResult;
import io.llmcm.core.repo.Repository;
import io.llmcm.server.http.Access;
import io.llmcm.server.http.BadRequest;
import io.llmcm.server.http.Bodies;
import io.llmcm.server.http.Call;
import io.llmcm.server.http.Fields;
import io.llmcm.server.http.Guard;
import io.llmcm.server.http.Params;
import io.llmcm.server.http.Replies;
import io.llmcm.server.http.Routes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Custom roles and role bindings, per tenant ({@code /v1/tenants/{tenant}/roles}, {@code
 * …/bindings}) and store-wide ({@code /v1/roles}, {@code /v1/bindings}, tenant ""). Reading needs
 * {@code policy:read}, creating and replacing {@code policy:write}, deleting {@code
 * policy:delete} — in the tenant, or store-wide. Of the built-in roles only global-admin and
 * tenant-admin hold policy permissions.
 *
 * <p>No escalation: a role may only be defined, and bound, by a caller that holds every grant of
 * the role where it acts, so {@code policy:write} never yields more than the caller has. Every
 * change is committed (the log records it) and recorded in the audit log ({@code role.put},
 * {@code role.delete}, {@code binding.put}, {@code binding.delete}).
 */
public final class PolicyRoutes {
    private final Repository repo;
    private final Writes writes;
    private final Admin admin;

    public PolicyRoutes(Repository repo, Access access, Writes writes) {
        this.repo = repo;
        this.writes = writes;
        this.admin = new Admin(repo, access);
    }

    public void register(Routes routes) {
        for (boolean store : new boolean[] {false, true}) {
            String base = store ? "/v1" : "/v1/tenants/{tenant}";
            routes.get(base + "/roles", guard(store, Permission.READ), this::roles);
            routes.get(base + "/roles/{name}", guard(store, Permission.READ), this::role);
            routes.put(base + "/roles/{name}", guard(store, Permission.WRITE), this::putRole);
            routes.delete(base + "/roles/{name}", guard(store, Permission.DELETE), this::deleteRole);
            routes.get(base + "/bindings", guard(store, Permission.READ), this::bindings);
            routes.post(base + "/bindings", guard(store, Permission.WRITE), this::createBinding);
            routes.delete(base + "/bindings/{id}", guard(store, Permission.DELETE), this::deleteBinding);
        }
    }

    private static Guard guard(boolean store, Permission p) {
        return store ? Guard.store(Resource.POLICY, p) : Guard.tenant(Resource.POLICY, p);
    }

    // ---------------------------------------------------------------- roles

    /** The owner's custom roles; {@code builtIn=true} adds the built-in ones. */
    void roles(Context ctx, Call call) {
        ObjectNode o = Json.NODES.objectNode();
        ArrayNode items = o.putArray("items");
        if (Params.flag(ctx, "builtIn")) {
            io.llmcm.core.auth.BuiltInRoles.all().forEach(r -> items.add(view(r).put("builtIn", true)));
        }
        repo.roles(call.tenant()).stream().sorted(Comparator.comparing(Role::name)).forEach(r -> items.add(view(r)));
        Replies.json(ctx, repo.revision(), o);
    }

    /** A custom role of the owner, or a built-in one by its name. */
    void role(Context ctx, Call call) {
        String name = Admin.name(ctx, "name", Names::role);
        var builtIn = io.llmcm.core.auth.BuiltInRoles.get(name);
        if (builtIn.isPresent()) {
            Replies.json(ctx, repo.revision(), view(builtIn.get()).put("builtIn", true));
            return;
        }
        Role r = repo.roles(call.tenant()).stream().filter(x -> x.name().equals(name)).findFirst()
                .orElseThrow(() -> new NotFoundException("no role '" + name + "' " + where(call)));
        Replies.json(ctx, repo.revision(), view(r));
    }

    /** {@code {"grants": ["config:read", "secret:read"]}}: creates or replaces the role. */
    void putRole(Context ctx, Call call) {
        String name = Admin.name(ctx, "name", Names::role);
        Fields body = Bodies.object(ctx);
        JsonNode grantsNode = body.raw("grants");
        body.done();
        if (grantsNode == null || !grantsNode.isArray() || grantsNode.isEmpty()) {
            throw new BadRequest("/grants", "'grants' must be a non-empty array of \"resource:permission\", e.g. [\"config:read\"]");
        }
        List<Grant> grants = new ArrayList<>();
        int i = 0;
        for (JsonNode g : grantsNode.values()) {
            String at = "/grants/" + i++;
            if (!g.isString()) {
                throw new BadRequest(at, "each grant is a string \"resource:permission\", e.g. \"config:read\"");
            }
            try {
                grants.add(Grant.parse(g.stringValue()));
            } catch (LlmcmException e) {
                throw new BadRequest(at, e.getMessage());
            }
        }
        if (io.llmcm.core.auth.BuiltInRoles.isBuiltIn(name)) {
            throw new ConflictException("'" + name + "' is a built-in role and cannot be redefined; choose another name");
        }
        Role role = new Role(call.tenant(), name, Set.copyOf(grants));
        admin.mayGrant(call, "role '" + name + "'", role.grants(), false);
        boolean existed = repo.roles(call.tenant()).stream().anyMatch(r -> r.name().equals(name));
        CommitResult r = writes.commit(writes.request(ctx, call).add(new Mutation.PutRole(role)).build());
        admin.audit(call, "role.put", name, "grants " + role.grants());
        ctx.status(existed ? 200 : 201);
        Writes.answer(ctx, r);
    }

    void deleteRole(Context ctx, Call call) {
        String name = Admin.name(ctx, "name", Names::role);
        CommitResult r = writes.commit(writes.request(ctx, call).add(new Mutation.DeleteRole(call.tenant(), name)).build());
        admin.audit(call, "role.delete", name, "");
        Writes.answer(ctx, r);
    }

    // ---------------------------------------------------------------- bindings

    void bindings(Context ctx, Call call) {
        ObjectNode o = Json.NODES.objectNode();
        ArrayNode items = o.putArray("items");
        repo.bindings(call.tenant()).stream().sorted(Comparator.comparing(Binding::id)).forEach(b -> items.add(view(b)));
        Replies.json(ctx, repo.revision(), o);
    }

    /**
     * {@code {"id", "subject", "role", "scope": {"includeChildTenants", "pathPrefix", "env"},
     * "condition"}}; {@code id} is made up when absent; an existing id is a conflict.
     */
    void createBinding(Context ctx, Call call) {
        Fields body = Bodies.object(ctx);
        String id = body.string("id", null);
        String subject = body.requiredString("subject");
        String roleName = body.requiredString("role");
        BindingScope scope = scope(body, "scope");
        String condition = body.string("condition", "");
        body.done();
        if (id == null) {
            id = "b-" + Tokens.sha256Hex(Tokens.random(16)).substring(0, 16);
        }
        String bindingId = id;
        Params.checked("/id", () -> Names.binding(bindingId));
        Params.checked("/subject", () -> io.llmcm.core.auth.Subjects.check(subject));
        Params.checked("/role", () -> Names.role(roleName));
        Binding binding;
        try {
            binding = new Binding(call.tenant(), id, subject, roleName, scope, condition);
            io.llmcm.core.auth.Condition.compile(condition);
        } catch (LlmcmException e) {
            throw new BadRequest("/condition", e.getMessage());
        }
        if (repo.bindings(call.tenant()).stream().anyMatch(b -> b.id().equals(bindingId))) {
            throw new ConflictException("binding '" + id + "' already exists " + where(call) + "; delete it first or choose another id");
        }
        Role role = admin.role(call, roleName);
        admin.mayGrant(call, "role '" + roleName + "'", role.grants(), scope.includeChildTenants());
        CommitResult r = writes.commit(writes.request(ctx, call).add(new Mutation.PutBinding(binding)).build());
        admin.audit(call, "binding.put", id, subject + " → " + roleName);
        ctx.status(201);
        ObjectNode o = view(binding);
        o.put("revision", r.revision());
        Replies.json(ctx, r.revision(), o);
    }

    void deleteBinding(Context ctx, Call call) {
        String id = Admin.name(ctx, "id", Names::binding);
        CommitResult r = writes.commit(writes.request(ctx, call).add(new Mutation.DeleteBinding(call.tenant(), id)).build());
        admin.audit(call, "binding.delete", id, "");
        Writes.answer(ctx, r);
    }

    /** A binding scope object, {@link BindingScope#TENANT} when absent. */
    static BindingScope scope(Fields body, String field) {
        JsonNode node = body.raw(field);
        if (node == null || node.isNull()) {
            return BindingScope.TENANT;
        }
        if (!node.isObject()) {
            throw new BadRequest(body.pointer(field), "'" + field + "' must be an object {\"includeChildTenants\", \"pathPrefix\", \"env\"}");
        }
        Fields s = new Fields(node, body.pointer(field));
        boolean children = s.bool("includeChildTenants", false);
        String prefix = s.string("pathPrefix", "");
        String env = s.string("env", "");
        s.done();
        Params.checked(s.pointer("pathPrefix"), () -> Names.prefix(prefix));
        if (!env.isEmpty()) {
            Params.checked(s.pointer("env"), () -> Names.environment(env));
        }
        return new BindingScope(children, prefix, env);
    }

    static ObjectNode view(Role r) {
        ObjectNode o = Json.NODES.objectNode().put("name", r.name()).put("tenant", r.tenant());
        ArrayNode grants = o.putArray("grants");
        r.grants().forEach(g -> grants.add(g.toString()));
        return o;
    }

    static ObjectNode view(Binding b) {
        ObjectNode o = Json.NODES.objectNode()
                .put("id", b.id())
                .put("tenant", b.tenant())
                .put("subject", b.subject())
                .put("role", b.role());
        o.putObject("scope")
                .put("includeChildTenants", b.scope().includeChildTenants())
                .put("pathPrefix", b.scope().pathPrefix())
                .put("env", b.scope().env());
        o.put("condition", b.condition());
        return o;
    }

    private static String where(Call call) {
        return call.tenant().isEmpty() ? "in the store" : "in tenant '" + call.tenant() + "'";
    }
}
