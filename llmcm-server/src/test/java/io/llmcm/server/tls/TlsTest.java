package io.llmcm.server.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmcm.core.InvalidInputException;
import io.llmcm.core.auth.Binding;
import io.llmcm.core.auth.BindingScope;
import io.llmcm.core.auth.BuiltInRoles;
import io.llmcm.core.auth.Subjects;
import io.llmcm.core.json.Json;
import io.llmcm.core.model.Mutation;
import io.llmcm.server.Server;
import io.llmcm.server.TestServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** HTTPS with TLS 1.3 only, and client certificates (mTLS) that authenticate as {@code cert:<DN>}. */
class TlsTest {
    @TempDir
    static Path dir;

    static TestCerts.Issued ca;
    static TestCerts.Issued clientCa;
    static TestCerts.Issued client;
    static TestServer s;

    @BeforeAll
    static void start() {
        TestCerts.Pki pki = TestCerts.Pki.write(dir);
        ca = pki.ca();
        clientCa = pki.clientCa();
        client = pki.client();
        s = TestServer.start(Server.Options.defaults().withTls(pki.tls()));
        // the certificate's subject, written as people write it, is a viewer in acme
        s.commit(new Mutation.PutBinding(new Binding("acme", "billing-cert", Subjects.CERT + "CN=billing, O=Acme", BuiltInRoles.VIEWER, BindingScope.TENANT, "")));
    }

    @AfterAll
    static void stop() {
        s.close();
    }

    static HttpClient client(SSLContext ctx, String... protocols) {
        HttpClient.Builder b = HttpClient.newBuilder().sslContext(ctx).connectTimeout(Duration.ofSeconds(5));
        if (protocols.length > 0) {
            SSLParameters p = ctx.getDefaultSSLParameters();
            p.setProtocols(protocols);
            b.sslParameters(p);
        }
        return b.build();
    }

