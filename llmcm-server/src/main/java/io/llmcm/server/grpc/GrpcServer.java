package io.llmcm.server.grpc;

import io.grpc.ServerInterceptors;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.ClientAuth;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslProvider;
import io.llmcm.core.repo.Repository;
import io.llmcm.server.http.Access;
import io.llmcm.server.http.HttpApi;
import io.llmcm.server.routes.CommitRoutes;
import io.llmcm.server.routes.WatchRoutes;
import io.llmcm.server.routes.Writes;
import io.llmcm.server.rollout.AutoRollback;
import io.llmcm.server.rollout.ClientReports;
import io.llmcm.server.tls.TlsConnector;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManagerFactory;

/**
 * The gRPC listener (docs/grpc.md): {@code llmcm.v1.ConfigService} and {@code grpc.health.v1.Health}
 * ({@link Health}) on its own port, next to the
 * HTTP one, on virtual threads; with TLS when the HTTP listener has it (the same certificate, TLS
 * 1.3 only, client certificates from the same CAs); answers gzip-compressed to clients that accept
 * it.
 */
public final class GrpcServer implements AutoCloseable {
    private static final Duration DRAIN = Duration.ofSeconds(5);

    private final io.grpc.Server server;
    private final ConfigService service;
    private final Health health;
    private final ExecutorService executor;

    /**
     * Starts listening.
     *
     * @param port 0 for any free port
     * @param tls null for plaintext
     */
    public static GrpcServer start(String bind, int port, TlsConnector tls, Repository repo, Access access, Writes writes, CommitRoutes commits,
            WatchRoutes watches, ClientReports reports, AutoRollback rollback, Clock clock, Duration heartbeat) {
        ConfigService service = new ConfigService(repo, access, writes, commits, watches, clock, heartbeat,
                new ReportApplied(repo, access, reports, rollback));
        Health health = new Health(repo);
        ExecutorService executor = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("llmcm-grpc-", 0).factory());
        NettyServerBuilder b = NettyServerBuilder.forAddress(new InetSocketAddress(bind, port))
                .executor(executor)
                .maxInboundMessageSize((int) HttpApi.MAX_BODY)
                .addService(ServerInterceptors.intercept(service.definition(), new CallContext()))
                .addService(health.definition());
        if (tls != null) {
            b.sslContext(sslContext(tls));
        }
        io.grpc.Server server = b.build();
        try {
            server.start();
        } catch (IOException e) {
            executor.shutdownNow();
            health.close();
            throw new UncheckedIOException("cannot listen for gRPC on " + bind + ":" + port + " (" + e.getMessage() + ")", e);
        }
        return new GrpcServer(server, service, health, executor);
    }

    private GrpcServer(io.grpc.Server server, ConfigService service, Health health, ExecutorService executor) {
        this.server = server;
        this.service = service;
        this.health = health;
        this.executor = executor;
    }

    private static io.grpc.netty.shaded.io.netty.handler.ssl.SslContext sslContext(TlsConnector tls) {
        try {
            SslContextBuilder ssl = GrpcSslContexts.configure(SslContextBuilder.forServer(tls.keyManagers()), SslProvider.JDK)
                    .protocols(TlsConnector.PROTOCOL);
            TrustManagerFactory clients = tls.clientTrust();
            if (clients != null) { // wanted, not required: a bearer token still works
                ssl.trustManager(clients).clientAuth(ClientAuth.OPTIONAL);
            }
            return ssl.build();
        } catch (SSLException e) {
            throw new IllegalStateException("cannot set up TLS for gRPC: " + e.getMessage(), e);
        }
    }

    /** The port listened on. */
    public int port() {
        return server.getPort();
    }

    /**
     * Ends every watch stream with UNAVAILABLE (clients resume from their last revision), lets calls
     * in flight finish (up to 5 s), then stops.
     */
    @Override
    public void close() {
        health.close(); // NOT_SERVING first: balancers stop sending before the streams end
        service.close();
        server.shutdown();
        try {
            if (!server.awaitTermination(DRAIN.toMillis(), TimeUnit.MILLISECONDS)) {
                server.shutdownNow();
                server.awaitTermination(1, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            server.shutdownNow();
            Thread.currentThread().interrupt();
        } finally {
            executor.shutdownNow();
        }
    }
}
