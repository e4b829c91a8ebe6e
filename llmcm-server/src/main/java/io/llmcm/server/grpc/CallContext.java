package io.llmcm.server.grpc;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.ForwardingServerCall;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.llmcm.server.http.Access;
import io.llmcm.server.http.RequestIds;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

/**
 * What every call carries into its handler: the caller's credentials ({@code authorization}
 * metadata, the TLS client certificate, the peer address) and a request id ({@code x-request-id}
 * metadata when sane, else a new one, sent back in the response headers and error trailers).
 * Also turns on gzip for the answer; gRPC sends it uncompressed to a client that does not accept
 * gzip.
 */
final class CallContext implements ServerInterceptor {
    static final Context.Key<Access.Credentials> CREDENTIALS = Context.key("llmcm-credentials");
    static final Context.Key<String> REQUEST_ID = Context.key("llmcm-request-id");

    static final Metadata.Key<String> AUTHORIZATION = Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
        String id = RequestIds.fromHeaderOrNew(headers.get(GrpcErrors.REQUEST_ID));
        SocketAddress peer = call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR);
        String ip = peer instanceof InetSocketAddress a && a.getAddress() != null ? a.getAddress().getHostAddress() : "";
        Access.Credentials credentials = new Access.Credentials(headers.get(AUTHORIZATION), certificate(call.getAttributes().get(Grpc.TRANSPORT_ATTR_SSL_SESSION)), ip);
        call.setCompression("gzip");
        ServerCall<Q, R> withId = new ForwardingServerCall.SimpleForwardingServerCall<>(call) {
            @Override
            public void sendHeaders(Metadata h) {
                h.put(GrpcErrors.REQUEST_ID, id);
                super.sendHeaders(h);
            }
        };
        Context ctx = Context.current().withValues(CREDENTIALS, credentials, REQUEST_ID, id);
        return Contexts.interceptCall(ctx, withId, headers, next);
    }

    /** The client certificate the TLS handshake verified against the client CAs, or null. */
    private static X509Certificate certificate(SSLSession session) {
        if (session == null) {
            return null;
        }
        try {
            Certificate[] chain = session.getPeerCertificates();
            return chain.length > 0 && chain[0] instanceof X509Certificate x ? x : null;
        } catch (SSLPeerUnverifiedException e) {
            return null; // no certificate presented
        }
    }
}
