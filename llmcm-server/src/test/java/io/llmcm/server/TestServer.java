package io.llmcm.server;

import io.llmcm.core.auth.ApiKeys;
import io.llmcm.core.auth.Binding;
import io.llmcm.core.auth.BindingScope;
import io.llmcm.core.auth.IssuedKey;
import io.llmcm.core.auth.Subjects;
import io.llmcm.core.crypto.EnvironmentKeyProvider;
import io.llmcm.core.json.Json;
import io.llmcm.core.model.Mutation;
import io.llmcm.core.model.Tenant;
import io.llmcm.core.repo.ChangeRequest;
import io.llmcm.core.repo.Repository;
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
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import tools.jackson.databind.JsonNode;

/**
 * A real server on a free port over a SQLite store in a temporary directory, with a master key,
 * tenants {@code acme} (child of global), {@code acme-eu} (child of acme) and {@code beta}, and a
 * bootstrap admin token. Tests talk to it over HTTP with {@link #call}.
 */
public final class TestServer implements AutoCloseable {
    public static final String BOOTSTRAP = "test-bootstrap-token-0123456789";

    private static final AtomicInteger BINDINGS = new AtomicInteger();

    private final Path dir;
    private final Repository repo;
    private final Server server;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** The HTTP answer. */
    public record Reply(int status, java.net.http.HttpHeaders headers, String body) {
        public JsonNode json() {
            return Json.parse(body);
        }

        public String header(String name) {
            return headers.firstValue(name).orElse(null);
        }
    }

    private final Map<String, String> env;
    private final Server.Options options;
    /** The ports served (the gRPC port too, when served), kept for a restart after a stop. */
    private final int port;
    private final int grpcPort;

    private TestServer(Path dir, Server.Options options) {
        this(dir, new HashMap<>(Map.of("LLMCM_MASTER_KEY", EnvironmentKeyProvider.newKey())), options);
    }

    private TestServer(Path dir, Map<String, String> env, Server.Options options) {
        this.dir = dir;
        this.env = env;
        this.options = options;
        this.repo = Repository.open(SqliteStore.open(dir, Duration.ofSeconds(5)),
                Repository.Options.defaults().withClock(options.clock()).withKeyProviders(r -> new EnvironmentKeyProvider("LLMCM_MASTER_KEY", env)));
        if (!repo.isInitialized()) {
            repo.initialize("test");
            repo.secrets().initialize(new EnvironmentKeyProvider("LLMCM_MASTER_KEY", env), "test");
            commit(new Mutation.PutTenant(new Tenant("acme", "global")),
                    new Mutation.PutTenant(new Tenant("acme-eu", "acme")),
                    new Mutation.PutTenant(new Tenant("beta", "global")));
        }
        this.server = Server.start(repo, options.withPort(options.port() == Server.Options.DEFAULT_PORT ? 0 : options.port())
                .withBootstrapToken(BOOTSTRAP));
        this.port = server.port();
        this.grpcPort = server.grpcPort();
    }

    /**
     * Stops this server and starts a new one on the same store, master key and ports, as a restart
     * of the process would (clients reconnect to the same address).
     */
    public TestServer restart() {
        stop();
        return new TestServer(dir, env, options.withPort(port).withGrpcPort(grpcPort));
    }

    /** A server with default options on a new store. */
    public static TestServer start() {
        return start(Server.Options.defaults());
    }

    public static TestServer start(Server.Options options) {
        try {
            return new TestServer(Files.createTempDirectory("llmcm-server-test"), options);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Repository repo() {
        return repo;
    }

    public Server server() {
        return server;
    }

    public Path dir() {
        return dir;
    }

    public String base() {
        return "http://127.0.0.1:" + server.port();
    }

    /** Commits mutations straight to the repository (test set-up only). */
    public void commit(Mutation... ms) {
        ChangeRequest.Builder b = ChangeRequest.by("test");
        for (Mutation m : ms) {
            b.add(m);
        }
        repo.commit(b.build());
    }

    /**
     * An API key bound to a role (set-up through the engine; the key itself is then used over
     * HTTP like any client's).
     *
     * @param tenant the key's own tenant ("" for store-wide) and the binding's tenant
     */
    public String key(String tenant, String role, BindingScope scope) {
        IssuedKey k = new ApiKeys(repo, java.time.Clock.systemUTC()).issue(tenant, "test-" + role, null, "test");
        commit(new Mutation.PutBinding(new Binding(tenant, "b" + BINDINGS.incrementAndGet(), Subjects.KEY + k.key().id(), role, scope, "")));
        return k.secret();
    }

    public String key(String tenant, String role) {
        return key(tenant, role, BindingScope.TENANT);
    }

    public Reply get(String path, String token) {
        return call("GET", path, token, null, Map.of());
    }

    public Reply put(String path, String token, String json) {
        return call("PUT", path, token, json, Map.of("Content-Type", "application/json"));
    }

    public Reply post(String path, String token, String json) {
        return call("POST", path, token, json, Map.of("Content-Type", "application/json"));
    }

    public Reply delete(String path, String token) {
        return call("DELETE", path, token, null, Map.of());
    }

    /** Any request; {@code token} null sends no credential, {@code body} null no body. */
    public Reply call(String method, String path, String token, String body, Map<String, String> headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base() + path)).timeout(Duration.ofSeconds(30));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        headers.forEach(b::header);
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        try {
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(r.statusCode(), r.headers(), r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private boolean stopped;

    /**
     * Stops the server and closes the store (its WAL checkpointed into the database file), keeping
     * the store directory so a test can read its files; {@link #close} then only deletes them.
     */
    public void stop() {
        if (!stopped) {
            stopped = true;
            server.close();
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
