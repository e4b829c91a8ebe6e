package io.llmcm.server.routes;

import io.javalin.http.Context;
import io.llmcm.core.json.Json;
import io.llmcm.core.repo.Repository;
import io.llmcm.server.http.Call;
import io.llmcm.server.http.Drain;
import io.llmcm.server.http.Guard;
import io.llmcm.server.http.Problems;
import io.llmcm.server.http.Readiness;
import io.llmcm.server.http.Replies;
import io.llmcm.server.http.Routes;
import io.llmcm.server.http.ServerMetrics;
import java.io.IOException;
import java.io.InputStream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/** Health, readiness, metrics and the OpenAPI document: the routes that need no credential. */
public final class MetaRoutes {
    /** The API description, kept true by a test that compares it with the registered routes. */
    public static final String OPENAPI_RESOURCE = "/io/llmcm/server/openapi.yaml";

    private final Repository repo;
    private final ServerMetrics metrics;
    private final Drain drain;
    private final Readiness readiness;
    /** Converted on the first request: parsing YAML at start-up cost a tenth of a second of it. */
    private volatile byte[] openApiJson;

    public MetaRoutes(Repository repo, ServerMetrics metrics, Drain drain) {
        this.repo = repo;
        this.metrics = metrics;
        this.drain = drain;
        this.readiness = new Readiness(repo);
    }

    public void register(Routes routes) {
        routes.get("/health/live", Guard.open(), this::live);
        routes.get("/health/ready", Guard.open(), this::ready);
        routes.get("/metrics", Guard.open(), this::metrics);
        routes.get("/openapi.json", Guard.open(), this::openApiDocument);
    }

    void live(Context ctx, Call call) {
        ObjectNode o = Json.NODES.objectNode();
        o.put("status", "up");
        Replies.json(ctx, o);
    }

    /**
     * Ready when the server is not shutting down and {@link Readiness} says so (the store answers
     * and is initialized, and other instances' commits are followed promptly): a draining server
     * says so first, before it stops listening.
     */
    void ready(Context ctx, Call call) {
        if (drain.draining()) {
            Problems.write(ctx, 503, Drain.SHUTTING_DOWN);
            return;
        }
        java.util.Optional<String> problem = readiness.problem();
        if (problem.isPresent()) {
            Problems.write(ctx, 503, problem.get());
            return;
        }
        ObjectNode o = Json.NODES.objectNode();
        o.put("status", "ready");
        o.put("revision", repo.revision());
        Replies.json(ctx, o);
    }

    void metrics(Context ctx, Call call) {
        ctx.contentType("text/plain; version=0.0.4; charset=utf-8");
        ctx.result(metrics.scrape());
    }

    void openApiDocument(Context ctx, Call call) {
        byte[] doc = openApiJson;
        if (doc == null) {
            doc = Json.bytes(openApi()); // two first requests may both convert: same bytes
            openApiJson = doc;
        }
        ctx.contentType(Replies.JSON);
        ctx.result(doc);
    }

    /** The OpenAPI document as a tree (read from the jar once). */
    public static JsonNode openApi() {
        try (InputStream in = MetaRoutes.class.getResourceAsStream(OPENAPI_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(OPENAPI_RESOURCE + " is missing from the jar");
            }
            return YAMLMapper.builder().build().readTree(in);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
