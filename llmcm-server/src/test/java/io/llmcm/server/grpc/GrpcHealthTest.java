package io.llmcm.server.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.stub.StreamObserver;
import io.llmcm.server.Server;
import io.llmcm.server.TestServer;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** grpc.health.v1.Health through grpc-java's own stubs against a running server whose store closes under it. */
class GrpcHealthTest {
    private TestServer s;
    private ManagedChannel channel;

    @BeforeEach
    void start() {
        s = TestServer.start(Server.Options.defaults().withGrpcPort(0));
        channel = GrpcClient.plaintextChannel(s.server().grpcPort());
    }

    @AfterEach
    void stop() {
        channel.shutdownNow();
        s.close();
    }

    private ServingStatus check(String service) {
        return HealthGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS)
                .check(HealthCheckRequest.newBuilder().setService(service).build()).getStatus();
    }

    /** What a Watch receives: statuses, then the status it ended with. */
    private static final class Watcher implements StreamObserver<HealthCheckResponse> {
        final BlockingQueue<Object> seen = new LinkedBlockingQueue<>();

        @Override
        public void onNext(HealthCheckResponse r) {
            seen.add(r.getStatus());
        }

        @Override
        public void onError(Throwable t) {
            seen.add(Status.fromThrowable(t).getCode());
        }

        @Override
        public void onCompleted() {
            seen.add("completed");
        }

        Object next() throws InterruptedException {
            Object o = seen.poll(10, TimeUnit.SECONDS);
            assertThat(o).as("an event within 10 s").isNotNull();
            return o;
        }
    }

    private Watcher watch(String service) {
        Watcher w = new Watcher();
        HealthGrpc.newStub(channel).watch(HealthCheckRequest.newBuilder().setService(service).build(), w);
        return w;
    }

    @Test
    void servingWhileTheRepositoryIsOpenThenNotServingOnceItCloses() throws Exception {
        assertThat(check("")).isEqualTo(ServingStatus.SERVING);
        assertThat(check(ConfigServiceMethods.SERVICE)).isEqualTo(ServingStatus.SERVING);
        Watcher w = watch(ConfigServiceMethods.SERVICE);
        assertThat(w.next()).isEqualTo(ServingStatus.SERVING);

        s.repo().close();
        assertThat(w.next()).as("told within a probe").isEqualTo(ServingStatus.NOT_SERVING);
        assertThat(check("")).isEqualTo(ServingStatus.NOT_SERVING);
    }

    @Test
    void unknownServicesAreNotFoundOrServiceUnknown() throws Exception {
        assertThatThrownBy(() -> check("llmcm.v1.Nope")).isInstanceOfSatisfying(StatusRuntimeException.class,
                e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND));
        Watcher w = watch("llmcm.v1.Nope");
        assertThat(w.next()).isEqualTo(ServingStatus.SERVICE_UNKNOWN);
    }

    @Test
    void stoppingTellsWatchersNotServingAndEndsTheirStreamsAtOnce() throws Exception {
        Watcher w = watch("");
        assertThat(w.next()).isEqualTo(ServingStatus.SERVING);
        long start = System.nanoTime();
        s.stop();
        assertThat(w.next()).isEqualTo(ServingStatus.NOT_SERVING);
        assertThat(w.next()).isEqualTo(Status.Code.UNAVAILABLE);
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).as("no wait for the drain").isLessThan(4000);
    }
}
