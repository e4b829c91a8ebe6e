package io.llmcm.server;

import io.javalin.Javalin;
import io.llmcm.core.auth.ApiKeys;
import io.llmcm.core.auth.Authentication;
import io.llmcm.core.auth.IssuedKey;
import io.llmcm.core.auth.OidcVerifier;
import io.llmcm.core.auth.PolicyAuthorizer;
import io.llmcm.core.auth.ServiceTokens;
import io.llmcm.core.repo.Repository;
import io.llmcm.server.http.Access;
import io.llmcm.server.http.HttpApi;
import io.llmcm.server.http.Route;
import io.llmcm.server.http.Routes;
import io.llmcm.server.http.ServerMetrics;
import io.llmcm.server.routes.ApiKeyRoutes;
import io.llmcm.server.routes.AuditRoutes;
import io.llmcm.server.routes.CommitRoutes;
import io.llmcm.server.routes.ConfigRoutes;
import io.llmcm.server.routes.DataKeyRoutes;
import io.llmcm.server.routes.EnvironmentRoutes;
import io.llmcm.server.routes.IdentityRoutes;
import io.llmcm.server.routes.MetaRoutes;
import io.llmcm.server.routes.PolicyRoutes;
import io.llmcm.server.routes.SchemaRoutes;
import io.llmcm.server.routes.SecretRoutes;
import io.llmcm.server.routes.TagRoutes;
import io.llmcm.server.routes.TenantRoutes;
import io.llmcm.server.routes.TenantStateRoutes;
import io.llmcm.server.routes.Writes;
import java.time.Clock;
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
     */
    public record Options(String bind, int port, String bootstrapToken, OidcVerifier.Config oidc, Clock clock) {
        public static final String DEFAULT_BIND = "127.0.0.1";
        public static final int DEFAULT_PORT = 8080;

        public Options {
            bind = Objects.requireNonNullElse(bind, DEFAULT_BIND);
            clock = Objects.requireNonNullElse(clock, Clock.systemUTC());
        }

        public static Options defaults() {
            return new Options(DEFAULT_BIND, DEFAULT_PORT, null, null, null);
        }

        public Options withPort(int p) {
            return new Options(bind, p, bootstrapToken, oidc, clock);
        }

        public Options withBind(String b) {
            return new Options(b, port, bootstrapToken, oidc, clock);
        }

        public Options withBootstrapToken(String t) {
            return new Options(bind, port, t, oidc, clock);
        }

        public Options withOidc(OidcVerifier.Config c) {
            return new Options(bind, port, bootstrapToken, c, clock);
        }

        public Options withClock(Clock c) {
            return new Options(bind, port, bootstrapToken, oidc, c);
        }
    }

    private final Repository repo;
    private final Javalin app;
    private final List<Route> routes;
    private final IssuedKey bootstrapKey;
    private final ServerMetrics metrics;

    private Server(Repository repo, Options options) {
        this.repo = repo;
        Clock clock = options.clock();

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
        Access access = new Access(repo, auth.build(), new PolicyAuthorizer(repo), clock, metrics);

        // the API
        Writes writes = new Writes(repo, metrics);
        Routes r = new Routes();
        new MetaRoutes(repo, metrics).register(r);
        new TenantRoutes(repo, access, writes).register(r);
        new TenantStateRoutes(repo, access).register(r);
        new ConfigRoutes(repo, access, writes).register(r);
        new SecretRoutes(repo, access, writes).register(r);
        new CommitRoutes(repo, access, writes).register(r);
        new TagRoutes(repo, writes).register(r);
        new SchemaRoutes(repo, writes).register(r);
        new EnvironmentRoutes(repo, access, writes).register(r);
        new DataKeyRoutes(repo).register(r);
        new PolicyRoutes(repo, access, writes).register(r);
        new ApiKeyRoutes(repo, access, apiKeys).register(r);
        new IdentityRoutes(repo, tokens).register(r);
        new AuditRoutes(repo, access).register(r);
        this.routes = r.list();

        this.app = HttpApi.create(routes, access, metrics, cfg -> {
            cfg.jetty.host = options.bind();
            cfg.jetty.port = options.port();
        });
    }

    /** Starts a server over the repository; it is serving when this returns. */
    public static Server start(Repository repo, Options options) {
        if (!repo.isInitialized()) {
            throw new IllegalStateException("the store is not initialized");
        }
        Server s = new Server(repo, options);
        s.app.start();
        return s;
    }

    public int port() {
        return app.port();
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

    /** Stops serving, then closes the repository (flushing the audit log). */
    @Override
    public void close() {
        try {
            app.stop();
        } finally {
            repo.close();
        }
    }
}
