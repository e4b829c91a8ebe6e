package io.llmcm.cli.command;

import io.llmcm.cli.Logging;

import io.llmcm.cli.Context;
import io.llmcm.cli.StoreOptions;
import io.llmcm.core.InvalidInputException;
import io.llmcm.core.auth.Authentication;
import io.llmcm.core.auth.OidcVerifier;
import io.llmcm.core.repo.Repository;
import io.llmcm.server.Server;
import io.llmcm.server.cache.RedisCache;
import io.llmcm.server.cache.RedisConfig;
import io.llmcm.server.observability.Tracing;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code llmcm serve}: runs the HTTP server on the embedded store, creating and initializing the
 * store (with a master key file) on the first start and printing a one-time admin API key. From
 * its start it logs JSON lines on stdout; the start-up lines for people and scripts (the key, the
 * address) stay plain text lines of their own.
 */
@Command(
        name = "serve",
        mixinStandardHelpOptions = true,
        description = {
            "Run the server (REST API v1) on the embedded store, on 127.0.0.1:8080 unless told otherwise.",
            "On the first start it creates the store if needed, with a master key file, and prints an admin API key once: keep it.",
            "For automation, set LLMCM_BOOTSTRAP_TOKEN to a token of your choice and use it as a Bearer token instead (no key is printed then).",
            "Logs are JSON lines on stdout (timestamp, level, logger, message, requestId, traceId, spanId); the start-up lines"
                    + " (the admin key, 'llmcm serving URL') are plain text lines before and between them.",
            "HTTPS: --tls-cert and --tls-key (PEM), or --tls-keystore (PKCS#12, password in LLMCM_TLS_KEYSTORE_PASSWORD); TLS 1.3 only,"
                    + " and no plain HTTP listener then. --client-ca adds client certificates (mTLS): a certificate issued by those CAs"
                    + " authenticates as cert:<subject DN>, for bindings to name; bearer tokens keep working.",
            "OIDC: --oidc-issuer and --oidc-audience (together) accept bearer JWTs (RS256/ES256) of that OpenID Connect provider;"
                    + " its keys come from --oidc-jwks-uri, else from the jwks_uri of ISSUER/.well-known/openid-configuration."
                    + " A token authenticates as oidc:<iss>#<sub> with the groups of --oidc-groups-claim (group:<name> in bindings),"
                    + " confined to the tenant of --oidc-tenant-claim when that is given.",
            "Tracing: --otlp-endpoint or OTEL_EXPORTER_OTLP_ENDPOINT sends a span per request over OTLP/HTTP; off otherwise.",
            "Shutdown: SIGTERM turns /health/ready to 503, keeps serving for --unready-grace, closes the listener, lets requests in"
                    + " flight finish for up to --drain-timeout (then cuts them), and closes the store.",
            "gRPC: --grpc-port serves llmcm.v1.ConfigService (Resolve, List, Commit, History, Watch) on that port too, with the same"
                    + " credentials, bind address and TLS; off unless given.",
            "Redis: --redis redis://host:port/db?prefix=NAME (or LLMCM_REDIS) adds a shared L2 cache between instances of one store:"
                    + " values as of past revisions, current values for instances that lag, and prompt commit announcements."
                    + " Optional at every moment: when Redis is down the server serves from the store and reconnects by itself."
        },
        footerHeading = "%nEnvironment variables (options override them):%n",
        footer = {
            "  LLMCM_BOOTSTRAP_TOKEN        an admin bearer token of your choice",
            "  LLMCM_LOG_LEVEL              error, warn, info (default), debug, trace",
            "  LLMCM_REDIS                  the URL of --redis",
            "  LLMCM_TLS_KEYSTORE_PASSWORD  the password of --tls-keystore",
            "  OTEL_EXPORTER_OTLP_ENDPOINT  OTLP/HTTP collector base URL (tracing)",
            "  also OTEL_EXPORTER_OTLP_TRACES_ENDPOINT, OTEL_SERVICE_NAME, OTEL_SDK_DISABLED",
            "",
            "Examples:",
            "  llmcm serve",
            "  llmcm serve --store /var/lib/llmcm --bind 0.0.0.0 --port 8443 \\",
            "      --tls-cert server.crt --tls-key server.key --client-ca clients.pem",
            "  llmcm serve --oidc-issuer https://id.example.com/acme --oidc-audience llmcm \\",
            "      --oidc-groups-claim roles",
            "  llmcm serve --log-level debug --otlp-endpoint http://localhost:4318",
            "  llmcm serve --grpc-port 9090",
            "  llmcm serve --store 'postgresql://db:5432/config?schema=llmcm' \\",
            "      --redis 'redis://cache:6379/0?prefix=llmcm'",
            "  llmcm serve --unready-grace 5s --drain-timeout 30s"
        })