    static HttpResponse<String> get(HttpClient http, String scheme, String path, String token) throws IOException, InterruptedException {
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(scheme + "://127.0.0.1:" + s.server().port() + path)).timeout(Duration.ofSeconds(10));
        if (token != null) {
            r.header("Authorization", "Bearer " + token);
        }
        return http.send(r.build(), HttpResponse.BodyHandlers.ofString());
    }

    static List<String> tenantNames(String body) {
        List<String> names = new ArrayList<>();
        for (JsonNode t : Json.parse(body).get("items")) {
            names.add(t.get("name").asString());
        }
        return names;
    }

    @Test
    void servesTls13AndABearerTokenStillWorks() throws Exception {
        HttpResponse<String> r = get(client(TestCerts.clientContext(ca, null, null)), "https", "/v1/tenants", TestServer.BOOTSTRAP);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.sslSession()).get().extracting(javax.net.ssl.SSLSession::getProtocol).isEqualTo("TLSv1.3");
        assertThat(tenantNames(r.body())).contains("acme", "beta");
        assertThat(s.server().scheme()).isEqualTo("https");
    }

    @Test
    void aWatchStreamOverTlsCarriesItsEvents() throws Exception {
        // the stream writes events straight to the connection's end point: under TLS that must encrypt
        HttpClient http = client(TestCerts.clientContext(ca, null, null));
        HttpRequest watch = HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + s.server().port() + "/v1/watch?tenant=acme&env=prod&prefix=models"))
                .header("Authorization", "Bearer " + TestServer.BOOTSTRAP).build();
        HttpResponse<java.util.stream.Stream<String>> r = http.send(watch, HttpResponse.BodyHandlers.ofLines());
        assertThat(r.statusCode()).isEqualTo(200);
        java.util.Iterator<String> lines = r.body().iterator();
        assertThat(lines.next()).isEqualTo("event: ready");
        HttpRequest put = HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + s.server().port() + "/v1/tenants/acme/config/models/tls?env=prod"))
                .header("Authorization", "Bearer " + TestServer.BOOTSTRAP).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"model\":\"gpt-4o\"}")).build();
        String revision = http.send(put, HttpResponse.BodyHandlers.ofString()).headers().firstValue("X-Revision").orElseThrow();
        List<String> seen = new ArrayList<>();
        while (!seen.contains("event: change")) {
            seen.add(lines.next());
        }
        assertThat(lines.next()).isEqualTo("id: " + revision);
        assertThat(lines.next()).startsWith("data: ").contains("\"path\":\"models/tls\"", "gpt-4o");
        r.body().close();
    }

    @Test
    void refusesTls12() {
        HttpClient tls12 = client(TestCerts.clientContext(ca, null, null), "TLSv1.2");
        assertThatThrownBy(() -> get(tls12, "https", "/health/live", null)).isInstanceOf(IOException.class);
    }

    @Test
    void hasNoPlainHttpListener() {
        HttpClient plain = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        try {
            HttpResponse<String> r = get(plain, "http", "/health/live", null);
            assertThat(r.statusCode()).isGreaterThanOrEqualTo(400); // Jetty answers plain text on a TLS port with 400
        } catch (IOException | InterruptedException e) {
            // or drops the connection: either way nothing is served in the clear
        }
    }

    @Test
    void aClientCertificateAuthenticatesAsItsMappedPrincipal() throws Exception {
        HttpClient mtls = client(TestCerts.clientContext(ca, client, clientCa));
        HttpResponse<String> list = get(mtls, "https", "/v1/tenants", null);
        assertThat(list.statusCode()).isEqualTo(200);
        assertThat(tenantNames(list.body())).contains("acme").doesNotContain("beta");
        assertThat(get(mtls, "https", "/v1/tenants/acme/config", null).statusCode()).isEqualTo(200); // viewer: config:read
        assertThat(get(mtls, "https", "/v1/tenants/acme", null).statusCode()).isEqualTo(403); // viewer: no tenant:read
        assertThat(get(mtls, "https", "/v1/tenants/beta/config", null).statusCode()).isEqualTo(404);
    }

    @Test
    void noCertificateAndNoTokenIs401() throws Exception {
        HttpResponse<String> r = get(client(TestCerts.clientContext(ca, null, null)), "https", "/v1/tenants", null);
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.body()).contains("no credential");
    }

    @Test
    void aCertificateFromAnotherCaDoesNotAuthenticate() {
        TestCerts.Issued rogueCa = TestCerts.ca("CN=Rogue CA");
        TestCerts.Issued rogue = TestCerts.client(rogueCa, "CN=billing,O=Acme");
        HttpClient http = client(TestCerts.clientContext(ca, rogue, rogueCa));
        // the server names the CAs it accepts, so the client sends no certificate (or, forced to,
        // the handshake fails): never authenticated
        try {
            assertThat(get(http, "https", "/v1/tenants", null).statusCode()).isEqualTo(401);
        } catch (IOException | InterruptedException e) {
            // refused in the handshake
        }
    }

    @Test
    void aPkcs12KeystoreServesToo() throws Exception {
        TestCerts.Issued server = TestCerts.server(ca, "CN=localhost");
        Path p12 = dir.resolve("server.p12");
        try (var out = Files.newOutputStream(p12)) {
            server.keyStore("changeit".toCharArray(), ca).store(out, "changeit".toCharArray());
        }
        try (TestServer other = TestServer.start(Server.Options.defaults().withTls(Server.Options.Tls.pkcs12(p12, "changeit")))) {
            HttpRequest r = HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + other.server().port() + "/health/live")).build();
            HttpResponse<String> reply = client(TestCerts.clientContext(ca, null, null)).send(r, HttpResponse.BodyHandlers.ofString());
            assertThat(reply.statusCode()).isEqualTo(200);
        }
        assertThatThrownBy(() -> TlsConnector.pkcs12(p12, "wrong")).isInstanceOf(InvalidInputException.class).hasMessageContaining("wrong password");
    }

    @Test
    void badFilesFailWithAMessageBeforeListening() throws Exception {
        TestCerts.Issued other = TestCerts.server(ca, "CN=other");
        TestCerts.Issued server = TestCerts.server(ca, "CN=localhost");
        Path cert = server.write(dir, "mismatch", ca)[0];
        Path key = other.write(dir, "other", ca)[1];
        assertThatThrownBy(() -> TlsConnector.pem(cert, key)).isInstanceOf(InvalidInputException.class).hasMessageContaining("does not belong");
        assertThatThrownBy(() -> TlsConnector.pem(cert, dir.resolve("nope.key"))).isInstanceOf(InvalidInputException.class).hasMessageContaining("no such file");
        Path sec1 = dir.resolve("sec1.key");
        Files.writeString(sec1, "-----BEGIN EC PRIVATE KEY-----\nAAAA\n-----END EC PRIVATE KEY-----\n");
        assertThatThrownBy(() -> TlsConnector.pem(cert, sec1)).isInstanceOf(InvalidInputException.class).hasMessageContaining("openssl pkcs8");
        assertThatThrownBy(() -> new Server.Options.Tls(cert, null, null, null, null)).isInstanceOf(InvalidInputException.class);
    }
}
