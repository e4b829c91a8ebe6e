package io.llmcm.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.llmcm.core.auth.Binding;
import io.llmcm.core.auth.BindingScope;
import io.llmcm.core.auth.BuiltInRoles;
import io.llmcm.core.auth.OidcVerifier;
import io.llmcm.core.auth.Subjects;
import io.llmcm.core.model.Mutation;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * OIDC bearer tokens end to end: a local identity provider (JDK HTTP server) publishes a JWKS and a
 * discovery document; the server trusts it through {@link Server.Options#withOidc}; tokens signed
 * with its key authenticate, bindings to {@code oidc:<iss>#<sub>} or {@code group:<name>} give
 * access, and a bad token is a 401 like any other bad credential.
 */
class OidcTest {
    static final String ADMIN = TestServer.BOOTSTRAP;
    static final String AUDIENCE = "llmcm-test";
    static RSAKey key;
    static RSAKey unpublished;
    static RSAKey sameKidOtherKey;
    static HttpServer idp;
    static TestServer s;

    @BeforeAll
    static void start() throws Exception {
        key = new RSAKeyGenerator(2048).keyID("k1").generate();
        unpublished = new RSAKeyGenerator(2048).keyID("k2").generate();
        sameKidOtherKey = new RSAKeyGenerator(2048).keyID("k1").generate();
        idp = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        idp.createContext("/jwks", x -> respond(x, new JWKSet(key).toPublicJWKSet().toString()));
        idp.createContext("/.well-known/openid-configuration", x -> respond(x,
                "{\"issuer\":\"" + issuer() + "\",\"jwks_uri\":\"" + issuer() + "/jwks\"}"));
        idp.start();
        // discovery: no JWKS URI configured
        s = TestServer.start(Server.Options.defaults().withOidc(OidcVerifier.Config.of(issuer(), AUDIENCE)));
        assertThat(s.put("/v1/tenants/acme/config/app/x", ADMIN, "1").status()).isEqualTo(200);
        assertThat(s.put("/v1/tenants/beta/config/app/x", ADMIN, "2").status()).isEqualTo(200);
    }

    @AfterAll
    static void stop() {
        if (s != null) {
            s.close();
        }
        if (idp != null) {
            idp.stop(0);
        }
    }

    static String issuer() {
        return "http://127.0.0.1:" + idp.getAddress().getPort();
    }

    private static void respond(HttpExchange x, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        x.getResponseHeaders().add("Content-Type", "application/json");
        x.sendResponseHeaders(200, bytes.length);
        try (OutputStream out = x.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static JWTClaimsSet.Builder claims(String subject) {
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder()
                .issuer(issuer())
                .audience(List.of(AUDIENCE))
                .subject(subject)
                .claim("email", subject + "@example.com")
                .issueTime(Date.from(now.minusSeconds(10)))
                .expirationTime(Date.from(now.plusSeconds(300)));
    }

    private static String token(RSAKey signer, JWTClaimsSet.Builder claims) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(signer.getKeyID()).type(JOSEObjectType.JWT).build(),
                claims.build());
        jwt.sign(new RSASSASigner(signer));
        return jwt.serialize();
    }

    private static String token(String subject, UnaryOperator<JWTClaimsSet.Builder> edit) throws Exception {
        return token(key, edit.apply(claims(subject)));
    }

    private static List<String> tenants(String token) {
        TestServer.Reply r = s.get("/v1/tenants", token);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        List<String> out = new ArrayList<>();
        r.json().get("items").forEach(i -> out.add(i.get("name").asString()));
        return out;
    }

    @Test
    void aValidTokenAuthenticatesAndABindingToItsSubjectGivesAccess() throws Exception {
        String alice = token("alice", b -> b);

        JsonNode me = s.get("/v1/whoami", alice).json();
        assertThat(me.get("id").asString()).isEqualTo(Subjects.OIDC + issuer() + "#alice");
        assertThat(me.get("name").asString()).isEqualTo("alice@example.com");
        assertThat(me.get("tenant").asString()).isEmpty();
        assertThat(tenants(alice)).as("authenticated, but bound to nothing yet").isEmpty();
        Problem.of(s.get("/v1/tenants/acme/config/app/x", alice), 404);

        s.commit(new Mutation.PutBinding(new Binding("acme", "alice", Subjects.OIDC + issuer() + "#alice", BuiltInRoles.DEVELOPER,
                BindingScope.TENANT, "")));

        TestServer.Reply read = s.get("/v1/tenants/acme/config/app/x", alice);
        assertThat(read.status()).as(read.body()).isEqualTo(200);
        assertThat(read.json().asInt()).isEqualTo(1);
        assertThat(tenants(alice)).containsExactly("acme");
        Problem.of(s.get("/v1/tenants/beta/config/app/x", alice), 404);
    }

    @Test
    void aBindingToAGroupOfTheTokenGivesAccess() throws Exception {
        s.commit(new Mutation.PutBinding(new Binding("beta", "readers", Subjects.GROUP + "beta-readers", BuiltInRoles.VIEWER,
                BindingScope.TENANT, "")));
        String bob = token("bob", b -> b.claim("groups", List.of("staff", "beta-readers")));
        String carol = token("carol", b -> b.claim("groups", List.of("staff")));

        TestServer.Reply read = s.get("/v1/tenants/beta/config/app/x", bob);
        assertThat(read.status()).as(read.body()).isEqualTo(200);
        assertThat(read.json().asInt()).isEqualTo(2);
        Problem.of(s.put("/v1/tenants/beta/config/app/x", bob, "3"), 403);
        Problem.of(s.get("/v1/tenants/beta/config/app/x", carol), 404);
        Problem.of(s.get("/v1/tenants/acme/config/app/x", bob), 404);
    }

    @Test
    void badTokensAre401() throws Exception {
        s.commit(new Mutation.PutBinding(new Binding("", "dave", Subjects.OIDC + issuer() + "#dave", BuiltInRoles.VIEWER,
                BindingScope.SUBTREE, "")));
        assertThat(s.get("/v1/tenants/acme/config/app/x", token("dave", b -> b)).status()).as("the control case").isEqualTo(200);

        Instant now = Instant.now();
        List<String> bad = new ArrayList<>();
        bad.add(token("dave", b -> b.audience("another-app")));
        bad.add(token("dave", b -> b.issuer("https://evil.example.com")));
        bad.add(token("dave", b -> b.issueTime(Date.from(now.minusSeconds(900))).expirationTime(Date.from(now.minusSeconds(300)))));
        bad.add(token(unpublished, claims("dave")));
        bad.add(token(sameKidOtherKey, claims("dave")));
        bad.add(new PlainJWT(claims("dave").build()).serialize()); // alg none
        SignedJWT hs = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID("k1").build(), claims("dave").build());
        hs.sign(new MACSigner(new byte[32]));
        bad.add(hs.serialize());
        String[] good = token("dave", b -> b).split("\\.");
        bad.add(good[0] + "." + token("root", b -> b).split("\\.")[1] + "." + good[2]); // claims swapped under a valid signature
        for (String t : bad) {
            TestServer.Reply r = s.get("/v1/tenants/acme/config/app/x", t);
            Problem.of(r, 401);
            assertThat(r.header("WWW-Authenticate")).startsWith("Bearer");
            Problem.of(s.get("/v1/whoami", t), 401);
        }
    }

    @Test
    void aTenantClaimConfinesThePrincipalToItsTenant() throws Exception {
        // the keys named explicitly this time, and principals confined by the llmcm_tenant claim
        OidcVerifier.Config config = OidcVerifier.Config.of(issuer(), AUDIENCE).withJwksUri(URI.create(issuer() + "/jwks"))
                .withClaims("preferred_username", "roles", "llmcm_tenant");
        try (TestServer confined = TestServer.start(Server.Options.defaults().withOidc(config))) {
            assertThat(confined.put("/v1/tenants/acme/config/app/x", ADMIN, "1").status()).isEqualTo(200);
            assertThat(confined.put("/v1/tenants/beta/config/app/x", ADMIN, "2").status()).isEqualTo(200);
            // a store-wide binding: only the tenant claim keeps erin out of beta
            confined.commit(new Mutation.PutBinding(new Binding("", "ops", Subjects.GROUP + "ops", BuiltInRoles.VIEWER,
                    BindingScope.SUBTREE, "")));
            String erin = token("erin", b -> b.claim("preferred_username", "erin").claim("roles", "ops").claim("llmcm_tenant", "acme"));

            JsonNode me = confined.get("/v1/whoami", erin).json();
            assertThat(me.get("name").asString()).isEqualTo("erin");
            assertThat(me.get("tenant").asString()).isEqualTo("acme");
            assertThat(me.get("groups").get(0).asString()).isEqualTo("ops");
            assertThat(confined.get("/v1/tenants/acme/config/app/x", erin).status()).isEqualTo(200);
            Problem.of(confined.get("/v1/tenants/beta/config/app/x", erin), 404);
            Problem.of(confined.get("/v1/tenants/beta", erin), 404);
            Problem.of(confined.get("/v1/tenants/global/config/app/x", erin), 404);

            String noTenant = token("erin", b -> b.claim("roles", "ops"));
            Problem.of(confined.get("/v1/tenants/acme/config/app/x", noTenant), 401);
        }
    }
}
