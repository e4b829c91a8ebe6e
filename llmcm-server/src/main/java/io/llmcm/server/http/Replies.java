package io.llmcm.server.http;

import io.javalin.http.Context;
import io.llmcm.core.json.Json;
import tools.jackson.databind.JsonNode;

/** Writing JSON answers, with the revision they are true at. */
public final class Replies {
    public static final String JSON = "application/json";
    public static final String REVISION_HEADER = "X-Revision";

    private Replies() {}

    /** A JSON body read at {@code revision}: sets {@code ETag: "<revision>"} and {@code X-Revision}. */
    public static void json(Context ctx, long revision, JsonNode body) {
        revision(ctx, revision);
        json(ctx, body);
    }

    public static void json(Context ctx, JsonNode body) {
        ctx.contentType(JSON);
        ctx.result(Json.bytes(body));
    }

    /** Raw JSON bytes as stored (no re-encoding on the read path). */
    public static void jsonBytes(Context ctx, long revision, byte[] body) {
        revision(ctx, revision);
        ctx.contentType(JSON);
        ctx.result(body);
    }

    public static void revision(Context ctx, long revision) {
        String r = Long.toString(revision);
        ctx.header("ETag", '"' + r + '"');
        ctx.header(REVISION_HEADER, r);
    }
}
