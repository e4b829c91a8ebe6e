package io.llmcm.server.grpc;

import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import io.llmcm.core.repo.Repository;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The standard {@code grpc.health.v1.Health} service for the server ({@code ""}) and {@code
 * llmcm.v1.ConfigService}: SERVING while {@link io.llmcm.server.http.Readiness} says ready (open,
 * initialized, the store answers, other instances followed promptly) — what {@code GET
 * /health/ready} checks — else NOT_SERVING; NOT_SERVING for good once the server
 * stops. {@code Check} probes at each call (NOT_FOUND for another service); {@code Watch} sends
 * the status, then each change, found by a probe every {@link #PROBE_EVERY} or by a {@code Check}
 * (SERVICE_UNKNOWN for another service, as the standard says). Written here rather than taken from
 * grpc-services' HealthStatusManager so that stopping can end the watches instead of waiting for
 * them. Unauthenticated, like {@code /health/ready}: it says nothing about any tenant.
 */
final class Health implements AutoCloseable {
    static final Duration PROBE_EVERY = Duration.ofSeconds(1);
    private static final List<String> SERVICES = List.of("", ConfigServiceMethods.SERVICE);

    private final io.llmcm.server.http.Readiness readiness;
    private final Thread prober;
    /** open watches, and whether each is of a known service; guarded by itself */
    private final Map<ServerCallStreamObserver<HealthCheckResponse>, Boolean> watchers = new HashMap<>();
    private ServingStatus status; // guarded by watchers
    private boolean closed; // guarded by watchers

    Health(Repository repo) {
        this.readiness = new io.llmcm.server.http.Readiness(repo);
        probe();
        this.prober = Thread.ofVirtual().name("llmcm-grpc-health").start(this::run);
    }

    ServerServiceDefinition definition() {
        return ServerServiceDefinition.builder(HealthGrpc.getServiceDescriptor())
                .addMethod(HealthGrpc.getCheckMethod(), ServerCalls.asyncUnaryCall(this::check))
                .addMethod(HealthGrpc.getWatchMethod(), ServerCalls.asyncServerStreamingCall(this::watch))
                .build();
    }

    private void check(HealthCheckRequest q, StreamObserver<HealthCheckResponse> out) {
        if (!SERVICES.contains(q.getService())) {
            out.onError(Status.NOT_FOUND.withDescription("unknown service '" + q.getService() + "'").asRuntimeException());
            return;
        }
        out.onNext(response(probe()));
        out.onCompleted();
    }

    private void watch(HealthCheckRequest q, StreamObserver<HealthCheckResponse> observer) {
        ServerCallStreamObserver<HealthCheckResponse> out = (ServerCallStreamObserver<HealthCheckResponse>) observer;
        boolean known = SERVICES.contains(q.getService());
        synchronized (watchers) {
            if (closed) {
                out.onError(stopping());
                return;
            }
            out.setOnCancelHandler(() -> {
                synchronized (watchers) {
                    watchers.remove(out);
                }
            });
            watchers.put(out, known);
            send(out, known ? status : ServingStatus.SERVICE_UNKNOWN);
        }
    }

    /** Probes the repository; watchers of a known service hear of a change. */
    private ServingStatus probe() {
        ServingStatus s = ready() ? ServingStatus.SERVING : ServingStatus.NOT_SERVING;
        synchronized (watchers) {
            if (closed) {
                return ServingStatus.NOT_SERVING;
            }
            if (s != status) {
                status = s;
                watchers.forEach((out, known) -> {
                    if (known) {
                        send(out, s);
                    }
                });
            }
        }
        return s;
    }

    private boolean ready() {
        return readiness.problem().isEmpty();
    }

    private static void send(ServerCallStreamObserver<HealthCheckResponse> out, ServingStatus s) {
        try {
            out.onNext(response(s));
        } catch (RuntimeException cancelled) {
            // the client went away; its cancel handler removes it
        }
    }

    private static HealthCheckResponse response(ServingStatus s) {
        return HealthCheckResponse.newBuilder().setStatus(s).build();
    }

    private static io.grpc.StatusRuntimeException stopping() {
        return Status.UNAVAILABLE.withDescription("the server is stopping").asRuntimeException();
    }

    private void run() {
        while (true) {
            try {
                Thread.sleep(PROBE_EVERY);
            } catch (InterruptedException e) {
                return;
            }
            probe();
        }
    }

    /** Tells every watcher NOT_SERVING, ends its stream (UNAVAILABLE), and answers NOT_SERVING from now on. */
    @Override
    public void close() {
        prober.interrupt();
        synchronized (watchers) {
            closed = true;
            status = ServingStatus.NOT_SERVING;
            watchers.forEach((out, known) -> {
                if (known) {
                    send(out, ServingStatus.NOT_SERVING);
                }
                try {
                    out.onError(stopping());
                } catch (RuntimeException cancelled) {
                    // already gone
                }
            });
            watchers.clear();
        }
    }
}
