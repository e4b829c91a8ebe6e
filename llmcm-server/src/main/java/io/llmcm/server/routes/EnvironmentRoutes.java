package io.llmcm.server.routes;

import io.javalin.http.Context;
import io.llmcm.core.ConflictException;
import io.llmcm.core.auth.Permission;
import io.llmcm.core.auth.Resource;
import io.llmcm.core.json.Json;
import io.llmcm.core.model.Environment;
import io.llmcm.core.model.Layer;
import io.llmcm.core.model.Mutation;
import io.llmcm.core.model.Names;
import io.llmcm.core.repo.ChangeRequest;
import io.llmcm.core.repo.CommitResult;
import io.llmcm.core.repo.Repository;
import io.llmcm.server.http.Params;
import io.llmcm.server.http.Access;
import io.llmcm.server.http.Bodies;
import io.llmcm.server.http.Call;
import io.llmcm.server.http.Fields;
import io.llmcm.server.http.Guard;
import io.llmcm.server.http.Replies;
import io.llmcm.server.http.Routes;
import java.util.Comparator;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Environments, which are store-wide: any caller may list them (every tenant reads them); creating
 * one needs {@code tenant:admin} store-wide (global-admin).
 */
public final class EnvironmentRoutes {
    private final Repository repo;
    private final Writes writes;
    private final Admin admin;

    public EnvironmentRoutes(Repository repo, Access access, Writes writes) {
        this.repo = repo;
        this.writes = writes;
        this.admin = new Admin(repo, access);
    }

    public void register(Routes routes) {
        routes.get("/v1/environments", Guard.authenticated(), this::list);
        routes.post("/v1/environments", Guard.store(Resource.TENANT, Permission.ADMIN), this::create);
    }

    void list(Context ctx, Call call) {
        ObjectNode o = Json.NODES.objectNode();
        ArrayNode items = o.putArray("items");
        repo.environments().stream().sorted(Comparator.comparing(Environment::name)).forEach(e -> {
            ObjectNode x = items.addObject().put("name", e.name());
            if (e.parent() != null) {
                x.put("parent", e.parent());
            }
        });
        Replies.json(ctx, repo.revision(), o);
    }

    /** {@code {"name": "qa", "parent": "base"}}. */
    void create(Context ctx, Call call) {
        Fields body = Bodies.object(ctx);
        String name = body.requiredString("name");
        String parent = body.string("parent", Layer.BASE_ENV);
        body.done();
        if (name.equals(Layer.BASE_ENV)) {
            throw new ConflictException("environment 'base' already exists (it is the root)");
        }
        Params.checked("/name", () -> Names.environment(name));
        Params.checked("/parent", () -> Names.environment(parent));
        Environment env = new Environment(name, parent);
        CommitResult r = writes.commit(ChangeRequest.by(call.author()).message("create environment " + name)
                .add(new Mutation.PutEnvironment(env)).build());
        admin.audit(call, "environment.create", name, "parent " + parent);
        ctx.status(201);
        Writes.answer(ctx, r);
    }
}