public final class ServeCommand implements Callable<Integer> {
    /** The line that carries the one-time key, for scripts to find. */
    public static final String KEY_LINE = "admin API key (shown once): ";
    /** Where the keystore password comes from. */
    public static final String KEYSTORE_PASSWORD_VARIABLE = "LLMCM_TLS_KEYSTORE_PASSWORD";
    public static final String LOG_LEVEL_VARIABLE = "LLMCM_LOG_LEVEL";
    public static final String REDIS_VARIABLE = "LLMCM_REDIS";

    private static final List<String> LEVELS = List.of("error", "warn", "info", "debug", "trace");

    @Spec
    CommandSpec spec;

    @Mixin
    StoreOptions store;

    @Option(names = "--port", paramLabel = "N", description = "port to listen on (default 8080; 0 picks a free one)")
    int port = Server.Options.DEFAULT_PORT;

    @Option(names = "--grpc-port", paramLabel = "N", description = "also serve gRPC (llmcm.v1.ConfigService) on this port (0 picks a free one); off unless given")
    Integer grpcPort;

    @Option(names = "--bind", paramLabel = "ADDR", description = "address to listen on (default 127.0.0.1)")
    String bind = Server.Options.DEFAULT_BIND;

    @Option(names = "--tls-cert", paramLabel = "FILE", description = "serve HTTPS with this PEM certificate chain (server certificate first); needs --tls-key")
    Path tlsCert;

    @Option(names = "--tls-key", paramLabel = "FILE", description = "the PEM private key (PKCS#8, unencrypted) of --tls-cert")
    Path tlsKey;

    @Option(names = "--tls-keystore", paramLabel = "FILE", description = "serve HTTPS with the key and chain of this PKCS#12 keystore (password: LLMCM_TLS_KEYSTORE_PASSWORD)")
    Path tlsKeystore;

    @Option(names = "--client-ca", paramLabel = "FILE", description = "accept client certificates issued by the CAs of this PEM bundle (mTLS; needs HTTPS)")
    Path clientCa;

    @Option(names = "--otlp-endpoint", paramLabel = "URL", description = "send a trace span per request to this OTLP/HTTP collector (e.g. http://localhost:4318); default OTEL_EXPORTER_OTLP_ENDPOINT, else off")
    String otlpEndpoint;

    @Option(names = "--oidc-issuer", paramLabel = "URL", description = "accept bearer tokens of this OpenID Connect issuer (their iss, exactly); needs --oidc-audience")
    String oidcIssuer;

    @Option(names = "--oidc-audience", paramLabel = "AUD", description = "the aud the issuer's tokens must include (this server's client id); needs --oidc-issuer")
    String oidcAudience;

    @Option(names = "--oidc-jwks-uri", paramLabel = "URL", description = "where the issuer's signing keys are; default: the jwks_uri of its .well-known/openid-configuration")
    String oidcJwksUri;

    @Option(names = "--oidc-name-claim", paramLabel = "CLAIM", description = "the claim that names the principal in the audit log (default email, else sub)")
    String oidcNameClaim;

    @Option(names = "--oidc-groups-claim", paramLabel = "CLAIM", description = "the claim holding the principal's groups (default groups)")
    String oidcGroupsClaim;

    @Option(names = "--oidc-tenant-claim", paramLabel = "CLAIM", description = "confine each principal to the tenant this claim names (tokens without it are refused); default: no confinement")
    String oidcTenantClaim;

    @Option(names = "--audit-every-read", description = "one audit event per allowed configuration read, instead of one per caller, key and second with a count")
    boolean auditEveryRead;

    @Option(names = "--drain-timeout", paramLabel = "DURATION",
            description = "on SIGTERM, how long requests in flight may finish once the listener is closed before they are cut (e.g. 30s, 500ms; default 10s)")
    String drainTimeout;

    @Option(names = "--unready-grace", paramLabel = "DURATION",
            description = "on SIGTERM, how long /health/ready answers 503 while everything is still served, so load balancers notice (e.g. 5s; default 0)")
    String unreadyGrace;

    @Option(names = "--redis", paramLabel = "URL",
            description = "share an L2 cache and commit announcements with the other instances through this Redis:"
                    + " redis://[:password@]host:port/db?prefix=NAME (default LLMCM_REDIS, else none; prefix llmcm)")
    String redis;

    @Option(names = "--log-level", paramLabel = "LEVEL", description = "error, warn, info or debug (an access line per request), trace; default LLMCM_LOG_LEVEL, else info")
    String logLevel;

