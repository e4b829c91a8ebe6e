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
import io.llmcm.core.repo.FiredRule;
import io.llmcm.core.repo.Repository;
import io.llmcm.core.repo.Resolved;
import io.llmcm.core.repo.Scope;
import io.llmcm.core.repo.Targeted;
import io.llmcm.core.targeting.TargetingContext;
import io.llmcm.core.repo.WatchFilter;
import io.llmcm.server.http.Access;
import io.llmcm.server.http.BadRequest;
import io.llmcm.server.http.Call;
import io.llmcm.server.http.Guard;
import io.llmcm.server.http.Params;
import io.llmcm.server.http.Replies;
import io.llmcm.server.http.Routes;
import io.llmcm.server.http.Bodies;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Configuration values: read the effective value in a scope, list a prefix, write and delete one
 * layer's entry. A read answers the value itself as the body (references resolved, secrets
 * masked), with its revision in {@code ETag} and {@code X-Revision}. Query parameters {@code
 * ctx.<attribute>=value} make a targeting context: the rules that fire are applied and named in
 * {@code X-Llmcm-Rules} (and, in a listing, in each item's {@code rules}).
 */
public final class ConfigRoutes {
    static final String MOD_REVISION_HEADER = "X-Mod-Revision";
    static final String TYPE_HEADER = "X-Value-Type";
    /** The targeting rules that fired in a read with a context. */
    static final String RULES_HEADER = "X-Llmcm-Rules";
    /** Query parameters {@code ctx.<attribute>=value} make the targeting context of a read. */
    static final String CONTEXT_PREFIX = "ctx.";

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
        TargetingContext targeting = targetingContext(ctx);
        Optional<Resolved> ahead = targeting.isEmpty() ? Revisions.ahead(ctx, repo, scope, path) : Optional.empty();
        if (ahead.isPresent()) { // another instance's newer value, from the shared cache: no wait
            reply(ctx, call, ahead.get());
            return;
        }
        Revisions.awaitMin(ctx, repo);
        Revisions.awaitChange(ctx, repo, WatchFilter.path(scope, path));
        long at = Revisions.at(ctx, repo, call.tenant());
        if (Params.flag(ctx, "explain")) {
            Explanation e = !targeting.isEmpty() ? repo.explain(scope, path, at, targeting)
                    : at < 0 ? repo.explain(scope, path) : repo.explain(scope, path, at);
            if (e.value() == null && e.layers().isEmpty()) {
                throw new NotFoundException("no value at '" + path + "' in " + scope); // as a plain read says
            }
            rulesHeader(ctx, e.rules());
            Replies.json(ctx, e.revision(), Views.explanation(e, call.time()));
            return;
        }
        Optional<Resolved> found;
        if (targeting.isEmpty()) {
            found = repo.resolve(scope, path, at, false, access.caller(call, scope.env()));
        } else {
            Optional<Targeted> t = repo.resolve(scope, path, at, false, access.caller(call, scope.env()), targeting);
            t.ifPresent(x -> rulesHeader(ctx, x.rules()));
            found = t.map(Targeted::value);
        }
        if (found.isEmpty()) {
            throw new NotFoundException("no value at '" + path + "' in " + scope);
        }
        reply(ctx, call, found.get());
    }

    private static void reply(Context ctx, Call call, Resolved found) {
        Resolved r = found.masked(call.time());
        Replies.revision(ctx, r.revision());
        ctx.header(MOD_REVISION_HEADER, Long.toString(r.modRevision()));
        ctx.header(TYPE_HEADER, Views.type(found.value()));
        ctx.contentType(Replies.JSON);
        ctx.result(r.value().bytes());
    }

    void list(Context ctx, Call call) throws InterruptedException {
        Scope scope = call.scope(ctx);
        String prefix = Params.prefix(ctx);
        TargetingContext targeting = targetingContext(ctx);
        Revisions.awaitMin(ctx, repo);
        Revisions.awaitChange(ctx, repo, WatchFilter.under(scope, prefix));
        long at = Revisions.at(ctx, repo, call.tenant());
        long revision = at < 0 ? repo.revision() : at;
        List<Targeted> all = repo.list(scope, prefix, at, targeting);
        // one audited decision for the prefix; a caller bound to narrower prefixes sees only those keys
        boolean whole = access.decide(call, Resource.CONFIG, Permission.READ, prefix, scope.env()).allowed();
        ObjectNode o = Json.NODES.objectNode();
        o.put("revision", revision);
        o.put("scope", scope.toString());
        ArrayNode items = o.putArray("items");
        for (Targeted t : all) {
            Resolved r = t.value();
            if (whole || access.allows(call, Resource.CONFIG, Permission.READ, r.path(), scope.env())) {
                ObjectNode item = Views.resolved(r, call.time());
                if (!t.rules().isEmpty()) {
                    item.set("rules", Views.rules(t.rules()));
                }
                items.add(item);
            }
        }
        Replies.json(ctx, revision, o);
    }

    /**
     * The request context of a targeted read: every {@code ctx.<attribute>=value} query parameter.
     * Empty when there is none (a plain read).
     */
    static TargetingContext targetingContext(Context ctx) {
        Map<String, String> attributes = new TreeMap<>();
        for (Map.Entry<String, List<String>> e : ctx.queryParamMap().entrySet()) {
            if (!e.getKey().startsWith(CONTEXT_PREFIX)) {
                continue;
            }
            String field = "query:" + e.getKey();
            if (e.getValue().size() != 1) {
                throw new BadRequest(field, "context attribute '" + e.getKey().substring(CONTEXT_PREFIX.length()) + "' is given "
                        + e.getValue().size() + " times; give it once");
            }
            attributes.put(e.getKey().substring(CONTEXT_PREFIX.length()), e.getValue().getFirst());
        }
        try {
            return TargetingContext.of(attributes);
        } catch (io.llmcm.core.InvalidInputException e) {
            throw new BadRequest("query:" + CONTEXT_PREFIX + "*", e.getMessage());
        }
    }

    /** {@code X-Llmcm-Rules: global:base/eu-users, acme:prod/gpt41-rollout}: absent when no rule fired. */
    static void rulesHeader(Context ctx, List<FiredRule> rules) {
        if (!rules.isEmpty()) {
            ctx.header(RULES_HEADER, rules.stream().map(FiredRule::toString).collect(java.util.stream.Collectors.joining(", ")));
        }
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
