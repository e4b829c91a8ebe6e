package io.llmcm.server.routes;

import io.javalin.http.Context;
import io.llmcm.core.NotFoundException;
import io.llmcm.core.auth.Permission;
import io.llmcm.core.auth.Resource;
import io.llmcm.core.json.Json;
import io.llmcm.core.model.EntryKey;
import io.llmcm.core.model.Value;
import io.llmcm.core.repo.ChangeRequest;
import io.llmcm.core.repo.CommitResult;
import io.llmcm.core.repo.Explanation;
import io.llmcm.core.repo.Repository;
import io.llmcm.core.repo.Resolved;
import io.llmcm.core.repo.Scope;
import io.llmcm.core.repo.WatchFilter;
import io.llmcm.server.http.Access;
import io.llmcm.server.http.Call;
import io.llmcm.server.http.Guard;
import io.llmcm.server.http.Params;
import io.llmcm.server.http.Replies;
import io.llmcm.server.http.Routes;
import io.llmcm.server.http.Bodies;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Configuration values: read the effective value in a scope, list a prefix, write and delete one
 * layer's entry. A read answers the value itself as the body (references resolved, secrets
 * masked), with its revision in {@code ETag} and {@code X-Revision}.
 */
public final class ConfigRoutes {
    static final String MOD_REVISION_HEADER = "X-Mod-Revision";
    static final String TYPE_HEADER = "X-Value-Type";

    private final Repository repo;
    private final Access access;
    private final Writes writes;

    public ConfigRoutes(Repository repo, Access access, Writes writes) {
        this.repo = repo;
        this.access = access;
        this.writes = writes;
    }

    public void register(Routes routes) {
        routes.get("/v1/tenants/{tenant}/config", Guard.tenantVisible(Resource.CONFIG, Permission.READ), this::list);
        routes.get("/v1/tenants/{tenant}/config/<path>", Guard.tenant(Resource.CONFIG, Permission.READ, "path"), this::get);
        routes.put("/v1/tenants/{tenant}/config/<path>", Guard.tenant(Resource.CONFIG, Permission.WRITE, "path"), this::put);
        routes.delete("/v1/tenants/{tenant}/config/<path>", Guard.tenant(Resource.CONFIG, Permission.DELETE, "path"), this::delete);
    }

    void get(Context ctx, Call call) throws InterruptedException {
        Scope scope = call.scope(ctx);
        String path = Params.path(ctx);
        Revisions.awaitMin(ctx, repo);
        Revisions.awaitChange(ctx, repo, WatchFilter.path(scope, path));
        long at = Revisions.at(ctx, repo, call.tenant());
        if (Params.flag(ctx, "explain")) {
            Explanation e = at < 0 ? repo.explain(scope, path) : repo.explain(scope, path, at);
            if (e.value() == null && e.layers().isEmpty()) {
                throw new NotFoundException("no value at '" + path + "' in " + scope); // as a plain read says
            }
            Replies.json(ctx, e.revision(), Views.explanation(e, call.time()));
            return;
        }
        Optional<Resolved> found = repo.resolve(scope, path, at, false, access.caller(call, scope.env()));
        if (found.isEmpty()) {
            throw new NotFoundException("no value at '" + path + "' in " + scope);
        }
        Resolved r = found.get().masked(call.time());
        Replies.revision(ctx, r.revision());
        ctx.header(MOD_REVISION_HEADER, Long.toString(r.modRevision()));
        ctx.header(TYPE_HEADER, Views.type(found.get().value()));
        ctx.contentType(Replies.JSON);
        ctx.result(r.value().bytes());
    }

    void list(Context ctx, Call call) throws InterruptedException {
        Scope scope = call.scope(ctx);
        String prefix = Params.prefix(ctx);
        Revisions.awaitMin(ctx, repo);
        Revisions.awaitChange(ctx, repo, WatchFilter.under(scope, prefix));
        long at = Revisions.at(ctx, repo, call.tenant());
        long revision = at < 0 ? repo.revision() : at;
        List<Resolved> all = at < 0 ? repo.list(scope, prefix) : repo.list(scope, prefix, at);
        // one audited decision for the prefix; a caller bound to narrower prefixes sees only those keys
        boolean whole = access.decide(call, Resource.CONFIG, Permission.READ, prefix, scope.env()).allowed();
        ObjectNode o = Json.NODES.objectNode();
        o.put("revision", revision);
        o.put("scope", scope.toString());
        ArrayNode items = o.putArray("items");
        for (Resolved r : all) {
            if (whole || access.allows(call, Resource.CONFIG, Permission.READ, r.path(), scope.env())) {
                items.add(Views.resolved(r, call.time()));
            }
        }
        Replies.json(ctx, revision, o);
    }

    void put(Context ctx, Call call) {
        String path = Params.path(ctx);
        EntryKey key = EntryKey.of(call.tenant(), path, call.layer(ctx));
        Value value = Bodies.value(ctx);
        ChangeRequest.Builder request = writes.request(ctx, call).put(key, value, Params.flag(ctx, "replace"));
        String precondition = writes.preconditions(ctx, key, request);
        CommitResult r = writes.commit(request.build(), precondition);
        Writes.answer(ctx, r);
    }

    void delete(Context ctx, Call call) {
        String path = Params.path(ctx);
        EntryKey key = EntryKey.of(call.tenant(), path, call.layer(ctx));
        if (repo.raw(key).filter(v -> !v.isDeleted()).isEmpty()) {
            throw new NotFoundException("no entry " + key);
        }
        ChangeRequest.Builder request = writes.request(ctx, call).delete(key);
        String precondition = writes.preconditions(ctx, key, request);
        Writes.answer(ctx, writes.commit(request.build(), precondition));
    }
}
