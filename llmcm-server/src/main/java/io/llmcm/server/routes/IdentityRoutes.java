package io.llmcm.server.routes;

import io.javalin.http.Context;
import io.llmcm.core.audit.AuditEvent;
import io.llmcm.core.auth.IssuedToken;
import io.llmcm.core.auth.Principal;
import io.llmcm.core.auth.ServiceTokens;
import io.llmcm.core.json.Json;
import io.llmcm.core.repo.Repository;
import io.llmcm.server.http.BadRequest;
import io.llmcm.server.http.Bodies;
import io.llmcm.server.http.Call;
import io.llmcm.server.http.Fields;
import io.llmcm.server.http.Guard;
import io.llmcm.server.http.Replies;
import io.llmcm.server.http.Routes;
import java.time.Duration;
import java.util.Optional;
import java.util.TreeSet;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Who the caller is ({@code GET /v1/whoami}) and service tokens ({@code POST /v1/tokens}): the API
 * key presented as the Bearer credential is exchanged for a short-lived JWT that acts as the key
 * (and stops working when the key is revoked). Any valid credential may ask; only an API key can
 * be exchanged.
 */
public final class IdentityRoutes {
    private final Repository repo;
    private final ServiceTokens tokens;

    public IdentityRoutes(Repository repo, ServiceTokens tokens) {
        this.repo = repo;
        this.tokens = tokens;
    }

    public void register(Routes routes) {
        routes.get("/v1/whoami", Guard.authenticated(), this::whoami);
        routes.post("/v1/tokens", Guard.authenticated(), this::exchange);
    }

    void whoami(Context ctx, Call call) {
        Principal p = call.principal();
        ObjectNode o = Json.NODES.objectNode().put("id", p.id()).put("name", p.name()).put("tenant", p.tenant());
        ArrayNode groups = o.putArray("groups");
        new TreeSet<>(p.groups()).forEach(groups::add);
        Replies.json(ctx, o);
    }

    /** Body optional: {@code {"ttlSeconds": 900}} (1 to 3600; default 900). */
    void exchange(Context ctx, Call call) {
        Duration ttl = null;
        if (ctx.bodyAsBytes().length > 0) {
            Fields body = Bodies.object(ctx);
            long seconds = body.number("ttlSeconds", 0);
            boolean given = body.has("ttlSeconds");
            body.done();
            if (given) {
                if (seconds < 1 || seconds > ServiceTokens.MAX_TTL.toSeconds()) {
                    throw new BadRequest("/ttlSeconds", "'ttlSeconds' must be between 1 and " + ServiceTokens.MAX_TTL.toSeconds() + ", got " + seconds);
                }
                ttl = Duration.ofSeconds(seconds);
            }
        }
        String header = ctx.header("Authorization");
        String presented = header == null || header.length() < 7 ? "" : header.substring(7).trim();
        Optional<IssuedToken> issued = tokens.exchange(presented, ttl, call.time());
        if (issued.isEmpty()) {
            throw new BadRequest("header:Authorization", "only an API key (llmcm_…) can be exchanged for a service token;"
                    + " present one as the Bearer credential");
        }
        IssuedToken t = issued.get();
        repo.audit().record(AuditEvent.of(call.time(), call.author(), "token.issue", t.principal().tenant(), t.principal().id(),
                "allowed", "expires " + t.expires()));
        ObjectNode o = Json.NODES.objectNode()
                .put("token", t.token())
                .put("tokenType", "Bearer")
                .put("expires", t.expires().toString())
                .put("expiresIn", Math.max(0, Duration.between(call.time(), t.expires()).toSeconds()));
        ctx.status(201);
        ctx.header("Cache-Control", "no-store");
        Replies.json(ctx, o);
    }
}
