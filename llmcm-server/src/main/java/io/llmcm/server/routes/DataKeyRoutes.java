package io.llmcm.server.routes;

import io.javalin.http.Context;
import io.llmcm.core.auth.Permission;
import io.llmcm.core.auth.Resource;
import io.llmcm.core.json.Json;
import io.llmcm.core.repo.KeyStatus;
import io.llmcm.core.repo.Repository;
import io.llmcm.server.http.Call;
import io.llmcm.server.http.Guard;
import io.llmcm.server.http.Replies;
import io.llmcm.server.http.Routes;
import java.nio.charset.StandardCharsets;
import tools.jackson.databind.node.ObjectNode;

/**
 * A tenant's data keys: their status and rotation ({@code secret:rotate}, held by operator and
 * the admins — whoever manages keys also sees their state; no key material is ever shown), and the
 * public keys that verify the JWTs the tenant's dynamic secrets issue ({@code config:read}: they
 * are public).
 */
public final class DataKeyRoutes {
    private final Repository repo;

    public DataKeyRoutes(Repository repo) {
        this.repo = repo;
    }

    public void register(Routes routes) {
        routes.get("/v1/tenants/{tenant}/keys", Guard.tenant(Resource.SECRET, Permission.ROTATE), this::status);
        routes.post("/v1/tenants/{tenant}/keys/rotate", Guard.tenant(Resource.SECRET, Permission.ROTATE), this::rotate);
        routes.get("/v1/tenants/{tenant}/jwks", Guard.tenant(Resource.CONFIG, Permission.READ), this::jwks);
    }

    void status(Context ctx, Call call) {
        KeyStatus s = repo.secrets().status(call.tenant());
        ObjectNode o = Json.NODES.objectNode().put("tenant", s.tenant()).put("masterKey", s.kek()).put("masterKeyVersion", s.kekVersion());
        s.versions().forEach(o.putArray("versions")::add);
        o.put("primary", s.primary());
        ObjectNode counts = o.putObject("secrets");
        s.secretsByVersion().forEach((v, n) -> counts.put(String.valueOf(v), n));
        Replies.json(ctx, repo.revision(), o);
    }

    /** A new primary data key, then every current secret re-encrypted with it (audited by the engine). */
    void rotate(Context ctx, Call call) {
        repo.secrets().checkMasterKey();
        int[] total = {0};
        int version = repo.secrets().rotate(call.tenant(), call.author(), (done, all) -> total[0] = all);
        ObjectNode o = Json.NODES.objectNode().put("tenant", call.tenant()).put("primary", version).put("reencrypted", total[0]);
        Replies.json(ctx, repo.revision(), o);
    }

    /** The JWKS; {@code {"keys": []}} while the tenant has no data key yet (a read creates none). */
    void jwks(Context ctx, Call call) {
        if (repo.secrets().status(call.tenant()).versions().isEmpty()) {
            Replies.json(ctx, repo.revision(), Json.NODES.objectNode().set("keys", Json.NODES.arrayNode()));
            return;
        }
        ctx.header("Cache-Control", "public, max-age=300");
        Replies.json(ctx, repo.revision(), Json.parse(repo.secrets().jwks(call.tenant()).getBytes(StandardCharsets.UTF_8)));
    }
}
