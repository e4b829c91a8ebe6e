package io.llmcm.server.routes;

import io.javalin.http.Context;
import io.llmcm.core.auth.Permission;
import io.llmcm.core.auth.Resource;
import io.llmcm.core.json.Json;
import io.llmcm.core.llm.BuiltinSchemas;
import io.llmcm.core.llm.ModelCatalog;
import io.llmcm.core.llm.ModelInfo;
import io.llmcm.core.model.Mutation;
import io.llmcm.core.model.Names;
import io.llmcm.core.repo.ChangeRequest;
import io.llmcm.core.repo.CommitResult;
import io.llmcm.core.repo.Repository;
import io.llmcm.core.repo.Scope;
import io.llmcm.core.validation.CompiledSchema;
import io.llmcm.server.http.Access;
import io.llmcm.server.http.Bodies;
import io.llmcm.server.http.Call;
import io.llmcm.server.http.Fields;
import io.llmcm.server.http.Guard;
import io.llmcm.server.http.Params;
import io.llmcm.server.http.Replies;
import io.llmcm.server.http.Routes;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The LLM helpers: the built-in schemas (listed to anyone signed in; applying one to a tenant
 * needs {@code policy:write} there, like putting a schema) and the model catalog effective in a
 * scope (reading it needs {@code config:read} on {@code llm/catalog}, the entry it is made of).
 */
public final class LlmRoutes {
    private final Repository repo;
    private final Access access;
    private final Writes writes;

    public LlmRoutes(Repository repo, Access access, Writes writes) {
        this.repo = repo;
        this.access = access;
        this.writes = writes;
    }

    public void register(Routes routes) {
        routes.get("/v1/builtin-schemas", Guard.authenticated(), this::list);
        // the tenant is in the body: the handler checks it as a tenant route's guard would
        routes.post("/v1/builtin-schemas/{name}/apply", Guard.authenticated(), this::apply);
        routes.post("/v1/llm/init", Guard.authenticated(), this::init);
        routes.get("/v1/catalog", Guard.tenantInQuery(Resource.CONFIG, Permission.READ), this::catalog);
        routes.get("/v1/catalog/<model>", Guard.tenantInQuery(Resource.CONFIG, Permission.READ), this::model);
    }

    void list(Context ctx, Call call) {
        ObjectNode o = Json.NODES.objectNode();
        ArrayNode items = o.putArray("items");
        for (BuiltinSchemas.Builtin b : BuiltinSchemas.list()) {
            items.addObject().put("name", b.name()).put("title", b.title()).put("pattern", b.defaultPattern())
                    .put("namespace", b.takesNamespace());
        }
        Replies.json(ctx, repo.revision(), o);
    }

    /** Body {@code {tenant, namespace?, message?}}: stores the built-in as the tenant's binding of that name. */
    void apply(Context ctx, Call call) {
        String name = ctx.pathParam("name");
        BuiltinSchemas.get(name); // 404 naming the built-ins, before the body is read
        Fields body = Bodies.object(ctx);
        String tenant = body.requiredString("tenant");
        String namespace = body.string("namespace", null);
        String message = body.string("message", "apply built-in schema " + name);
        body.done();
        Call in = authorized(call, tenant);
        var binding = BuiltinSchemas.binding(tenant, name, namespace); // 400 naming a namespace it cannot take
        CompiledSchema.compile(binding);
        CommitResult r = writes.commit(ChangeRequest.by(in.author()).message(message).add(new Mutation.PutSchema(binding)).build());
        Writes.answer(ctx, r);
    }

    /** Body {@code {tenant, message?}}: every built-in at its default pattern, in one commit. */
    void init(Context ctx, Call call) {
        Fields body = Bodies.object(ctx);
        String tenant = body.requiredString("tenant");
        String message = body.string("message", "llm init: apply the built-in schemas");
        body.done();
        Call in = authorized(call, tenant);
        ChangeRequest.Builder request = ChangeRequest.by(in.author()).message(message);
        for (String name : BuiltinSchemas.names()) {
            request.add(new Mutation.PutSchema(BuiltinSchemas.binding(tenant, name, null)));
        }
        Writes.answer(ctx, writes.commit(request.build()));
    }

    /**
     * The tenant must be visible (404 otherwise, as for any tenant route), pass its gate
     * (suspension, request rate) and allow policy:write.
     */
    private Call authorized(Call call, String tenant) {
        Params.checked("/tenant", () -> Names.tenant(tenant));
        Call in = access.enter(call, tenant);
        access.require(in, Resource.POLICY, Permission.WRITE, "", "");
        return in;
    }

    void catalog(Context ctx, Call call) {
        Scope scope = call.scope(ctx);
        access.require(call, Resource.CONFIG, Permission.READ, ModelCatalog.PATH, scope.env());
        ModelCatalog c = ModelCatalog.effective(repo, scope);
        ObjectNode o = Json.NODES.objectNode();
        o.put("scope", scope.toString());
        o.setAll(c.toJson());
        Replies.json(ctx, repo.revision(), o);
    }

    void model(Context ctx, Call call) {
        Scope scope = call.scope(ctx);
        String id = ctx.pathParam("model");
        access.require(call, Resource.CONFIG, Permission.READ, ModelCatalog.PATH, scope.env());
        ModelInfo m = ModelCatalog.effective(repo, scope).get(id);
        ObjectNode o = Json.NODES.objectNode();
        o.put("id", m.id());
        o.setAll(m.toJson());
        Replies.json(ctx, repo.revision(), o);
    }
}
