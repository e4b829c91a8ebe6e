package io.llmcm.client;

import io.llmcm.core.crypto.EnvironmentKeyProvider;
import io.llmcm.core.json.Json;
import io.llmcm.core.model.EntryKey;
import io.llmcm.core.model.Layer;
import io.llmcm.core.model.Mutation;
import io.llmcm.core.model.Tenant;
import io.llmcm.core.model.Value;
import io.llmcm.core.repo.ChangeRequest;
import io.llmcm.core.repo.Repository;
import io.llmcm.server.Server;
import io.llmcm.store.sqlite.SqliteStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.function.BooleanSupplier;
import tools.jackson.databind.JsonNode;

/**
 * A real server over a SQLite store in a temporary directory, with tenants {@code acme} (child of
 * global) and {@code beta} and a bootstrap admin token. It can be stopped and started again on the
 * same store, master key and port, and the store can be written directly while it is stopped.
 */
final class LiveServer implements AutoCloseable {
    static final String TOKEN = "client-test-bootstrap-token-0123456789";

    private final Path dir;
    private final Map<String, String> env = Map.of("LLMCM_MASTER_KEY", EnvironmentKeyProvider.newKey());
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Server.Options options;
    private Server server;
    private int port;

    private LiveServer(Path dir, Duration heartbeat) {
        this.dir = dir;
        this.options = Server.Options.defaults().withBootstrapToken(TOKEN).withWatchHeartbeat(heartbeat);
        Repository repo = open();
        repo.initialize("test");
        repo.secrets().initialize(new EnvironmentKeyProvider("LLMCM_MASTER_KEY", env), "test");
        repo.commit(ChangeRequest.by("test")
                .add(new Mutation.PutTenant(new Tenant("acme", "global")))
                .add(new Mutation.PutTenant(new Tenant("beta", "global")))
                .build());
        server = Server.start(repo, options.withPort(0));
        port = server.port();
    }

    static LiveServer start() {
        return start(Duration.ofSeconds(15));
    }

    /** A server whose watch streams send a heartbeat after {@code heartbeat} without changes. */
    static LiveServer start(Duration heartbeat) {
        try {
            return new LiveServer(Files.createTempDirectory("llmcm-client-test"), heartbeat);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Repository open() {
        return Repository.open(SqliteStore.open(dir, Duration.ofSeconds(5)),
                Repository.Options.defaults().withKeyProviders(r -> new EnvironmentKeyProvider("LLMCM_MASTER_KEY", env)));
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + port);
    }

    /** A client of this server with the admin token and quick retries. */
    LlmcmClient.Builder client() {
        return LlmcmClient.builder().server(uri()).token(TOKEN)
                .reconnectBackoff(Duration.ofMillis(50), Duration.ofMillis(500))
                .connectTimeout(Duration.ofSeconds(2));
    }

    /** Stops the server and closes its store. */
    void stop() {
        if (server != null) {
            server.close();
            server = null;
        }
    }

    /** Starts the server again on the same store and port. */
    void restart() {
        stop();
        server = Server.start(open(), options.withPort(port));
    }

    /** Commits {@code path = json} in acme's {@code base} layer straight to the store (server stopped). */
    long commitOffline(String tenant, String path, String json) {
        try (Repository repo = open()) {
            return repo.commit(ChangeRequest.by("offline")
                    .put(EntryKey.of(tenant, path, Layer.of("base")), Value.of(Json.parse(json)))
                    .build()).revision();
        }
    }

    /**
     * Prunes the history older than a day as seen two days from now (server stopped): every
     * revision before the newest versions is gone, so a watch from one of them is compacted.
     */
    long pruneOffline() {
        java.time.Clock later = java.time.Clock.offset(java.time.Clock.systemUTC(), Duration.ofDays(2));
        try (Repository repo = Repository.open(SqliteStore.open(dir, Duration.ofSeconds(5)), Repository.Options.defaults()
                .withKeyProviders(r -> new EnvironmentKeyProvider("LLMCM_MASTER_KEY", env)).withClock(later))) {
            repo.prune(Duration.ofDays(1));
            return repo.retentionFloor();
        }
    }

    record Reply(int status, String body) {
        JsonNode json() {
            return Json.parse(body);
        }
    }

    Reply call(String method, String path, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(uri() + path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + TOKEN)
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        try {
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(r.statusCode(), r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A successful call's JSON answer. */
    JsonNode ok(String method, String path, String body) {
        Reply r = call(method, path, body);
        if (r.status() / 100 != 2) {
            throw new AssertionError(method + " " + path + " answered " + r.status() + ": " + r.body());
        }
        return r.json();
    }

    /** {@code PUT} a JSON value; the commit's revision. */
    long put(String tenant, String path, String json) {
        return ok("PUT", "/v1/tenants/" + tenant + "/config/" + path, json).path("revision").asLong();
    }

    /** Waits until {@code condition} holds, failing after {@code timeout}. */
    static void await(Duration timeout, String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout + " waiting for " + what);
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    @Override
    public void close() {
        stop();
        try (var files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temp dir left behind is harmless
        }
    }
}
