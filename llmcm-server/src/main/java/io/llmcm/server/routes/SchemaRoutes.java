package io.llmcm.server.routes;

import io.javalin.http.Context;
import io.llmcm.core.NotFoundException;
import io.llmcm.core.auth.Permission;
import io.llmcm.core.auth.Resource;
import io.llmcm.core.json.Json;
import io.llmcm.core.model.Mutation;
import io.llmcm.core.model.Names;
import io.llmcm.core.model.SchemaBinding;
import io.llmcm.core.repo.CommitResult;
import io.llmcm.core.repo.Repository;
import io.llmcm.core.validation.CompiledSchema;
import io.llmcm.core.validation.SchemaDocuments;
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
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Schema bindings: a JSON Schema and CEL rules attached to the paths matching a glob, in a tenant
 * and the tenants below it. Schemas are policy: reading them needs {@code policy:read}, setting
 * {@code policy:write}, deleting {@code policy:delete}. The body of a PUT is the document
 * {@code llmcm schema set} reads: {@code {"pattern", "schema", "rules": [{"rule", "message",
 * "pointer"}]}}.
 */
public final class SchemaRoutes {
    private final Repository repo;
    private final Writes writes;

    public SchemaRoutes(Repository repo, Writes writes) {
        this.repo = repo;
        this.writes = writes;
    }

    public void register(Routes routes) {
        routes.get("/v1/tenants/{tenant}/schemas", Guard.tenant(Resource.POLICY, Permission.READ), this::list);
        routes.get("/v1/tenants/{tenant}/schemas/{name}", Guard.tenant(Resource.POLICY, Permission.READ), this::get);
        routes.put("/v1/tenants/{tenant}/schemas/{name}", Guard.tenant(Resource.POLICY, Permission.WRITE), this::put);
        routes.delete("/v1/tenants/{tenant}/schemas/{name}", Guard.tenant(Resource.POLICY, Permission.DELETE), this::delete);
    }

    /** The bindings that apply in the tenant, ancestors' first; {@code path=} keeps those matching a key. */
    void list(Context ctx, Call call) {
        String path = Params.string(ctx, "path", "");
        List<SchemaBinding> bindings = new ArrayList<>();
        if (!path.isEmpty()) {
            Params.checked("query:path", () -> Names.path(path));
            bindings.addAll(repo.schemasFor(call.tenant(), path));
        } else {
            for (String owner : repo.tenantChain(call.tenant())) {
                repo.schemas(owner).stream().sorted(Comparator.comparing(SchemaBinding::name)).forEach(bindings::add);
            }
        }
        ObjectNode o = Json.NODES.objectNode();
        ArrayNode items = o.putArray("items");
        bindings.forEach(b -> items.addObject().put("name", b.name()).put("pattern", b.pattern()).put("tenant", b.tenant()));
        Replies.json(ctx, repo.revision(), o);
    }

    /** The nearest binding of that name: the tenant's own, else an ancestor's. */
    void get(Context ctx, Call call) {
        String name = Admin.name(ctx, "name", Names::schema);
        List<String> chain = repo.tenantChain(call.tenant());
        for (int i = chain.size() - 1; i >= 0; i--) {
            for (SchemaBinding b : repo.schemas(chain.get(i))) {
                if (b.name().equals(name)) {
                    ObjectNode doc = document(b);
                    doc.put("tenant", b.tenant());
                    Replies.json(ctx, repo.revision(), doc);
                    return;
                }
            }
        }
        throw new NotFoundException("no schema '" + name + "' in tenant " + call.tenant() + " or its ancestors");
    }

    void put(Context ctx, Call call) {
        String name = Admin.name(ctx, "name", Names::schema);
        Fields body = Bodies.object(ctx);
        ObjectNode doc = Json.NODES.objectNode();
        for (String field : List.of("pattern", "schema", "rules", "checks")) {
            JsonNode v = body.raw(field);
            if (v != null && !v.isNull()) {
                doc.set(field, v);
            }
        }
        body.done();
        if (!doc.has("pattern")) {
            throw new io.llmcm.server.http.BadRequest("/pattern", "'pattern' is required: say which keys the schema applies to, e.g. \"models/**\"");
        }
        SchemaBinding binding = SchemaDocuments.parse(call.tenant(), name, doc, null);
        CompiledSchema.compile(binding); // a schema or rule that does not compile is refused now, not at the next write
        CommitResult r = writes.commit(writes.request(ctx, call).add(new Mutation.PutSchema(binding)).build());
        Writes.answer(ctx, r);
    }

    void delete(Context ctx, Call call) {
        String name = Admin.name(ctx, "name", Names::schema);
        CommitResult r = writes.commit(writes.request(ctx, call).add(new Mutation.DeleteSchema(call.tenant(), name)).build());
        Writes.answer(ctx, r);
    }

    static ObjectNode document(SchemaBinding b) {
        return io.llmcm.core.validation.SchemaDocuments.document(b);
    }
}
