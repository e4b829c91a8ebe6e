package io.llmcm.core.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.llmcm.core.InvalidInputException;
import io.llmcm.core.repo.MutableClock;
import io.llmcm.core.repo.Repository;
import io.llmcm.core.store.MemoryStore;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The chain a server puts in front of every request. */
class AuthenticationTest {
    private static final String BOOTSTRAP = "automation-bootstrap-token-0123456789";
    private final MutableClock clock = AuthFixtures.clock();
    private Repository repo;
    private ApiKeys keys;
    private ServiceTokens tokens;
    private JwksServer idp;
    private ECKey idpKey;
    private Authentication auth;

    @BeforeEach
    void open() throws Exception {
        repo = AuthFixtures.repo(new MemoryStore(), clock, AuthFixtures.masterKeyEnv());
        keys = new ApiKeys(repo, clock);
        tokens = new ServiceTokens(repo, keys);
        idp = new JwksServer();
        idpKey = new ECKeyGenerator(Curve.P_256).keyID("idp-1").generate();
        idp.keys(new JWKSet(idpKey));
        auth = Authentication.builder(keys)
                .serviceTokens(tokens)
                .oidc(new OidcVerifier(OidcVerifier.Config.of(idp.issuer(), "llmcm").withJwksUri(idp.jwksUri())))
                .bootstrapToken(BOOTSTRAP)
                .build();
    }

    @AfterEach
    void close() {
        idp.close();
        repo.close();
    }

    private Instant now() {
        return clock.instant();
    }

    private String oidcToken(String issuer) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID("idp-1").build(),
                new JWTClaimsSet.Builder().issuer(issuer).audience("llmcm").subject("u1")
                        .expirationTime(Date.from(now().plusSeconds(300))).build());
        jwt.sign(new ECDSASigner(idpKey));
        return jwt.serialize();
    }

    @Test
    void eachKindOfBearerTokenFindsItsVerifier() throws Exception {
        IssuedKey key = keys.issue("acme", "ci", null, "alice");
        String serviceToken = tokens.exchange(key.secret(), Duration.ofMinutes(5), now()).orElseThrow().token();

        assertThat(auth.bearer(key.secret(), now())).contains(key.key().principal());
        assertThat(auth.bearer(serviceToken, now())).contains(key.key().principal());
        assertThat(auth.bearer(oidcToken(idp.issuer()), now()).orElseThrow().id()).isEqualTo("oidc:" + idp.issuer() + "#u1");
        assertThat(auth.bearer(BOOTSTRAP, now())).contains(Authentication.BOOTSTRAP);
    }

    @Test
    void anythingElseAuthenticatesNobody() throws Exception {
        for (String bad : new String[] {null, "", "Bearer x", BOOTSTRAP + "x", BOOTSTRAP.substring(1), "llmcm_" + "a".repeat(60),
                "a.b.c", oidcToken("https://elsewhere.example.com"), oidcToken("llmcm"), "x".repeat(20_000)}) {
            assertThat(auth.bearer(bad, now())).as(bad == null ? "null" : bad.substring(0, Math.min(bad.length(), 40))).isEmpty();
        }
        Authentication keysOnly = Authentication.builder(keys).build();
        assertThat(keysOnly.bearer(BOOTSTRAP, now())).isEmpty();
        assertThat(keysOnly.bearer(oidcToken(idp.issuer()), now())).as("no OIDC configured").isEmpty();
    }

    @Test
    void aBootstrapTokenMustNotBeGuessable() {
        assertThatThrownBy(() -> Authentication.builder(keys).bootstrapToken("short"))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("at least 16 characters");
        assertThat(Authentication.builder(keys).bootstrapToken("").build().bearer("", now())).isEmpty();
    }

    @Test
    void aClientCertificateIsUsedWhenThereIsNoBearerToken() throws Exception {
        var cert = CertificatePrincipalsTest.load("client.pem");
        IssuedKey key = keys.issue("", "ci", null, "alice");

        assertThat(auth.authenticate(null, cert, now()).orElseThrow().id()).startsWith("cert:cn=billing-svc");
        assertThat(auth.authenticate(key.secret(), cert, now())).as("a bearer token wins").contains(key.key().principal());
        assertThat(auth.authenticate("", null, now())).isEmpty();
        assertThat(auth.certificate(null)).isEmpty();
    }
}
