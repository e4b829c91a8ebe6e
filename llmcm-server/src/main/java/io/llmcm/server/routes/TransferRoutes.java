package io.llmcm.server.routes;

import io.javalin.http.Context;
import io.llmcm.core.LlmcmException;
import io.llmcm.core.auth.Permission;
import io.llmcm.core.auth.Resource;
import io.llmcm.core.format.Format;
import io.llmcm.core.model.EntryKey;
import io.llmcm.core.model.Value;
import io.llmcm.core.repo.ChangeRequest;
import io.llmcm.core.repo.Repository;
import io.llmcm.core.repo.Scope;
import io.llmcm.core.repo.Transfers;
import io.llmcm.core.json.Json;
import io.llmcm.server.http.Access;
import io.llmcm.server.http.BadRequest;
import io.llmcm.server.http.Bodies;
import io.llmcm.server.http.Call;
import io.llmcm.server.http.Guard;
import io.llmcm.server.http.Params;
import io.llmcm.server.http.Replies;
import io.llmcm.server.http.Routes;
import java.util.Locale;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Documents in and out, as {@code llmcm export} and {@code llmcm import} do locally: the values
 * under a prefix as one document (secrets left out and counted), and a document's parts stored as
 * keys in one commit, each authorized on its own path.
 */
public final class TransferRoutes {
    static final String SECRETS_LEFT_OUT_HEADER = "X-Secrets-Left-Out";
    static final String KEYS_HEADER = "X-Keys";

    private final Repository repo;
    private final Access access;
    private final Writes writes;

    public TransferRoutes(Repository repo, Access access, Writes writes) {
        this.repo = repo;
        this.access = access;
        this.writes = writes;
    }

    public void register(Routes routes) {
        routes.get("/v1/tenants/{tenant}/export", Guard.tenantVisible(Resource.CONFIG, Permission.READ), this::export);
        routes.post("/v1/tenants/{tenant}/import", Guard.tenantVisible(Resource.CONFIG, Permission.WRITE), this::importDocument);
    }

    /** {@code ?prefix=&env=&service=&format=json|yaml|toml|properties|env&raw=&at=}. */
    void export(Context ctx, Call call) {
        Scope scope = call.scope(ctx);
        String prefix = Params.prefix(ctx);
        Format f = format(ctx, Format.JSON);
        boolean raw = Params.flag(ctx, "raw");
        access.require(call, Resource.CONFIG, Permission.READ, prefix, scope.env());
        long at = Revisions.at(ctx, repo, call.tenant());
        long revision = at < 0 ? repo.revision() : at;
        Transfers.Exported e = Transfers.export(repo, scope, prefix, at, raw);
        String text = f == Format.JSON ? Json.pretty(e.document()) : f.write(e.document());
        Replies.revision(ctx, revision);
        ctx.header(SECRETS_LEFT_OUT_HEADER, Integer.toString(e.secretsLeftOut()));
        ctx.header(KEYS_HEADER, Integer.toString(e.keys()));
        ctx.contentType(mediaType(f));
        ctx.result(text.endsWith("\n") ? text : text + "\n");
    }

    /**
     * The body is the document, in the format {@code format=} names or its Content-Type says;
     * {@code ?into=&env=&service=&depth=1&replace=}.
     */
    void importDocument(Context ctx, Call call) {
        Scope scope = call.scope(ctx);
        String into = Params.prefix(Params.string(ctx, "into", ""), "query:into");
        long depth = Params.number(ctx, "depth", 1);
        if (depth > 32) {
            throw new BadRequest("query:depth", "query parameter 'depth' must be at most 32, got " + depth);
        }
        boolean replace = Params.flag(ctx, "replace");
        Format f = ctx.queryParam("format") == null ? Bodies.format(ctx) : format(ctx, null);
        String text = Bodies.text(ctx);
        JsonNode document;
        try {
            document = f == Format.TEXT ? Json.NODES.stringNode(text) : f == Format.JSON ? Json.parse(text) : f.read(text);
        } catch (LlmcmException e) {
            throw new BadRequest("body", "the body is not a valid " + f.id().toUpperCase(Locale.ROOT) + " document: " + e.getMessage());
        }
        Map<EntryKey, Value> parts;
        try {
            parts = Transfers.parts(document, f, (int) depth, into, call.tenant(), scope.layer());
        } catch (io.llmcm.core.InvalidInputException e) {
            throw new BadRequest(e.getMessage().startsWith("depth 0") ? "query:into" : "body", e.getMessage());
        }
        if (parts.size() > CommitRoutes.MAX_CHANGES) {
            throw new BadRequest("body", "an import stores at most " + CommitRoutes.MAX_CHANGES + " keys in one commit, got " + parts.size());
        }
        ChangeRequest.Builder request = writes.request(ctx, call);
        parts.forEach((key, v) -> {
            access.require(call, Resource.CONFIG, Permission.WRITE, key.path(), scope.env());
            request.put(key, v, replace);
        });
        Writes.answer(ctx, writes.commit(request.build()));
    }

    private static Format format(Context ctx, Format fallback) {
        String name = ctx.queryParam("format");
        if (name == null || name.isEmpty()) {
            return fallback;
        }
        try {
            return Format.byName(name);
        } catch (io.llmcm.core.InvalidInputException e) {
            throw new BadRequest("query:format", e.getMessage());
        }
    }

    private static String mediaType(Format f) {
        return switch (f) {
            case JSON -> "application/json";
            case YAML -> "application/yaml";
            case TOML -> "application/toml";
            case PROPERTIES -> "text/x-java-properties; charset=utf-8";
            case ENV, TEXT -> "text/plain; charset=utf-8";
        };
    }
}
