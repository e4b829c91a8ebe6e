package io.llmcm.server;

import io.javalin.Javalin;
import io.llmcm.core.InvalidInputException;
import io.llmcm.core.auth.ApiKeys;
import io.llmcm.core.auth.Authentication;
import io.llmcm.core.auth.IssuedKey;
import io.llmcm.core.auth.OidcVerifier;
import io.llmcm.core.auth.PolicyAuthorizer;
import io.llmcm.core.auth.ServiceTokens;
import io.llmcm.core.repo.Repository;
import io.llmcm.server.http.Access;
import io.llmcm.server.http.Drain;
import io.llmcm.server.http.HttpApi;
import io.llmcm.server.http.PlainConnector;
import io.llmcm.server.http.Route;
import io.llmcm.server.http.Routes;
import io.llmcm.server.http.ServerMetrics;
import io.llmcm.server.routes.ApiKeyRoutes;
import io.llmcm.server.routes.AuditRoutes;
import io.llmcm.server.routes.BundleRoutes;
import io.llmcm.server.routes.CommitRoutes;
import io.llmcm.server.routes.ConfigRoutes;
import io.llmcm.server.routes.DataKeyRoutes;
import io.llmcm.server.routes.EnvironmentRoutes;
import io.llmcm.server.routes.IdentityRoutes;
import io.llmcm.server.routes.LlmRouteRoutes;
import io.llmcm.server.routes.LlmRoutes;
import io.llmcm.server.routes.MetaRoutes;
import io.llmcm.server.routes.PolicyRoutes;
import io.llmcm.server.routes.SchemaRoutes;
import io.llmcm.server.routes.SecretRoutes;
import io.llmcm.server.routes.TagRoutes;
import io.llmcm.server.routes.TenantRoutes;
import io.llmcm.server.routes.RolloutRoutes;
import io.llmcm.server.routes.TenantStateRoutes;
import io.llmcm.server.routes.TransferRoutes;
import io.llmcm.server.rollout.AutoRollback;
import io.llmcm.server.rollout.ClientReports;
import io.llmcm.server.routes.WatchRoutes;
import io.llmcm.server.routes.Writes;
import io.llmcm.server.grpc.GrpcServer;
import io.llmcm.server.observability.Tracing;
import io.llmcm.server.tls.TlsConnector;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The composition root: reading this file shows the whole running server. It takes an open,
 * initialized repository (the caller chose the store and the master key) and owns it from then on.
 */
