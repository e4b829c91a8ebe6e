package io.llmcm.server.routes;

import io.javalin.http.Context;
import io.llmcm.core.InvalidInputException;
import io.llmcm.core.NotFoundException;
import io.llmcm.core.auth.Permission;
import io.llmcm.core.auth.Resource;
import io.llmcm.core.json.Json;
import io.llmcm.core.model.ContentType;
import io.llmcm.core.model.EntryKey;
import io.llmcm.core.model.EntryVersion;
import io.llmcm.core.model.Value;
import io.llmcm.core.repo.ChangeRequest;
import io.llmcm.core.repo.Repository;
import io.llmcm.core.repo.Resolved;
import io.llmcm.core.repo.Revealed;
import io.llmcm.core.repo.Scope;
import io.llmcm.core.secret.Masks;
import io.llmcm.server.http.Access;
import io.llmcm.server.http.BadRequest;
import io.llmcm.server.http.Bodies;
import io.llmcm.server.http.Call;
import io.llmcm.server.http.Fields;
import io.llmcm.server.http.Guard;
import io.llmcm.server.http.Params;
import io.llmcm.server.http.Replies;
import io.llmcm.server.http.Routes;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Secrets: masked unless {@code reveal=true}, and then only for a caller allowed
 * {@code secret:read} there; every reveal is audited by the engine. Writes seal the plaintext with
 * the tenant's data key before it reaches the commit log.
 */
public final class SecretRoutes {
    private final Repository repo;
    private final Access access;
    private final Writes writes;

    public SecretRoutes(Repository repo, Access access, Writes writes) {
        this.repo = repo;
        this.access = access;
        this.writes = writes;
    }

    public void register(Routes routes) {
        routes.get("/v1/tenants/{tenant}/secrets", Guard.tenantVisible(Resource.CONFIG, Permission.READ), this::list);
        // masked reads need config:read (as any config read); a reveal is checked by the engine per secret
        routes.get("/v1/tenants/{tenant}/secrets/<path>", Guard.tenant(Resource.CONFIG, Permission.READ, "path"), this::get);
        routes.put("/v1/tenants/{tenant}/secrets/<path>", Guard.tenant(Resource.SECRET, Permission.WRITE, "path"), this::put);
        routes.delete("/v1/tenants/{tenant}/secrets/<path>", Guard.tenant(Resource.SECRET, Permission.DELETE, "path"), this::delete);
    }

    void get(Context ctx, Call call) throws InterruptedException {
        Scope scope = call.scope(ctx);
        String path = Params.path(ctx);
        Revisions.awaitMin(ctx, repo);
        long at = Revisions.at(ctx, repo, call.tenant());
        if (Params.flag(ctx, "reveal")) {
            access.require(call, Resource.SECRET, Permission.READ, path, scope.env());
            Revealed plain = repo.secrets().reveal(scope, path, at, access.caller(call, scope.env()));
            ObjectNode o = Json.NODES.objectNode();
            o.put("path", path);
            o.put("version", plain.version());
            if (plain.lease() != null) {
                o.put("credential", plain.value().textOrNull());
                o.put("lease", plain.lease().id());
                o.put("expires", plain.lease().expires().toString());
            } else {
                o.set("value", plain.value().json());
                if (plain.expires() != null) {
                    o.put("expires", plain.expires().toString());
                }
            }
            ctx.header("Cache-Control", "no-store");
            Replies.json(ctx, plain.revision(), o);
            return;
        }
        Resolved r = (at < 0 ? repo.get(scope, path) : repo.get(scope, path, at))
                .orElseThrow(() -> new NotFoundException("no secret at '" + path + "' in " + scope));
        if (!r.isSecret()) {
            throw new InvalidInputException(path + " in " + scope + " is configuration, not a secret; read it at /v1/tenants/" + call.tenant() + "/config/" + path);
        }
        Replies.json(ctx, r.revision(), Masks.maskValue(r.value(), r.modRevision(), call.time()).json());
    }

    void list(Context ctx, Call call) {
        Scope scope = call.scope(ctx);
        String prefix = Params.prefix(ctx);
        long at = Revisions.at(ctx, repo, call.tenant());
        long revision = at < 0 ? repo.revision() : at;
        boolean whole = access.decide(call, Resource.CONFIG, Permission.READ, prefix, scope.env()).allowed();
        ObjectNode o = Json.NODES.objectNode();
        o.put("revision", revision);
        ArrayNode items = o.putArray("items");
        for (Resolved r : at < 0 ? repo.list(scope, prefix) : repo.list(scope, prefix, at)) {
            if (r.isSecret() && (whole || access.allows(call, Resource.CONFIG, Permission.READ, r.path(), scope.env()))) {
                items.add(Views.resolved(r, call.time()));
            }
        }
        Replies.json(ctx, revision, o);
    }

    /** {@code {"value": "..." | any JSON, "expires": "2026-12-31T00:00:00Z"}}. */
    void put(Context ctx, Call call) {
        String path = Params.path(ctx);
        EntryKey key = EntryKey.of(call.tenant(), path, call.layer(ctx));
        Fields body = Bodies.object(ctx);
        JsonNode value = body.raw("value");
        String expiresText = body.string("expires", null);
        body.done();
        if (value == null || value.isNull()) {
            throw new BadRequest("/value", "'value' is required: the secret, as a string or any JSON value");
        }
        Value plain;
        try {
            plain = value.isString() ? Value.text(value.stringValue()) : Value.of(value, ContentType.JSON);
        } catch (io.llmcm.core.LlmcmException e) {
            throw new BadRequest("/value", e.getMessage());
        }
        Instant expires = null;
        if (expiresText != null) {
            try {
                expires = Instant.parse(expiresText);
            } catch (DateTimeParseException e) {
                throw new BadRequest("/expires", "'expires' must be an instant like 2026-12-31T00:00:00Z");
            }
        }
        repo.secrets().checkMasterKey();
        ChangeRequest.Builder request = writes.request(ctx, call).put(key, repo.secrets().seal(key, plain, expires));
        String precondition = writes.preconditions(ctx, key, request);
        Writes.answer(ctx, writes.commit(request.build(), precondition));
    }

    void delete(Context ctx, Call call) {
        String path = Params.path(ctx);
        EntryKey key = EntryKey.of(call.tenant(), path, call.layer(ctx));
        EntryVersion head = repo.raw(key).filter(v -> !v.isDeleted())
                .orElseThrow(() -> new NotFoundException("no secret " + key));
        if (head.value().type() != ContentType.SECRET) {
            throw new InvalidInputException(key + " is configuration, not a secret; delete it at /v1/tenants/" + call.tenant() + "/config/" + path);
        }
        ChangeRequest.Builder request = writes.request(ctx, call).delete(key);
        String precondition = writes.preconditions(ctx, key, request);
        Writes.answer(ctx, writes.commit(request.build(), precondition));
    }
}
