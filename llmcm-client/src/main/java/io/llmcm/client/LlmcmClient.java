package io.llmcm.client;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import javax.crypto.SecretKey;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * The LLM-Config-Manager Java SDK: a connection to one server with one credential.
 *
 * <pre>{@code
 * try (LlmcmClient client = LlmcmClient.builder()
 *         .server(URI.create("http://127.0.0.1:8080"))
 *         .apiKey(System.getenv("LLMCM_API_KEY"))
 *         .snapshotDir(Path.of("/var/cache/myapp/llmcm"))
 *         .build()) {
 *     ConfigView config = client.config(ConfigSpec.of("acme", "prod").service("chat").prefix("models/"));
 *     ChatModel model = config.require("models/chat", ChatModel.class); // from memory
 * }
 * }</pre>
 *
 * <p>{@link #config} opens a {@link ConfigView}: an in-memory snapshot kept up to date in the
 * background. {@link #read} and {@link #put} are direct requests. Thread-safe; {@link #close}
 * closes every view it opened.
 */
public final class LlmcmClient implements AutoCloseable {
    static final System.Logger LOG = System.getLogger("io.llmcm.client");
    private static final ObjectMapper DEFAULT_MAPPER = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private final Builder options;
    private final HttpClient http;
    private final List<ConfigView> views = new CopyOnWriteArrayList<>();
    /** Sends reports one after another, so the server sees them in the order they were made. */
    private final java.util.concurrent.ExecutorService reporter =
            java.util.concurrent.Executors.newSingleThreadExecutor(Thread.ofVirtual().name("llmcm-reports").factory());
    /** Calls state listeners, one event after another, so no view thread waits on a listener. */
    private final java.util.concurrent.ExecutorService stateEvents =
            java.util.concurrent.Executors.newSingleThreadExecutor(Thread.ofVirtual().name("llmcm-state-events").factory());
    private volatile boolean closed;

    private LlmcmClient(Builder b) {
        this.options = b;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(b.connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /** A new builder. {@link Builder#server} is required. */
    public static Builder builder() {
        return new Builder();
    }

    /** The mapper used when none is given: Jackson defaults, unknown JSON fields ignored. */
    static ObjectMapper defaultMapper() {
        return DEFAULT_MAPPER;
    }

    /** The mapper this client binds values with. */
    public ObjectMapper mapper() {
        return options.mapper;
    }

    /**
     * Opens a view of {@code spec}: reads its snapshot from the server (or, when the server cannot
     * be reached and a {@link Builder#snapshotDir} holds one, from disk), then follows changes on a
     * background thread until the view or this client is closed.
     *
     * @throws LlmcmClientException when the server refuses the read (401, 403, 404…), or cannot be
     *     reached and there is no snapshot on disk
     */
    public ConfigView config(ConfigSpec spec) {
        return view(spec).open();
    }

    /**
     * A view of {@code spec} to open with options: a validator, a revision to start from,
     * listeners in place before it follows the server.
     */
    public ViewBuilder view(ConfigSpec spec) {
        return new ViewBuilder(this, spec);
    }

    /**
     * Opens a view of {@code spec} whose snapshots the application checks with {@code validator}
     * before they are served: a rejected snapshot is reported to the server and not served, and
     * readers keep the last accepted one.
     *
     * @throws LlmcmClientException as {@link #config(ConfigSpec)}, and when the first snapshot is
     *     rejected and there is no accepted one on disk
     */
    public ConfigView config(ConfigSpec spec, Validator validator) {
        return view(spec).validator(validator).open();
    }

    ConfigView open(ViewBuilder.Settings settings) {
        if (closed) {
            throw new IllegalStateException("the client is closed");
        }
        ConfigView v = ConfigView.open(this, settings);
        views.add(v);
        return v;
    }

    /**
     * Tells the server, in the background and in order, which revision of {@code spec} this client
     * applied and whether the application accepted it ({@code POST /v1/tenants/{t}/reports}). A
     * report that fails is logged and dropped: reports never hold a view up.
     */
    void report(ConfigSpec spec, long revision, boolean accepted, String reason) {
        if (!options.reports || closed) {
            return;
        }
        tools.jackson.databind.node.ObjectNode body = options.mapper.createObjectNode();
        body.put("client", options.clientId);
        body.put("env", spec.env());
        body.put("service", spec.service());
        body.put("prefix", spec.prefix());
        body.put("revision", revision);
        body.put("accepted", accepted);
        if (!accepted) {
            body.put("reason", reason.length() > 300 ? reason.substring(0, 300) : reason);
        }
        byte[] bytes = options.mapper.writeValueAsBytes(body);
        reporter.execute(() -> {
            HttpRequest req = request(uri("/v1/tenants/" + segment(spec.tenant()) + "/reports", Map.of()))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(bytes)).build();
            try {
                HttpResponse<byte[]> r = http.send(req, HttpResponse.BodyHandlers.ofByteArray());
                if (r.statusCode() / 100 != 2) {
                    LOG.log(System.Logger.Level.DEBUG, "{0}: report of revision {1} refused: {2}", spec, revision, failure(r.statusCode(), r.body()).getMessage());
                }
            } catch (IOException e) {
                LOG.log(System.Logger.Level.DEBUG, "{0}: report of revision {1} not sent: {2}", spec, revision, e.toString());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    /** Queues {@code event} for {@code listeners} on the state-event thread. */
    void deliver(ConfigSpec spec, List<java.util.function.Consumer<StateEvent>> listeners, StateEvent event) {
        try {
            stateEvents.execute(() -> {
                for (java.util.function.Consumer<StateEvent> l : listeners) {
                    try {
                        l.accept(event);
                    } catch (RuntimeException | Error e) {
                        LOG.log(System.Logger.Level.WARNING, spec + ": a state listener failed", e);
                    }
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException closing) {
            // the client is closed: nobody listens any more
        }
    }

    /**
     * Reads the effective value of {@code path} directly from the server, at {@code minRevision} or
     * later: after {@code long r = put(…)}, {@code read(…, r)} sees that write or a newer one. The
     * server waits up to 5 s to reach the revision and answers 412 when it does not.
     *
     * @param service the service layer, or null
     * @param minRevision 0 for any
     * @return empty when there is no value at the path (or the tenant is not visible: 404)
     * @throws LlmcmClientException on any other refusal (412 when the revision was not reached)
     */
    public Optional<ValueRead> read(String tenant, String path, String env, String service, long minRevision) {
        return read(tenant, path, env, service, minRevision, Map.of());
    }

    /**
     * Reads the effective value of {@code path} for a request context: the targeting rules of its
     * layers whose condition holds and whose rollout includes the context's key fire, and {@link
     * ValueRead#rules} names them. The same context always gets the same answer (rollouts hash the
     * key), so a user stays in or out of a rollout across calls and servers.
     *
     * <pre>{@code
     * ValueRead r = client.read("acme", "models/chat", "prod", null, Map.of("region", "eu", "user_id", userId)).orElseThrow();
     * }</pre>
     *
     * @param service the service layer, or null
     * @param context attribute → value (e.g. {@code region}, {@code tier}, {@code user_id}); empty
     *     reads without a context (no rule fires)
     * @return empty when there is no value at the path (or the tenant is not visible: 404)
     * @throws LlmcmClientException on any other refusal (400 for a malformed context)
     */
    public Optional<ValueRead> read(String tenant, String path, String env, String service, Map<String, String> context) {
        return read(tenant, path, env, service, 0, context);
    }

    private Optional<ValueRead> read(String tenant, String path, String env, String service, long minRevision, Map<String, String> context) {
        Map<String, String> q = new LinkedHashMap<>();
        q.put("env", env);
        q.put("service", service);
        if (minRevision > 0) {
            q.put("minRevision", Long.toString(minRevision));
        }
        new java.util.TreeMap<>(Objects.requireNonNull(context, "context")).forEach((name, value) ->
                q.put("ctx." + Objects.requireNonNull(name, "context name"), Objects.requireNonNull(value, "context value of " + name)));
        HttpResponse<byte[]> r = send(get(uri("/v1/tenants/" + segment(tenant) + "/config/" + pathSegments(path), q)));
        if (r.statusCode() == 404) {
            return Optional.empty();
        }
        check(r);
        long revision = r.headers().firstValueAsLong("X-Revision").orElse(-1);
        long mod = r.headers().firstValueAsLong("X-Mod-Revision").orElse(-1);
        String type = r.headers().firstValue("X-Value-Type").orElse("json");
        return Optional.of(new ValueRead(revision, new ConfigValue(path, parse(r.body()), type, mod, null),
                FiredRule.parseHeader(r.headers().firstValue("X-Llmcm-Rules").orElse(null))));
    }

    /**
     * The effective value of {@code path} for a request context, bound to {@code type} with this
     * client's mapper: {@code client.get("acme", "models/chat", "prod", Map.of("user_id", id),
     * ChatModel.class)}.
     *
     * @return empty when there is no value at the path
     * @throws LlmcmClientException when the server refuses the read, or the value does not bind to
     *     {@code type}
     */
    public <T> Optional<T> get(String tenant, String path, String env, Map<String, String> context, Class<T> type) {
        return read(tenant, path, env, null, context).map(r -> {
            try {
                return options.mapper.treeToValue(r.value().value(), type);
            } catch (JacksonException e) {
                throw new LlmcmClientException(0, path + " does not bind to " + type.getSimpleName() + ": " + e.getOriginalMessage(), e);
            }
        });
    }

    /** {@link #read(String, String, String, String, long)} with no service layer. */
    public Optional<ValueRead> read(String tenant, String path, String env, long minRevision) {
        return read(tenant, path, env, null, minRevision);
    }

    /**
     * Writes {@code value} (any object Jackson can write, or a {@link JsonNode}) at {@code path} in
     * the {@code env} layer of {@code tenant}.
     *
     * @return the revision of the commit (the current revision when nothing changed)
     */
    public long put(String tenant, String path, String env, Object value) {
        byte[] body;
        try {
            body = options.mapper.writeValueAsBytes(value);
        } catch (JacksonException e) {
            throw new LlmcmClientException(0, "the value cannot be written as JSON: " + e.getOriginalMessage(), e);
        }
        HttpRequest req = request(uri("/v1/tenants/" + segment(tenant) + "/config/" + pathSegments(path), Map.of("env", env)))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        HttpResponse<byte[]> r = send(req);
        check(r);
        return parse(r.body()).path("revision").asLong();
    }

    /**
     * The LLM route {@code alias} resolved by the server in the scope of {@code spec} (its tenant,
     * environment and service; the prefix is not used): {@code GET /v1/routes/{alias}}. Needs
     * {@code config:read} on the route and every deployment it names.
     *
     * @throws LlmcmClientException 404 when there is no such route in the scope (or the tenant is
     *     not visible), 403 when a deployment it names may not be read, and any other refusal
     */
    public Route route(ConfigSpec spec, String alias) {
        Map<String, String> q = new LinkedHashMap<>();
        q.put("tenant", spec.tenant());
        q.put("env", spec.env());
        q.put("service", spec.service());
        HttpResponse<byte[]> r = send(get(uri("/v1/routes/" + pathSegments(alias), q)));
        check(r);
        return Route.of(parse(r.body()));
    }

    /** {@link #route(ConfigSpec, String)} in {@code tenant} and {@code env}, no service layer. */
    public Route route(String tenant, String env, String alias) {
        return route(ConfigSpec.of(tenant, env), alias);
    }

    /** Closes every view opened by this client and the HTTP client. */
    @Override
    public void close() {
        closed = true;
        for (ConfigView v : views) {
            v.close();
        }
        reporter.shutdownNow();
        stateEvents.shutdown(); // the views' CLOSED events are still delivered
        http.shutdownNow(); // close() would wait for requests still running
    }

    void forget(ConfigView v) {
        views.remove(v);
    }

    // ---- what views use

    Builder options() {
        return options;
    }

    /**
     * The snapshot of {@code spec} from the list route, secrets revealed when the spec says so.
     *
     * @param minRevision 0 for any
     * @param waitForRevision &gt;= 0: long-poll until something under the prefix changes after it
     * @param wait how long the server may hold a long-poll
     */
    Snapshot fetch(ConfigSpec spec, long minRevision, long waitForRevision, Duration wait) {
        Map<String, String> q = scope(spec);
        if (minRevision > 0) {
            q.put("minRevision", Long.toString(minRevision));
        }
        if (waitForRevision < 0) {
            return list(spec, q, options.requestTimeout);
        }
        q.put("waitForRevision", Long.toString(waitForRevision));
        q.put("timeout", wait.toMillis() + "ms");
        return list(spec, q, wait.plus(options.requestTimeout));
    }

    /** The snapshot of {@code spec} as it was at {@code revision}; 404 when the server does not keep it. */
    Snapshot fetchAt(ConfigSpec spec, long revision) {
        Map<String, String> q = scope(spec);
        q.put("at", Long.toString(revision));
        return list(spec, q, options.requestTimeout);
    }

    private Snapshot list(ConfigSpec spec, Map<String, String> q, Duration timeout) {
        HttpRequest.Builder b = request(uri("/v1/tenants/" + segment(spec.tenant()) + "/config", q)).timeout(timeout);
        HttpResponse<byte[]> r = send(b.GET().build());
        check(r);
        JsonNode o = parse(r.body());
        long revision = o.path("revision").asLong(-1);
        if (revision < 0) {
            throw new LlmcmClientException(r.statusCode(), "the list answer has no revision");
        }
        List<ConfigValue> values = new ArrayList<>();
        for (JsonNode item : o.path("items")) {
            values.add(reveal(spec, item(item), revision));
        }
        return Snapshot.of(revision, values, options.mapper, Snapshot.Source.SERVER);
    }

    /** A list or change item as a value. */
    static ConfigValue item(JsonNode item) {
        JsonNode from = item.get("from");
        return new ConfigValue(item.path("path").asString(), item.path("value"), item.path("type").asString("json"),
                item.path("modRevision").asLong(), from == null || from.isNull() ? null : from);
    }

    /**
     * The value itself when {@code v} is a secret and the spec reveals secrets, read at {@code
     * revision}; the mask as it was for a dynamic secret (not revealed: that would issue a lease)
     * and when the secret cannot be revealed (no {@code secret:read}).
     */
    ConfigValue reveal(ConfigSpec spec, ConfigValue v, long revision) {
        if (!spec.revealSecrets() || !v.isSecret() || v.value().has("dynamic")) {
            return v; // revealing a dynamic secret would issue a new lease at every read
        }
        Map<String, String> q = scope(spec);
        q.remove("prefix");
        q.put("reveal", "true");
        q.put("at", Long.toString(revision));
        HttpResponse<byte[]> r = send(get(uri("/v1/tenants/" + segment(spec.tenant()) + "/secrets/" + pathSegments(v.path()), q)));
        if (r.statusCode() == 403 || r.statusCode() == 404) {
            LOG.log(System.Logger.Level.WARNING, "secret {0} of {1} not revealed ({2}); its mask is kept", v.path(), spec, r.statusCode());
            return v;
        }
        check(r);
        JsonNode plain = parse(r.body()).get("value");
        return plain == null ? v : v.revealedAs(plain);
    }

    /** Opens the watch stream of {@code spec} after {@code revision}. */
    HttpResponse<InputStream> watch(ConfigSpec spec, long revision) throws IOException, InterruptedException {
        HttpRequest req = request(uri("/v1/watch", watchQuery(spec)))
                .timeout(options.connectTimeout.plus(options.requestTimeout)) // until the headers
                .header("Accept", "text/event-stream")
                .header("Last-Event-ID", Long.toString(revision))
                .GET()
                .build();
        return http.send(req, HttpResponse.BodyHandlers.ofInputStream());
    }

    private static Map<String, String> watchQuery(ConfigSpec spec) {
        Map<String, String> q = new LinkedHashMap<>();
        q.put("tenant", spec.tenant());
        q.putAll(scope(spec));
        return q;
    }

    private static Map<String, String> scope(ConfigSpec spec) {
        Map<String, String> q = new LinkedHashMap<>();
        q.put("env", spec.env());
        q.put("service", spec.service());
        q.put("prefix", spec.prefix().isEmpty() ? null : spec.prefix());
        return q;
    }

    JsonNode parse(byte[] body) {
        try {
            return options.mapper.readTree(body);
        } catch (JacksonException e) {
            throw new LlmcmClientException(0, "the server answered JSON that does not parse: " + e.getOriginalMessage(), e);
        }
    }

    // ---- HTTP

    private HttpRequest get(URI uri) {
        return request(uri).GET().build();
    }

    private HttpRequest.Builder request(URI uri) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(options.requestTimeout).header("Accept", "application/json");
        String credential = options.credentials == null ? null : options.credentials.get();
        if (credential != null) {
            b.header("Authorization", "Bearer " + credential);
        }
        return b;
    }

    private HttpResponse<byte[]> send(HttpRequest req) {
        try {
            return http.send(req, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new LlmcmClientException(0, req.method() + " " + req.uri().getPath() + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LlmcmClientException(0, "interrupted", e);
        }
    }

    /** Throws the server's problem document as an exception unless the answer is a 2xx. */
    void check(HttpResponse<byte[]> r) {
        if (r.statusCode() / 100 == 2) {
            return;
        }
        throw failure(r.statusCode(), r.body());
    }

    LlmcmClientException failure(int status, byte[] body) {
        String detail = "";
        try {
            JsonNode p = options.mapper.readTree(body);
            detail = p.path("detail").asString("") + (p.hasNonNull("field") ? " (" + p.get("field").asString() + ")" : "");
        } catch (JacksonException | IllegalArgumentException notJson) {
            // keep the status alone
        }
        return new LlmcmClientException(status, "HTTP " + status + (detail.isEmpty() ? "" : ": " + detail));
    }

    private URI uri(String path, Map<String, String> query) {
        StringBuilder s = new StringBuilder(options.server).append(path);
        char sep = '?';
        for (Map.Entry<String, String> e : query.entrySet()) {
            if (e.getValue() != null) {
                s.append(sep).append(encode(e.getKey())).append('=').append(encode(e.getValue())); // ctx.<name> comes from the caller
                sep = '&';
            }
        }
        return URI.create(s.toString());
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String segment(String s) {
        return encode(s);
    }

    /** A key path with each segment encoded and its slashes kept. */
    private static String pathSegments(String path) {
        StringBuilder s = new StringBuilder();
        for (String part : path.split("/", -1)) {
            if (!s.isEmpty()) {
                s.append('/');
            }
            s.append(encode(part));
        }
        return s.toString();
    }

    /** Options of a client; {@link #server} is required. */
    public static final class Builder {
        private String server;
        private Supplier<String> credentials;
        private ObjectMapper mapper = DEFAULT_MAPPER;
        private Duration connectTimeout = Duration.ofSeconds(5);
        private Duration requestTimeout = Duration.ofSeconds(10);
        private Duration pollInterval = Duration.ofSeconds(30);
        private Duration backoffInitial = Duration.ofMillis(250);
        private Duration backoffMax = Duration.ofSeconds(30);
        private Duration idleTimeout = Duration.ofSeconds(45);
        private boolean watch = true;
        private Path snapshotDir;
        private SecretKey secretsKey;
        private String clientId;
        private boolean reports = true;
        private final List<java.util.function.Consumer<StateEvent>> stateListeners = new ArrayList<>();

        private Builder() {}

        /** The server's base URI, e.g. {@code http://127.0.0.1:8080} (required). */
        public Builder server(URI uri) {
            String s = Objects.requireNonNull(uri, "uri").toString();
            this.server = s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
            return this;
        }

        /** An API key ({@code llmcm_…}) sent as the Bearer credential. */
        public Builder apiKey(String key) {
            Objects.requireNonNull(key, "key");
            this.credentials = () -> key;
            return this;
        }

        /** A token (service token, OIDC token) sent as the Bearer credential. */
        public Builder token(String token) {
            return apiKey(token);
        }

        /** A Bearer credential asked for at every request, for tokens that are renewed. */
        public Builder token(Supplier<String> tokens) {
            this.credentials = Objects.requireNonNull(tokens, "tokens");
            return this;
        }

        /** The mapper values are bound with (default: Jackson's, unknown fields ignored). */
        public Builder mapper(ObjectMapper mapper) {
            this.mapper = Objects.requireNonNull(mapper, "mapper");
            return this;
        }

        /** How long to wait for a connection (default 5 s). */
        public Builder connectTimeout(Duration d) {
            this.connectTimeout = positive(d);
            return this;
        }

        /** How long a request may take (default 10 s; long-polls add their wait to it). */
        public Builder requestTimeout(Duration d) {
            this.requestTimeout = positive(d);
            return this;
        }

        /**
         * How often a view re-reads its snapshot when the watch stream cannot be established
         * (default 30 s). The read is a long-poll: a server that supports {@code waitForRevision}
         * answers as soon as something changes.
         */
        public Builder pollInterval(Duration d) {
            this.pollInterval = positive(d);
            return this;
        }

        /**
         * The delay before the first reconnection after a failure and the most it grows to,
         * doubling at each failure in a row, each delay drawn at random in its upper half
         * (default 250 ms to 30 s).
         */
        public Builder reconnectBackoff(Duration initial, Duration max) {
            this.backoffInitial = positive(initial);
            this.backoffMax = positive(max);
            if (max.compareTo(initial) < 0) {
                throw new IllegalArgumentException("max < initial");
            }
            return this;
        }

        /**
         * A watch stream that sends nothing for this long is dropped and reconnected (default 45 s,
         * three of the server's 15 s heartbeats).
         */
        public Builder idleTimeout(Duration d) {
            this.idleTimeout = positive(d);
            return this;
        }

        /** Whether views follow the watch stream (default) or only poll. */
        public Builder watch(boolean watch) {
            this.watch = watch;
            return this;
        }

        /**
         * Where views keep their snapshot on disk: written after every change, read at start when
         * the server cannot be reached. Secrets are left out of the file unless {@link
         * #persistSecrets} is given. Off by default.
         */
        public Builder snapshotDir(Path dir) {
            this.snapshotDir = Objects.requireNonNull(dir, "dir");
            return this;
        }

        /**
         * Keeps secrets in the snapshot file, each value encrypted with AES-256-GCM under {@code
         * aesKey} (32 bytes), a random 12-byte nonce and the spec and path as associated data.
         * Without it, secrets are never written.
         */
        public Builder persistSecrets(SecretKey aesKey) {
            Objects.requireNonNull(aesKey, "aesKey");
            byte[] raw = aesKey.getEncoded();
            if (!"AES".equalsIgnoreCase(aesKey.getAlgorithm()) || raw == null || raw.length != 32) {
                throw new IllegalArgumentException("persistSecrets needs a 256-bit AES key");
            }
            this.secretsKey = aesKey;
            return this;
        }

        /** The client. */
        /**
         * How this client names itself in its reports to the server: stable across restarts of the
         * same instance is best (a pod name). Default: host name and process id.
         */
        public Builder clientId(String id) {
            if (id == null || id.isBlank() || id.length() > 200) {
                throw new IllegalArgumentException("the client id must be 1 to 200 characters");
            }
            this.clientId = id;
            return this;
        }

        /**
         * Whether views report the revisions they apply, and whether they were accepted, to the
         * server (default true): what the server's rollout view and rollback rules count.
         */
        public Builder reports(boolean send) {
            this.reports = send;
            return this;
        }

        /**
         * Called at every state change of every view of the client (see {@link
         * ConfigView#addStateListener}): where an application surfaces its configuration's health.
         */
        public Builder stateListener(java.util.function.Consumer<StateEvent> listener) {
            stateListeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        List<java.util.function.Consumer<StateEvent>> stateListeners() {
            return List.copyOf(stateListeners);
        }

        private static String defaultClientId() {
            String host;
            try {
                host = java.net.InetAddress.getLocalHost().getHostName();
            } catch (IOException e) {
                host = "localhost";
            }
            return host + "/" + ProcessHandle.current().pid();
        }

        public LlmcmClient build() {
            if (clientId == null) {
                clientId = defaultClientId(); // asks the resolver for the host name: once, here
            }
            if (server == null) {
                throw new IllegalStateException("server(URI) is required");
            }
            return new LlmcmClient(this);
        }

        private static Duration positive(Duration d) {
            if (d == null || d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("a positive duration is needed");
            }
            return d;
        }

        String server() {
            return server;
        }

        Duration pollInterval() {
            return pollInterval;
        }

        Duration backoffInitial() {
            return backoffInitial;
        }

        Duration backoffMax() {
            return backoffMax;
        }

        Duration idleTimeout() {
            return idleTimeout;
        }

        boolean watch() {
            return watch;
        }

        Path snapshotDir() {
            return snapshotDir;
        }

        SecretKey secretsKey() {
            return secretsKey;
        }

        ObjectMapper mapper() {
            return mapper;
        }
    }
}