public final class Server implements AutoCloseable {
    /**
     * How to run.
     *
     * @param bind the address to listen on (127.0.0.1 unless told otherwise)
     * @param port 0 for any free port
     * @param bootstrapToken an admin bearer token for automation ({@code LLMCM_BOOTSTRAP_TOKEN}); null
     *     for none, in which case a one-time admin API key is issued on the first start
     * @param oidc bearer tokens from this issuer are accepted; null for none
     * @param tls HTTPS (TLS 1.3 only) instead of plain HTTP; null for plain HTTP
     * @param tracing where request spans go (OTLP/HTTP); null for no tracing
     * @param drain how a stop drains ({@link Drain.Timing}); null for {@link Drain.Timing#DEFAULT}
     */
    public record Options(String bind, int port, String bootstrapToken, OidcVerifier.Config oidc, Clock clock, Tls tls,
            Tracing.Config tracing, boolean auditEveryRead, Duration watchHeartbeat, int grpcPort, Drain.Timing drain) {
        public static final String DEFAULT_BIND = "127.0.0.1";
        public static final int DEFAULT_PORT = 8080;
        /** How often a quiet watch stream says it is alive (and how far it has looked). */
        public static final Duration DEFAULT_WATCH_HEARTBEAT = Duration.ofSeconds(15);
        /** No gRPC listener. */
        public static final int GRPC_OFF = -1;

        public Options {
            bind = Objects.requireNonNullElse(bind, DEFAULT_BIND);
            clock = Objects.requireNonNullElse(clock, Clock.systemUTC());
            watchHeartbeat = Objects.requireNonNullElse(watchHeartbeat, DEFAULT_WATCH_HEARTBEAT);
            if (watchHeartbeat.isNegative() || watchHeartbeat.isZero()) {
                throw new InvalidInputException("the watch heartbeat must be positive, got " + watchHeartbeat);
            }
            drain = Objects.requireNonNullElse(drain, Drain.Timing.DEFAULT);
            if (grpcPort < GRPC_OFF || grpcPort > 65535) {
                throw new InvalidInputException("the gRPC port must be between 0 and 65535 (or off), got " + grpcPort);
            }
        }

        public static Options defaults() {
            return new Options(DEFAULT_BIND, DEFAULT_PORT, null, null, null, null, null, false, null, GRPC_OFF, null);
        }

        public Options withPort(int p) {
            return new Options(bind, p, bootstrapToken, oidc, clock, tls, tracing, auditEveryRead, watchHeartbeat, grpcPort, drain);
        }

        public Options withBind(String b) {
            return new Options(b, port, bootstrapToken, oidc, clock, tls, tracing, auditEveryRead, watchHeartbeat, grpcPort, drain);
        }

        public Options withBootstrapToken(String t) {
            return new Options(bind, port, t, oidc, clock, tls, tracing, auditEveryRead, watchHeartbeat, grpcPort, drain);
        }

        public Options withOidc(OidcVerifier.Config c) {
            return new Options(bind, port, bootstrapToken, c, clock, tls, tracing, auditEveryRead, watchHeartbeat, grpcPort, drain);
        }

        public Options withClock(Clock c) {
            return new Options(bind, port, bootstrapToken, oidc, c, tls, tracing, auditEveryRead, watchHeartbeat, grpcPort, drain);
        }

        public Options withTls(Tls t) {
            return new Options(bind, port, bootstrapToken, oidc, clock, t, tracing, auditEveryRead, watchHeartbeat, grpcPort, drain);
        }

        public Options withTracing(Tracing.Config t) {
            return new Options(bind, port, bootstrapToken, oidc, clock, tls, t, auditEveryRead, watchHeartbeat, grpcPort, drain);
        }

        /**
         * Audit every allowed read as its own event instead of folding repeats into one event per
         * second with a count (see {@code ReadAudit}).
         */
        public Options withAuditEveryRead(boolean every) {
            return new Options(bind, port, bootstrapToken, oidc, clock, tls, tracing, every, watchHeartbeat, grpcPort, drain);
        }

        /** How often a watch stream with nothing to tell sends a heartbeat (15 s by default). */
        public Options withWatchHeartbeat(Duration every) {
            return new Options(bind, port, bootstrapToken, oidc, clock, tls, tracing, auditEveryRead, every, grpcPort, drain);
        }

        /**
         * Also serve gRPC ({@code llmcm.v1.ConfigService}, docs/grpc.md) on this port: 0 for any free
         * port, {@link #GRPC_OFF} for none (the default). It shares the bind address and TLS.
         */
        public Options withGrpcPort(int p) {
            return new Options(bind, port, bootstrapToken, oidc, clock, tls, tracing, auditEveryRead, watchHeartbeat, p, drain);
        }

        /**
         * How long a stop waits for the requests in flight once the listener is closed (10 s by
         * default); those still running then are cut with their connections.
         */
        public Options withDrainTimeout(Duration d) {
            return new Options(bind, port, bootstrapToken, oidc, clock, tls, tracing, auditEveryRead, watchHeartbeat, grpcPort, drain.withDeadline(d));
        }

        /**
         * How long a stop keeps listening after {@code /health/ready} turned 503, so load balancers
         * notice before connections are refused (none by default).
         */
        public Options withUnreadyGrace(Duration d) {
            return new Options(bind, port, bootstrapToken, oidc, clock, tls, tracing, auditEveryRead, watchHeartbeat, grpcPort, drain.withUnready(d));
        }

        /** {@code https} with TLS, else {@code http}. */
        public String scheme() {
            return tls == null ? "http" : "https";
        }

        /**
         * HTTPS settings: the server's key and certificate chain either as PEM files or as a PKCS#12
         * keystore, and optionally the CAs whose client certificates authenticate callers (mTLS:
         * wanted, not required; the certificate maps to the principal {@code cert:<subject DN>}).
         *
         * @param certificate PEM certificate chain, server certificate first (with {@code privateKey})
         * @param privateKey PEM PKCS#8 private key (with {@code certificate})
         * @param keystore PKCS#12 keystore (instead of the two PEM files)
         * @param keystorePassword the keystore's password ({@code LLMCM_TLS_KEYSTORE_PASSWORD})
         * @param clientCa PEM bundle of CAs for client certificates; null for no client certificates
         */
        public record Tls(Path certificate, Path privateKey, Path keystore, String keystorePassword, Path clientCa) {
            public Tls {
                boolean pem = certificate != null || privateKey != null;
                if (pem && keystore != null) {
                    throw new InvalidInputException("give either --tls-cert and --tls-key or --tls-keystore, not both");
                }
                if (pem && (certificate == null || privateKey == null)) {
                    throw new InvalidInputException("--tls-cert and --tls-key go together");
                }
                if (!pem && keystore == null) {
                    throw new InvalidInputException("TLS needs --tls-cert and --tls-key, or --tls-keystore");
                }
            }

            public static Tls pem(Path certificate, Path privateKey) {
                return new Tls(certificate, privateKey, null, null, null);
            }

            public static Tls pkcs12(Path keystore, String password) {
                return new Tls(null, null, keystore, password, null);
            }

            public Tls withClientCa(Path ca) {
                return new Tls(certificate, privateKey, keystore, keystorePassword, ca);
            }

            /** Reads the files. */
            TlsConnector connector() {
                TlsConnector c = keystore != null ? TlsConnector.pkcs12(keystore, keystorePassword) : TlsConnector.pem(certificate, privateKey);
                return clientCa == null ? c : c.clientCas(clientCa);
            }

            @Override
            public String toString() { // never the password
                return "Tls[" + (keystore != null ? "keystore=" + keystore : "certificate=" + certificate + ", privateKey=" + privateKey)
                        + (clientCa == null ? "" : ", clientCa=" + clientCa) + "]";
            }
        }
    }

