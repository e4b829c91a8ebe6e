package io.llmcm.server.grpc;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ClientInterceptors;
import io.grpc.ForwardingClientCall;
import io.grpc.ForwardingClientCallListener;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;
import io.llmcm.server.grpc.v1.WatchEvent;
import io.llmcm.server.grpc.v1.WatchRequest;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A real grpc-java client over {@link ConfigServiceMethods}, as a Java caller without generated
 * stubs would write one: {@link ClientCalls} on a Netty channel, the bearer token in the
 * {@code authorization} metadata. Remembers the response headers of the last call.
 */
final class GrpcClient implements AutoCloseable {
    private final ManagedChannel channel;
    final AtomicReference<Metadata> lastHeaders = new AtomicReference<>();

    GrpcClient(ManagedChannel channel) {
        this.channel = channel;
    }

    static GrpcClient plaintext(int port) {
        return new GrpcClient(plaintextChannel(port));
    }

    static ManagedChannel plaintextChannel(int port) {
        return NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
    }

    /** Calls a unary method with the token (null: no credential). */
    <Q, R> R call(MethodDescriptor<Q, R> method, String token, Q request) {
        return call(method, token, request, CallOptions.DEFAULT);
    }

    <Q, R> R call(MethodDescriptor<Q, R> method, String token, Q request, CallOptions options) {
        return ClientCalls.blockingUnaryCall(channel(token), method, options.withDeadlineAfter(30, TimeUnit.SECONDS), request);
    }

    /** The status a unary call fails with. */
    <Q, R> Status failure(MethodDescriptor<Q, R> method, String token, Q request) {
        try {
            R r = call(method, token, request);
            throw new AssertionError("expected a failure, got " + r);
        } catch (StatusRuntimeException e) {
            return e.getStatus();
        }
    }

    /** The trailers a unary call fails with. */
    <Q, R> Metadata failureTrailers(MethodDescriptor<Q, R> method, String token, Q request) {
        try {
            call(method, token, request);
            throw new AssertionError("expected a failure");
        } catch (StatusRuntimeException e) {
            return e.getTrailers();
        }
    }

    Stream watch(String token, WatchRequest request) {
        Stream s = new Stream();
        ClientCall<WatchRequest, WatchEvent> call = channel(token).newCall(ConfigServiceMethods.WATCH, CallOptions.DEFAULT);
        s.call = call;
        ClientCalls.asyncServerStreamingCall(call, request, s);
        return s;
    }

    private Channel channel(String token) {
        Metadata md = new Metadata();
        if (token != null) {
            md.put(CallContext.AUTHORIZATION, "Bearer " + token);
        }
        return ClientInterceptors.intercept(channel, MetadataUtils.newAttachHeadersInterceptor(md), new HeaderCapture());
    }

    /** Keeps the response headers (grpc-encoding, x-request-id). */
    private final class HeaderCapture implements ClientInterceptor {
        @Override
        public <Q, R> ClientCall<Q, R> interceptCall(MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
            return new ForwardingClientCall.SimpleForwardingClientCall<>(next.newCall(method, options)) {
                @Override
                public void start(Listener<R> listener, Metadata headers) {
                    super.start(new ForwardingClientCallListener.SimpleForwardingClientCallListener<>(listener) {
                        @Override
                        public void onHeaders(Metadata h) {
                            lastHeaders.set(h);
                            super.onHeaders(h);
                        }
                    }, headers);
                }
            };
        }
    }

    /** A watch's events as they come; the end is a status (OK or the failure). */
    static final class Stream implements StreamObserver<WatchEvent>, AutoCloseable {
        private final BlockingQueue<Object> queue = new LinkedBlockingQueue<>();
        private ClientCall<WatchRequest, WatchEvent> call;

        @Override
        public void onNext(WatchEvent e) {
            queue.add(e);
        }

        @Override
        public void onError(Throwable t) {
            queue.add(t instanceof StatusRuntimeException s ? s : Status.fromThrowable(t).asRuntimeException());
        }

        @Override
        public void onCompleted() {
            queue.add(Status.OK.asRuntimeException());
        }

        /** The next event; fails when the stream ends or nothing comes within 10 s. */
        WatchEvent next() {
            Object o = poll(Duration.ofSeconds(10));
            if (o instanceof WatchEvent e) {
                return e;
            }
            throw new AssertionError("expected an event, got " + (o == null ? "nothing within 10 s" : ((StatusRuntimeException) o).getStatus()));
        }

        /** The next CHANGE, skipping heartbeats. */
        WatchEvent nextChange() {
            while (true) {
                WatchEvent e = next();
                if (e.getKind() == WatchEvent.Kind.CHANGE) {
                    return e;
                }
            }
        }

        /** The next event or the end (a status exception); null when nothing came in time. */
        Object poll(Duration timeout) {
            try {
                return queue.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }

        /** How the stream ends (status and trailers), skipping events (within 10 s). */
        StatusRuntimeException ended() {
            while (true) {
                Object o = poll(Duration.ofSeconds(10));
                if (o == null) {
                    throw new AssertionError("the stream did not end within 10 s");
                }
                if (o instanceof StatusRuntimeException s) {
                    return s;
                }
            }
        }

        Status end() {
            return ended().getStatus();
        }

        /** True when no CHANGE comes for {@code d} (heartbeats may). */
        boolean quietFor(Duration d) {
            long deadline = System.nanoTime() + d.toNanos();
            while (System.nanoTime() < deadline) {
                Object o = poll(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
                if (o instanceof WatchEvent e && e.getKind() == WatchEvent.Kind.CHANGE) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public void close() {
            call.cancel("done", null);
        }
    }

    @Override
    public void close() {
        channel.shutdownNow();
        try {
            channel.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
