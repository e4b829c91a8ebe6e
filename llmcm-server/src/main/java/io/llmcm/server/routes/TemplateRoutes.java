package io.llmcm.server.routes;

import io.javalin.http.Context;
import io.llmcm.core.Violation;
import io.llmcm.core.auth.Permission;
import io.llmcm.core.auth.Resource;
import io.llmcm.core.json.Json;
import io.llmcm.core.llm.template.InstantiateRequest;
import io.llmcm.core.llm.template.Instantiation;
import io.llmcm.core.llm.template.Instantiator;
import io.llmcm.core.llm.template.Located;
import io.llmcm.core.llm.template.TemplateCatalog;
import io.llmcm.core.llm.template.TemplateDocs;
import io.llmcm.core.llm.template.TemplateRef;
import io.llmcm.core.model.Layer;
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
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Configuration templates (FR-14): the ones a tenant can instantiate, their Markdown docs, and
 * instantiation (or its dry run). Reading a template needs config:read on {@code templates/NAME}
 * in the tenant; one shared by a tenant outside the caller's chain needs that in its owner too.
 * Instantiation needs config:write on every entry it produces, in the target environment.
 */
public final class TemplateRoutes {
    private final Repository repo;
    private final Access access;
    private final Writes writes;

    public TemplateRoutes(Repository repo, Access access, Writes writes) {
        this.repo = repo;
        this.access = access;
        this.writes = writes;
    }

    public void register(Routes routes) {
        routes.get("/v1/templates", Guard.tenantInQuery(Resource.CONFIG, Permission.READ), this::list);
        routes.get("/v1/templates/<name>/docs", Guard.tenantInQuery(Resource.CONFIG, Permission.READ), this::docs);
        routes.post("/v1/templates/instantiate", Guard.authenticated(), this::instantiate);
    }

    void list(Context ctx, Call call) {
        ObjectNode o = Json.NODES.objectNode();
        o.put("tenant", call.tenant());
        ArrayNode items = o.putArray("items");
        for (TemplateCatalog.Listed t : TemplateCatalog.list(repo, call.tenant(),
                (tenant, path) -> access.allows(call.in(tenant), Resource.CONFIG, Permission.READ, path, Layer.BASE_ENV))) {
            ObjectNode x = items.addObject();
            x.put("name", t.name());
            x.put("owner", t.owner());
            x.put("kind", t.kind());
            x.put("version", t.version());
            x.put("description", t.description());
        }
        Replies.json(ctx, repo.revision(), o);
    }

    void docs(Context ctx, Call call) {
        String name = ctx.pathParam("name");
        Params.checked("path:name", () -> TemplateRef.parse(name));
        Instantiator inst = new Instantiator(repo);
        mayRead(call, inst.find(name, call.tenant()));
        String md = TemplateDocs.markdown(inst.resolve(name, call.tenant()));
        Replies.revision(ctx, repo.revision());
        ctx.contentType("text/markdown; charset=utf-8");
        ctx.result(md);
    }

    /** {@code {tenant, env, name, variables, textVariables, dryRun, message}}. */
    void instantiate(Context ctx, Call call) {
        Fields body = Bodies.object(ctx);
        String tenant = body.requiredString("tenant");
        String env = body.string("env", Layer.BASE_ENV);
        String name = body.requiredString("name");
        var variables = PromptRoutes.variables(body, "variables");
        var textVariables = PromptRoutes.textVariables(body, "textVariables");
        boolean dryRun = body.bool("dryRun", false);
        String message = body.string("message", "");
        body.done();
        Params.checked("/tenant", () -> Names.tenant(tenant));
        Params.checked("/env", () -> Names.environment(env));
        Params.checked("/name", () -> TemplateRef.parse(name));
        Call in = access.enter(call, tenant);
        Instantiator inst = new Instantiator(repo);
        mayRead(in, inst.find(name, tenant));
        Instantiation done = inst.instantiate(new InstantiateRequest(tenant, env, name, variables, textVariables, dryRun, in.author(), message),
                entries -> entries.forEach(e -> access.require(in, Resource.CONFIG, Permission.WRITE, e.path(), env)), writes::commit);
        ObjectNode o = Json.NODES.objectNode();
        o.put("template", done.template());
        o.put("version", done.version());
        o.put("dryRun", dryRun);
        ArrayNode entries = o.putArray("entries");
        for (Instantiation.Entry e : done.entries()) {
            entries.addObject().put("path", e.path()).set("value", e.value());
        }
        if (dryRun) {
            o.put("valid", done.report().valid());
            ArrayNode violations = o.putArray("violations");
            for (Violation v : done.report().violations()) {
                violations.addObject().put("where", v.where()).put("pointer", v.pointer()).put("message", v.message()).put("source", v.source());
            }
            Replies.json(ctx, repo.revision(), o);
            return;
        }
        o.put("revision", done.commit().revision());
        o.put("changed", done.commit().changed());
        o.put("changes", done.commit().changes());
        Replies.json(ctx, done.commit().revision(), o);
    }

    /**
     * Reading a template: config:read on its path in the call's tenant (checked by the guard or
     * here), and in its owner as well when the owner is outside the tenant's chain (a shared one).
     */
    private void mayRead(Call call, Located t) {
        if (t.ref().builtin()) {
            return;
        }
        access.require(call, Resource.CONFIG, Permission.READ, t.ref().path(), Layer.BASE_ENV);
        if (!repo.tenantChain(call.tenant()).contains(t.owner())) {
            access.require(call.in(t.owner()), Resource.CONFIG, Permission.READ, t.ref().path(), Layer.BASE_ENV);
        }
    }
}