    private final Repository repo;
    private final Javalin app;
    private final List<Route> routes;
    private final IssuedKey bootstrapKey;
    private final ServerMetrics metrics;
    private final Access access;
    private final WatchRoutes watches;
    private final Tracing tracing;
    private final String scheme;
    private final TlsConnector https;
    private final Writes writes;
    private final CommitRoutes commits;
    private final Drain drain;
    private GrpcServer grpc; // null unless Options.grpcPort is set
    private final ClientReports reports = new ClientReports(); // REST and gRPC clients counted together
    private final AutoRollback rollback;

    private Server(Repository repo, Options options) {
        this.repo = repo;
        this.rollback = new AutoRollback(repo, reports);
        Clock clock = options.clock();
        // the TLS files are read now: a bad file fails the start before anything listens
        this.https = options.tls() == null ? null : options.tls().connector();

        // who is calling
        ApiKeys apiKeys = new ApiKeys(repo, clock);
        boolean tokenGiven = options.bootstrapToken() != null && !options.bootstrapToken().isEmpty();
        this.bootstrapKey = tokenGiven ? null : apiKeys.bootstrap("llmcm serve").orElse(null);
        ServiceTokens tokens = new ServiceTokens(repo, apiKeys);
        Authentication.Builder auth = Authentication.builder(apiKeys).serviceTokens(tokens).bootstrapToken(options.bootstrapToken());
        if (options.oidc() != null) {
            auth.oidc(new OidcVerifier(options.oidc()));
        }

        // what they may do, and what it cost
        this.metrics = new ServerMetrics();
        metrics.gauge("llmcm_revision", "the store revision this server serves", repo::revision);
        metrics.counter("llmcm_cache_hits", "reads answered from the resolved-value cache", () -> repo.cacheStats().hits());
        metrics.counter("llmcm_cache_misses", "reads that merged layers (then cached)", () -> repo.cacheStats().misses());
        metrics.counter("llmcm_followed_commits", "commits made by other instances sharing the store and applied here",
                repo::followedCommits);
        metrics.counter("llmcm_replanned_batches", "commit batches planned again because another instance took their revisions first",
                repo::replannedBatches);
        metrics.gauge("llmcm_follow_lag_milliseconds", "time since this instance last read the shared store's log to its end"
                + " (0 without other instances; grows while the store is unreachable)", () -> repo.sinceCaughtUp().toMillis());
        if (repo.hasSharedCache()) { // the Redis L2 (docs/server.md): hit rate = (hit - refused) / (hit + miss + error + skipped)
            String about = "lookups of the shared (Redis) L2 cache by result: skipped while Redis is down and not asked";
            metrics.counter("llmcm_l2_requests", about, "result", "hit", () -> repo.sharedCacheStats().hits());
            metrics.counter("llmcm_l2_requests", about, "result", "miss", () -> repo.sharedCacheStats().misses());
            metrics.counter("llmcm_l2_requests", about, "result", "error", () -> repo.sharedCacheStats().errors());
            metrics.counter("llmcm_l2_requests", about, "result", "skipped", () -> repo.sharedCacheStats().skipped());
            metrics.counter("llmcm_l2_refused", "L2 entries found (counted as hits) that a read did not use: older than it demanded,"
                    + " or from before a tenant was created again", repo::sharedCacheRefused);
        }
        this.access = new Access(repo, auth.build(), new PolicyAuthorizer(repo), clock, metrics, options.auditEveryRead());

        // the API
        this.writes = new Writes(repo, metrics);
        Routes r = new Routes();
        this.drain = new Drain(options.drain());
        new MetaRoutes(repo, metrics, drain).register(r);
        new TenantRoutes(repo, access, writes).register(r);
        new TenantStateRoutes(repo, access).register(r);
        new ConfigRoutes(repo, access, writes).register(r);
        new io.llmcm.server.routes.TargetingRoutes(repo, writes).register(r);
        new LlmRouteRoutes(repo, access).register(r);
        new SecretRoutes(repo, access, writes).register(r);
        this.commits = new CommitRoutes(repo, access, writes);
        commits.register(r);
        new TagRoutes(repo, writes).register(r);
        new SchemaRoutes(repo, writes).register(r);
        new LlmRoutes(repo, access, writes).register(r);
        new EnvironmentRoutes(repo, access, writes).register(r);
        new DataKeyRoutes(repo).register(r);
        new PolicyRoutes(repo, access, writes).register(r);
        new ApiKeyRoutes(repo, access, apiKeys).register(r);
        new IdentityRoutes(repo, tokens).register(r);
        new AuditRoutes(repo, access).register(r);
        new RolloutRoutes(repo, access, writes, reports, rollback).register(r);
        new TransferRoutes(repo, access, writes).register(r);
        new BundleRoutes(repo, access).register(r);
        new io.llmcm.server.routes.PromptRoutes(repo, access).register(r);
        new io.llmcm.server.routes.TemplateRoutes(repo, access, writes).register(r);
        this.watches = new WatchRoutes(repo, access, clock, options.watchHeartbeat(), metrics);
        watches.register(r);
        this.routes = r.list();

        this.scheme = options.scheme();
        this.tracing = Tracing.of(options.tracing());
        this.app = HttpApi.create(routes, access, metrics, tracing, cfg -> {
            cfg.jetty.host = options.bind();
            cfg.jetty.port = options.port();
            cfg.jetty.modifyServer(drain::install);
            // one listener: TLS (no plain HTTP next to it) or plain
            cfg.jetty.addConnector((jetty, http) -> https != null
                    ? https.create(jetty, http, options.bind(), options.port())
                    : PlainConnector.create(jetty, http, options.bind(), options.port()));
        });
    }