    @Override
    public Integer call() throws InterruptedException {
        Context context = Context.of(spec);
        if (port < 0 || port > 65535) {
            throw new ParameterException(spec.commandLine(), "--port must be between 0 and 65535, got " + port);
        }
        if (grpcPort != null && (grpcPort < 0 || grpcPort > 65535)) {
            throw new ParameterException(spec.commandLine(), "--grpc-port must be between 0 and 65535, got " + grpcPort);
        }
        if (grpcPort != null && grpcPort != 0 && grpcPort == port) {
            throw new ParameterException(spec.commandLine(), "--grpc-port must differ from --port (" + port + "): gRPC has a listener of its own");
        }
        String level = (logLevel != null ? logLevel : context.env(LOG_LEVEL_VARIABLE, "info")).trim().toLowerCase(Locale.ROOT);
        if (!LEVELS.contains(level)) {
            throw new ParameterException(spec.commandLine(), (logLevel != null ? "--log-level" : LOG_LEVEL_VARIABLE)
                    + " must be one of " + String.join(", ", LEVELS) + ", got '" + level + "'");
        }
        Duration grace = unreadyGrace == null ? null : duration("--unready-grace", unreadyGrace, Duration.ZERO);
        Duration drain = drainTimeout == null ? null : duration("--drain-timeout", drainTimeout, Duration.ofMillis(1));
        Server.Options.Tls tls = tls(context);
        OidcVerifier.Config oidc = oidc();
        Tracing.Config tracing;
        try {
            tracing = Tracing.Config.resolve(otlpEndpoint, context.env());
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--otlp-endpoint: " + e.getMessage());
        }
        RedisConfig redisConfig = redis(context);
        Logging.json(level);
        long started = System.nanoTime();
        RedisCache l2 = redisConfig == null ? null : RedisCache.open(redisConfig);
        Repository repo = l2 == null ? store.create() : store.create(l2);
        Server server;
        try {
            if (!repo.isInitialized()) {
                firstStart(repo);
            }
            Server.Options options = Server.Options.defaults()
                    .withBind(bind)
                    .withPort(port)
                    .withBootstrapToken(context.env(Authentication.BOOTSTRAP_VARIABLE, null))
                    .withTls(tls)
                    .withOidc(oidc)
                    .withTracing(tracing)
                    .withAuditEveryRead(auditEveryRead)
                    .withGrpcPort(grpcPort == null ? Server.Options.GRPC_OFF : grpcPort);
            // unset flags keep the server's defaults rather than repeat them here
            options = grace == null ? options : options.withUnreadyGrace(grace);
            options = drain == null ? options : options.withDrainTimeout(drain);
            server = Server.start(repo, options);
        } catch (RuntimeException e) {
            repo.close();
            throw e;
        }
        server.bootstrapKey().ifPresent(k -> Out.line(spec, KEY_LINE + k.secret()));
        Out.line(spec, "llmcm serving " + server.scheme() + "://" + bind + ":" + server.port() + " (store " + store.describe() + ", revision "
                + server.revision() + ", ready in " + (System.nanoTime() - started) / 1_000_000 + " ms)");
        if (l2 != null) {
            Out.line(spec, "llmcm L2 cache " + l2.describe() + (l2.available() ? " (connected)" : " (unreachable: serving without it, retrying)"));
        }
        if (server.grpcPort() != Server.Options.GRPC_OFF) {
            Out.line(spec, "llmcm gRPC on " + bind + ":" + server.grpcPort() + (tls == null ? " (plaintext)" : " (TLS)"));
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "llmcm-shutdown"));
        stopped.await();
        return 0;
    }

    /** The Redis of {@code --redis} or {@code LLMCM_REDIS}, or null for none; a bad URL is a usage error naming where it came from. */
    private RedisConfig redis(Context context) {
        String url = redis != null ? redis : context.env(REDIS_VARIABLE, null);
        if (url == null || (redis == null && url.isBlank())) {
            return null;
        }
        try {
            return RedisConfig.parse(url);
        } catch (InvalidInputException e) {
            throw new ParameterException(spec.commandLine(), (redis != null ? "--redis" : REDIS_VARIABLE) + ": " + e.getMessage());
        }
    }

    /** A duration flag (10s, 500ms, PT1M) of at least {@code min}; anything else is a usage error naming the flag. */
    /**
     * Creates the master key (a file) and initializes the store. Several instances started at once
     * on a new shared store all come here: one creates each, the others use what it created (the
     * master key: the same file, or the same key in another, must be configured on every instance).
     */
    private void firstStart(Repository repo) {
        List<String> lines = List.of();
        if (!repo.secrets().hasMasterKey()) {
            try {
                lines = MasterKeys.create(repo, store.keys(), "file", "llmcm serve");
            } catch (io.llmcm.core.LlmcmException e) {
                if (!awaitOtherInstance(() -> repo.secrets().hasMasterKey())) {
                    throw e;
                }
            }
        }
        try {
            repo.initialize("llmcm serve");
        } catch (io.llmcm.core.ConflictException e) {
            if (!repo.isInitialized()) {
                throw e;
            }
            return; // another instance initialized it at the same moment
        }
        Out.line(spec, "initialized store " + store.describe());
        lines.forEach(l -> Out.line(spec, l));
    }

    /**
     * Whether another instance finishes what this one could not do at the same moment (it created
     * the master key file first, say, and is about to store its record): waits a few seconds.
     */
    private static boolean awaitOtherInstance(java.util.function.BooleanSupplier done) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() - deadline >= 0) {
                return false;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    private Duration duration(String option, String text, Duration min) {
        Duration d;
        try {
            d = Times.duration(text, option);
        } catch (InvalidInputException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        if (d.compareTo(min) < 0) {
            throw new ParameterException(spec.commandLine(), option + " must be " + (min.isZero() ? "0 or more" : "more than 0") + ", got '" + text + "'");
        }
        return d;
    }

    private Server.Options.Tls tls(Context context) {
        if (tlsCert == null && tlsKey == null && tlsKeystore == null) {
            if (clientCa != null) {
                throw new ParameterException(spec.commandLine(), "--client-ca needs HTTPS: add --tls-cert and --tls-key, or --tls-keystore");
            }
            return null;
        }
        if (tlsKeystore != null && (tlsCert != null || tlsKey != null)) {
            throw new ParameterException(spec.commandLine(), "give either --tls-cert and --tls-key or --tls-keystore, not both");
        }
        if (tlsKeystore == null && (tlsCert == null || tlsKey == null)) {
            throw new ParameterException(spec.commandLine(), "--tls-cert and --tls-key go together");
        }
        for (Path f : new Path[] {tlsCert, tlsKey, tlsKeystore, clientCa}) {
            if (f != null && !java.nio.file.Files.isReadable(f)) {
                throw new ParameterException(spec.commandLine(), "cannot read " + f);
            }
        }
        Server.Options.Tls tls = tlsKeystore != null
                ? Server.Options.Tls.pkcs12(tlsKeystore, context.env(KEYSTORE_PASSWORD_VARIABLE, ""))
                : Server.Options.Tls.pem(tlsCert, tlsKey);
        return clientCa == null ? tls : tls.withClientCa(clientCa);
    }

    /** The OIDC provider to trust, or null for none; refuses options that do not go together. */
    private OidcVerifier.Config oidc() {
        if (oidcIssuer == null && oidcAudience == null) {
            String[][] dependent = {{"--oidc-jwks-uri", oidcJwksUri}, {"--oidc-name-claim", oidcNameClaim},
                {"--oidc-groups-claim", oidcGroupsClaim}, {"--oidc-tenant-claim", oidcTenantClaim}};
            for (String[] d : dependent) {
                if (d[1] != null) {
                    throw new ParameterException(spec.commandLine(), d[0] + " needs --oidc-issuer and --oidc-audience");
                }
            }
            return null;
        }
        if (oidcIssuer == null || oidcAudience == null) {
            throw new ParameterException(spec.commandLine(), "--oidc-issuer and --oidc-audience go together: "
                    + (oidcIssuer == null ? "add --oidc-issuer" : "add --oidc-audience"));
        }
        if (oidcAudience.isBlank()) {
            throw new ParameterException(spec.commandLine(), "--oidc-audience is empty");
        }
        httpUrl("--oidc-issuer", oidcIssuer);
        URI jwks = oidcJwksUri == null ? null : httpUrl("--oidc-jwks-uri", oidcJwksUri);
        for (String[] c : new String[][] {{"--oidc-name-claim", oidcNameClaim}, {"--oidc-groups-claim", oidcGroupsClaim},
                {"--oidc-tenant-claim", oidcTenantClaim}}) {
            if (c[1] != null && c[1].isBlank()) {
                throw new ParameterException(spec.commandLine(), c[0] + " is empty");
            }
        }
        return OidcVerifier.Config.of(oidcIssuer, oidcAudience).withJwksUri(jwks).withClaims(oidcNameClaim, oidcGroupsClaim, oidcTenantClaim);
    }

    private URI httpUrl(String option, String value) {
        URI u;
        try {
            u = new URI(value);
        } catch (URISyntaxException e) {
            throw new ParameterException(spec.commandLine(), option + " must be an http or https URL, got '" + value + "'");
        }
        String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("https") || scheme.equals("http")) || u.getHost() == null) {
            throw new ParameterException(spec.commandLine(), option + " must be an http or https URL, got '" + value + "'");
        }
        return u;
    }
}
