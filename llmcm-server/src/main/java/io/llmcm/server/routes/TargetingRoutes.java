package io.llmcm.server.routes;

import io.javalin.http.Context;
import io.llmcm.core.auth.Permission;
import io.llmcm.core.auth.Resource;
import io.llmcm.core.json.Json;
import io.llmcm.core.model.EntryKey;
import io.llmcm.core.repo.ChangeRequest;
import io.llmcm.core.repo.LayerRules;
import io.llmcm.core.repo.Repository;
import io.llmcm.core.repo.Scope;
import io.llmcm.core.targeting.TargetingRule;
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
 * Targeting rules of a key: list them per layer of a scope ({@code config:read}), and promote one
 * rule's variant to its layer's default in one commit ({@code config:write}). Reads with a context
 * are the config routes' ({@code ctx.<attribute>=} query parameters).
 */
public final class TargetingRoutes {
    private final Repository repo;
    private final Writes writes;

    public TargetingRoutes(Repository repo, Writes writes) {
        this.repo = repo;
        this.writes = writes;
    }

    public void register(Routes routes) {
        routes.get("/v1/tenants/{tenant}/targeting/<path>", Guard.tenant(Resource.CONFIG, Permission.READ, "path"), this::list);
        routes.post("/v1/tenants/{tenant}/promote/<path>", Guard.tenant(Resource.CONFIG, Permission.WRITE, "path"), this::promote);
    }

    /** {@code {"path", "scope", "revision", "layers": [{"layer", "revision", "contributes", "rules": [...]}]}}. */
    void list(Context ctx, Call call) {
        Scope scope = call.scope(ctx);
        String path = Params.path(ctx);
        long revision = repo.revision();
        ObjectNode o = Json.NODES.objectNode();
        o.put("path", path);
        o.put("scope", scope.toString());
        o.put("revision", revision);
        ArrayNode layers = o.putArray("layers");
        for (LayerRules l : repo.targetingRules(scope, path)) {
            ObjectNode x = layers.addObject();
            x.set("layer", Views.layer(l.layer()));
            x.put("revision", l.revision());
            x.put("contributes", l.contributes());
            ArrayNode rules = x.putArray("rules");
            for (TargetingRule r : l.rules()) {
                ObjectNode rule = rules.addObject().put("name", r.name());
                if (!r.when().isEmpty()) {
                    rule.put("when", r.when());
                }
                if (r.rollout() != null) {
                    rule.putObject("rollout").put("percent", r.rollout().percent()).put("by", r.rollout().by());
                }
                rule.set("set", r.set().json());
            }
        }
        Replies.json(ctx, revision, o);
    }

    /**
     * {@code {"rule": "gpt41-rollout", "revision": 42}} on the layer given by {@code env} and
     * {@code service}: the rule's {@code set} merged into the layer's value, the rule removed, one
     * commit. {@code revision} (optional) is the layer's version the caller saw: 409 when it moved.
     */
    void promote(Context ctx, Call call) {
        String path = Params.path(ctx);
        EntryKey key = EntryKey.of(call.tenant(), path, call.layer(ctx));
        Fields body = Bodies.object(ctx);
        String rule = body.requiredString("rule");
        long revision = body.number("revision", 0);
        body.done();
        String message = ctx.header(Writes.MESSAGE_HEADER);
        ChangeRequest request = repo.promotion(key, rule, revision, call.author(), message);
        Writes.answer(ctx, writes.commit(request));
    }
}