    /** Starts a server over the repository; it is serving when this returns. */
    public static Server start(Repository repo, Options options) {
        if (!repo.isInitialized()) {
            throw new IllegalStateException("the store is not initialized");
        }
        Server s = new Server(repo, options);
        try {
            s.app.start();
            if (options.grpcPort() != Options.GRPC_OFF) { // the same calls over gRPC, on their own port
                s.grpc = GrpcServer.start(options.bind(), options.grpcPort(), s.https, repo, s.access, s.writes, s.commits, s.watches, s.reports, s.rollback,
                        options.clock(), options.watchHeartbeat());
            }
        } catch (RuntimeException e) {
            s.app.stop();
            s.tracing.close();
            throw e;
        }
        return s;
    }

    public int port() {
        return app.port();
    }

    /** The gRPC port, or {@link Options#GRPC_OFF} when gRPC is not served. */
    public int grpcPort() {
        return grpc == null ? Options.GRPC_OFF : grpc.port();
    }

    /** {@code https} when serving TLS, else {@code http}. */
    public String scheme() {
        return scheme;
    }

    /** The admin API key issued on this store's first start, once; empty on every later start. */
    public Optional<IssuedKey> bootstrapKey() {
        return Optional.ofNullable(bootstrapKey);
    }

    /** Every registered route. */
    public List<Route> routes() {
        return routes;
    }

    /** The store revision being served. */
    public long revision() {
        return repo.revision();
    }

    public ServerMetrics metrics() {
        return metrics;
    }

    /**
     * Drains, then closes the repository (flushing the audit log): readiness turns 503 (and stays so
     * for the unready grace while everything else is served), watch streams end, the listener
     * closes, requests in flight finish (up to the drain timeout).
     */
    @Override
    public void close() {
        try {
            drain.begin(); // first, so load balancers stop sending while everything still answers (the unready grace)
            watches.close(); // open streams would hold the drain up until its deadline
            if (grpc != null) {
                grpc.close(); // its watch streams end with UNAVAILABLE; clients resume elsewhere or later
            }
            drain.stop(app);
        } finally {
            try {
                access.close(); // the folded read events still counting
                tracing.close(); // exports the spans still buffered
            } finally {
                repo.close();
            }
        }
    }
}
