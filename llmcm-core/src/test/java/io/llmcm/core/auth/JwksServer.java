package io.llmcm.core.auth;

import com.nimbusds.jose.jwk.JWKSet;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A local identity provider's key endpoint for tests: serves a JWK set (public keys only) at
 * {@code /jwks} and a discovery document at {@code /.well-known/openid-configuration}, on
 * 127.0.0.1, and counts JWKS fetches.
 */
final class JwksServer implements AutoCloseable {
    private final HttpServer server;
    private final AtomicReference<String> jwks = new AtomicReference<>("{\"keys\":[]}");
    private final AtomicReference<String> discoveryIssuer = new AtomicReference<>();
    final AtomicInteger fetches = new AtomicInteger();

    JwksServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/jwks", x -> {
            fetches.incrementAndGet();
            respond(x, jwks.get());
        });
        server.createContext("/.well-known/openid-configuration", x -> respond(x,
                "{\"issuer\":\"" + (discoveryIssuer.get() == null ? issuer() : discoveryIssuer.get()) + "\",\"jwks_uri\":\"" + issuer() + "/jwks\"}"));
        server.start();
    }

    /** The issuer URL, which is also where discovery is served. */
    String issuer() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    java.net.URI jwksUri() {
        return java.net.URI.create(issuer() + "/jwks");
    }

    /** Serves these keys' public halves from now on. */
    void keys(JWKSet set) {
        jwks.set(set.toPublicJWKSet().toString());
    }

    /** Makes discovery name another issuer. */
    void discoveryIssuer(String issuer) {
        discoveryIssuer.set(issuer);
    }

    private static void respond(HttpExchange x, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        x.getResponseHeaders().add("Content-Type", "application/json");
        x.sendResponseHeaders(200, bytes.length);
        try (OutputStream out = x.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
