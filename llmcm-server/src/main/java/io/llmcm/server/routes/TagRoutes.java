package io.llmcm.server.routes;

import io.javalin.http.Context;
import io.llmcm.core.ConflictException;
import io.llmcm.core.InvalidInputException;
import io.llmcm.core.auth.Permission;
import io.llmcm.core.auth.Resource;
import io.llmcm.core.json.Json;
import io.llmcm.core.model.Mutation;
import io.llmcm.core.model.Names;
import io.llmcm.core.model.Tag;
import io.llmcm.core.repo.CommitResult;
import io.llmcm.core.repo.Repository;
import io.llmcm.server.http.Bodies;
import io.llmcm.server.http.Call;
import io.llmcm.server.http.Fields;
import io.llmcm.server.http.Guard;
import io.llmcm.server.http.Params;
import io.llmcm.server.http.Replies;
import io.llmcm.server.http.Routes;
import java.util.Comparator;
import java.util.Optional;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Tags: names for revisions inside a tenant ({@code stable} → 42), usable wherever a revision is
 * ({@code at=stable}). Listing needs {@code config:read}; creating, moving and deleting one
 * {@code config:write}, as {@code llmcm tag} does.
 */
public final class TagRoutes {
    private final Repository repo;
    private final Writes writes;

    public TagRoutes(Repository repo, Writes writes) {
        this.repo = repo;
        this.writes = writes;
    }

    public void register(Routes routes) {
        routes.get("/v1/tenants/{tenant}/tags", Guard.tenant(Resource.CONFIG, Permission.READ), this::list);
        routes.post("/v1/tenants/{tenant}/tags", Guard.tenant(Resource.CONFIG, Permission.WRITE), this::create);
        routes.delete("/v1/tenants/{tenant}/tags/{name}", Guard.tenant(Resource.CONFIG, Permission.WRITE), this::delete);
    }

    void list(Context ctx, Call call) {
        ObjectNode o = Json.NODES.objectNode();
        ArrayNode items = o.putArray("items");
        repo.tags(call.tenant()).stream().sorted(Comparator.comparing(Tag::name))
                .forEach(t -> items.addObject().put("name", t.name()).put("revision", t.revision()));
        Replies.json(ctx, repo.revision(), o);
    }

    /** {@code {"name": "stable", "at": 42 | "other-tag", "force": false}}; {@code at} defaults to now. */
    void create(Context ctx, Call call) {
        Fields body = Bodies.object(ctx);
        String name = body.requiredString("name");
        String at = body.revisionOrTag("at");
        boolean force = body.bool("force", false);
        body.done();
        Params.checked("/name", () -> Names.tag(name));
        long rev = at.isEmpty() ? repo.revision() : repo.revisionOf(call.tenant(), at);
        if (rev <= 0) {
            throw new InvalidInputException("revision 0 is the empty store before the first commit; it cannot be tagged");
        }
        Optional<Tag> existing = repo.tag(call.tenant(), name);
        if (existing.isPresent() && !force) {
            throw new ConflictException("tag '" + name + "' already exists in tenant " + call.tenant() + " (revision "
                    + existing.get().revision() + "); send \"force\": true to move it");
        }
        CommitResult r = writes.commit(writes.request(ctx, call).add(new Mutation.PutTag(new Tag(call.tenant(), name, rev))).build());
        ctx.status(existing.isPresent() ? 200 : 201);
        Writes.answer(ctx, r);
    }

    void delete(Context ctx, Call call) {
        String name = Admin.name(ctx, "name", Names::tag);
        CommitResult r = writes.commit(writes.request(ctx, call).add(new Mutation.DeleteTag(call.tenant(), name)).build());
        Writes.answer(ctx, r);
    }
}
