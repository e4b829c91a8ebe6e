package io.llmcm.server.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import io.llmcm.core.auth.Binding;
import io.llmcm.core.auth.BindingScope;
import io.llmcm.core.auth.BuiltInRoles;
import io.llmcm.core.auth.Subjects;
import io.llmcm.core.model.Mutation;
import io.llmcm.server.Server;
import io.llmcm.server.TestServer;
import io.llmcm.server.grpc.v1.Change;
import io.llmcm.server.grpc.v1.CommitRequest;
import io.llmcm.server.grpc.v1.ListRequest;
import io.llmcm.server.grpc.v1.ListResponse;
import io.llmcm.server.tls.TestCerts;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import javax.net.ssl.SSLException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** gRPC over the HTTP listener's TLS files: TLS 1.3 only, client certificates as {@code cert:<DN>}. */
class GrpcTlsTest {
    @TempDir
    static Path dir;

    static TestCerts.Pki pki;
    static TestServer s;

    @BeforeAll
    static void start() {
        pki = TestCerts.Pki.write(dir);
        s = TestServer.start(Server.Options.defaults().withGrpcPort(0).withTls(pki.tls()));
        s.commit(new Mutation.PutBinding(new Binding("acme", "billing-cert", Subjects.CERT + "CN=billing, O=Acme", BuiltInRoles.VIEWER, BindingScope.TENANT, "")));
    }

    @AfterAll
    static void stop() {
        s.close();
    }

    /** A TLS channel trusting the server CA, presenting the client certificate when asked to. */
    static GrpcClient tls(boolean withCertificate, String protocol) {
        try {
            SslContextBuilder ssl = GrpcSslContexts.forClient().trustManager(pki.ca().certificate()).protocols(protocol);
            if (withCertificate) {
                ssl.keyManager(pki.client().keys().getPrivate(), pki.client().certificate(), pki.clientCa().certificate());
            }
            return new GrpcClient(NettyChannelBuilder.forAddress("127.0.0.1", s.server().grpcPort())
                    .overrideAuthority("localhost")
                    .sslContext(ssl.build())
                    .build());
        } catch (SSLException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void aClientCertificateAuthenticatesAsItsMappedPrincipal() {
        try (GrpcClient g = tls(true, "TLSv1.3")) {
            ListResponse acme = g.call(ConfigServiceMethods.LIST, null, ListRequest.newBuilder().setTenant("acme").build());
            assertThat(acme.getScope()).isEqualTo("acme:base");
            assertThat(g.failure(ConfigServiceMethods.LIST, null, ListRequest.newBuilder().setTenant("beta").build()).getCode()).isEqualTo(Status.Code.NOT_FOUND);
            Status write = g.failure(ConfigServiceMethods.COMMIT, null, CommitRequest.newBuilder().setTenant("acme")
                    .addChanges(Change.newBuilder().setOp(Change.Op.PUT).setPath("x").setValueJson("1")).build());
            assertThat(write.getCode()).isEqualTo(Status.Code.PERMISSION_DENIED); // a viewer
        }
    }

    @Test
    void withoutACertificateABearerTokenWorksAndNothingIsUnauthenticated() {
        try (GrpcClient g = tls(false, "TLSv1.3")) {
            assertThat(g.call(ConfigServiceMethods.LIST, TestServer.BOOTSTRAP, ListRequest.newBuilder().setTenant("beta").build()).getScope()).isEqualTo("beta:base");
            Status none = g.failure(ConfigServiceMethods.LIST, null, ListRequest.newBuilder().setTenant("acme").build());
            assertThat(none.getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
            assertThat(none.getDescription()).contains("no credential");
        }
    }

    @Test
    void tls12AndPlaintextAreRefused() {
        try (GrpcClient g = tls(false, "TLSv1.2")) {
            assertThat(g.failure(ConfigServiceMethods.LIST, TestServer.BOOTSTRAP, ListRequest.newBuilder().setTenant("acme").build()).getCode())
                    .isEqualTo(Status.Code.UNAVAILABLE);
        }
        try (GrpcClient g = GrpcClient.plaintext(s.server().grpcPort())) {
            assertThat(g.failure(ConfigServiceMethods.LIST, TestServer.BOOTSTRAP, ListRequest.newBuilder().setTenant("acme").build()).getCode())
                    .isEqualTo(Status.Code.UNAVAILABLE);
        }
    }
}
