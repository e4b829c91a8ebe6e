package io.llmcm.server.routes;

import io.javalin.http.Context;
import io.llmcm.core.LlmcmException;
import io.llmcm.core.audit.AuditEvent;
import io.llmcm.core.auth.Permission;
import io.llmcm.core.auth.Resource;
import io.llmcm.core.json.Json;
import io.llmcm.core.model.Mutation;
import io.llmcm.core.model.Names;
import io.llmcm.core.model.Tenant;
import io.llmcm.core.model.TenantIsolation;
import io.llmcm.core.repo.ChangeRequest;
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
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Tenants: list those the caller can see, create a child (needs {@code tenant:admin} on the
 * parent), show one, delete one (crypto-shredding: its data keys are destroyed).
 */
public final class TenantRoutes {
    private final Repository repo;
    private final Access access;
    private final Writes writes;

    public TenantRoutes(Repository repo, Access access, Writes writes) {
        this.repo = repo;
        this.access = access;
        this.writes = writes;
    }

    public void register(Routes routes) {
        routes.get("/v1/tenants", Guard.authenticated(), this::list);
        routes.post("/v1/tenants", Guard.authenticated(), this::create);
        routes.get("/v1/tenants/{tenant}", Guard.tenant(Resource.TENANT, Permission.READ), this::show);
        routes.delete("/v1/tenants/{tenant}", Guard.tenant(Resource.TENANT, Permission.DELETE), this::delete);
    }

    void list(Context ctx, Call call) {
        ObjectNode o = Json.NODES.objectNode();
        ArrayNode items = o.putArray("items");
        for (Tenant t : repo.tenants()) {
            if (access.authorizer().canSeeTenant(call.principal(), t.name())) {
                items.add(view(t));
            }
        }
        Replies.json(ctx, repo.revision(), o);
    }

    /**
     * {@code {"name": "acme", "parent": "global", "isolation": "dedicated", "message": "…"}}; the
     * isolation defaults to "shared" (fixed at creation), the message to "create tenant NAME".
     */
    void create(Context ctx, Call call) {
        Fields body = Bodies.object(ctx);
        String name = body.requiredString("name");
        String parent = body.string("parent", Tenant.GLOBAL);
        String isolationId = body.string("isolation", TenantIsolation.SHARED.id());
        String message = body.string("message", "");
        body.done();
        TenantIsolation isolation;
        try {
            isolation = TenantIsolation.parse(isolationId);
        } catch (LlmcmException e) {
            throw new BadRequest("/isolation", "'isolation' is '" + Params.clipped(isolationId)
                    + "'; allowed values: shared, dedicated");
        }
        if (message.length() > ChangeRequest.MAX_MESSAGE) {
            throw new BadRequest("/message", "'message' is " + message.length() + " characters long; at most "
                    + ChangeRequest.MAX_MESSAGE + " are allowed");
        }
        Params.checked("/name", () -> Names.tenant(name));
        Params.checked("/parent", () -> Names.tenant(parent));
        Call inParent = call.in(parent);
        access.visible(inParent);
        access.require(inParent, Resource.TENANT, Permission.ADMIN, "", "");
        Tenant tenant;
        try {
            tenant = new Tenant(name, parent, isolation);
        } catch (LlmcmException e) {
            throw new BadRequest("/name", e.getMessage());
        }
        CommitResult r = writes.commit(ChangeRequest.by(call.author()).message(message.isEmpty() ? "create tenant " + name : message)
                .add(new Mutation.PutTenant(tenant)).build());
        repo.audit().record(AuditEvent.of(call.time(), call.author(), "tenant.create", name, name, "allowed",
                "parent " + parent + (tenant.dedicated() ? ", isolation dedicated" : "")));
        ctx.status(201);
        Writes.answer(ctx, r);
    }

    void show(Context ctx, Call call) {
        Replies.json(ctx, repo.revision(), view(repo.tenant(call.tenant()))); // 404 if deleted meanwhile
    }

    void delete(Context ctx, Call call) {
        String note = repo.secrets().deleteTenant(call.tenant(), call.author(), ctx.header(Writes.MESSAGE_HEADER));
        ObjectNode o = Json.NODES.objectNode();
        o.put("deleted", call.tenant());
        o.put("revision", repo.revision());
        if (!note.isEmpty()) {
            o.put("note", note); // what the operator must still do about old copies of the store
        }
        Replies.json(ctx, repo.revision(), o);
    }

    private static ObjectNode view(Tenant t) {
        ObjectNode o = Json.NODES.objectNode();
        o.put("name", t.name());
        if (t.parent() != null) {
            o.put("parent", t.parent());
        }
        o.put("isolation", t.isolation().id());
        return o;
    }
}
