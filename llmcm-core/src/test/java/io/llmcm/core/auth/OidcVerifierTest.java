package io.llmcm.core.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** OIDC bearer tokens against a local JWKS endpoint with keys made here. */
class OidcVerifierTest {
    private static final Instant NOW = Instant.parse("2026-06-01T10:00:00Z");
    private static RSAKey rsa;
    private static RSAKey rsa2;
    private static ECKey ec;
    private static RSAKey stranger;
    private JwksServer idp;

    @BeforeAll
    static void keys() throws Exception {
        rsa = new RSAKeyGenerator(2048).keyID("rsa-1").generate();
        rsa2 = new RSAKeyGenerator(2048).keyID("rsa-2").generate();
        ec = new ECKeyGenerator(Curve.P_256).keyID("ec-1").generate();
        stranger = new RSAKeyGenerator(2048).keyID("rsa-1").generate(); // same kid, not the provider's key
    }

    @BeforeEach
    void start() throws Exception {
        idp = new JwksServer();
        idp.keys(new JWKSet(List.<JWK>of(rsa, ec)));
    }

    @org.junit.jupiter.api.AfterEach
    void stop() {
        idp.close();
    }

    private OidcVerifier verifier() {
        return new OidcVerifier(OidcVerifier.Config.of(idp.issuer(), "llmcm").withJwksUri(idp.jwksUri()).withRefreshRateLimit(Duration.ZERO));
    }

    private JWTClaimsSet.Builder claims() {
        return new JWTClaimsSet.Builder()
                .issuer(idp.issuer())
                .audience(List.of("llmcm", "other-app"))
                .subject("user-1")
                .claim("email", "alice@example.com")
                .claim("groups", List.of("ops", "devs"))
                .issueTime(Date.from(NOW.minusSeconds(60)))
                .expirationTime(Date.from(NOW.plusSeconds(300)));
    }

    private String token(JWK key, UnaryOperator<JWTClaimsSet.Builder> edit) throws Exception {
        JWSAlgorithm alg = key instanceof ECKey ? JWSAlgorithm.ES256 : JWSAlgorithm.RS256;
        JWSSigner signer = key instanceof ECKey e ? new ECDSASigner(e) : new RSASSASigner((RSAKey) key);
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(alg).keyID(key.getKeyID()).type(JOSEObjectType.JWT).build(),
                edit.apply(claims()).build());
        jwt.sign(signer);
        return jwt.serialize();
    }

    private String token(JWK key) throws Exception {
        return token(key, b -> b);
    }

    @Test
    void validRs256AndEs256TokensGiveTheUsersPrincipal() throws Exception {
        OidcVerifier v = verifier();
        Principal expected = new Principal("oidc:" + idp.issuer() + "#user-1", "alice@example.com", "", Set.of("ops", "devs"));

        assertThat(v.verify(token(rsa), NOW)).contains(expected);
        assertThat(v.verify(token(ec), NOW)).contains(expected);
        assertThat(v.verify(token(rsa, b -> b.claim("email", null)), NOW).orElseThrow().name()).as("no email: the subject").isEqualTo("user-1");
        assertThat(idp.fetches.get()).as("the key set is cached").isEqualTo(1);
    }

    @Test
    void theIssuerAudienceAndSubjectMustBeRight() throws Exception {
        OidcVerifier v = verifier();

        assertThat(v.verify(token(rsa, b -> b.issuer("https://evil.example.com")), NOW)).isEmpty();
        assertThat(v.verify(token(rsa, b -> b.audience("other-app")), NOW)).isEmpty();
        assertThat(v.verify(token(rsa, b -> b.audience((String) null)), NOW)).isEmpty();
        assertThat(v.verify(token(rsa, b -> b.subject(null)), NOW)).isEmpty();
        assertThat(v.verify(token(rsa), NOW)).isPresent();
    }

    @Test
    void expiryAndNotBeforeAllowASmallClockSkew() throws Exception {
        OidcVerifier v = verifier();
        String expiredMomentsAgo = token(rsa, b -> b.expirationTime(Date.from(NOW.minusSeconds(30))));
        String expired = token(rsa, b -> b.expirationTime(Date.from(NOW.minusSeconds(61))));
        String notYet = token(rsa, b -> b.notBeforeTime(Date.from(NOW.plusSeconds(120))));
        String almost = token(rsa, b -> b.notBeforeTime(Date.from(NOW.plusSeconds(30))));

        assertThat(v.verify(expiredMomentsAgo, NOW)).as("within the 60 s skew").isPresent();
        assertThat(v.verify(expired, NOW)).isEmpty();
        assertThat(v.verify(token(rsa, b -> b.expirationTime(null)), NOW)).as("no exp").isEmpty();
        assertThat(v.verify(notYet, NOW)).isEmpty();
        assertThat(v.verify(almost, NOW)).isPresent();
        assertThat(v.verify(expiredMomentsAgo, NOW.plusSeconds(31))).as("remembered, but not past its expiry").isEmpty();
    }

    @Test
    void anUnknownKeyIdFetchesTheKeysAgainSoARotationIsPickedUp() throws Exception {
        OidcVerifier v = verifier();
        assertThat(v.verify(token(rsa), NOW)).isPresent();
        assertThat(v.verify(token(rsa2), NOW)).as("not published yet").isEmpty();

        idp.keys(new JWKSet(List.<JWK>of(rsa2, ec)));

        assertThat(v.verify(token(rsa2), NOW)).isPresent();
        assertThat(v.verify(token(rsa, b -> b.subject("user-2")), NOW)).as("the retired key").isEmpty();
        assertThat(idp.fetches.get()).isGreaterThanOrEqualTo(3);
    }

    @Test
    void refetchesAreRateLimitedSoMadeUpKeyIdsCannotHammerTheProvider() throws Exception {
        OidcVerifier v = new OidcVerifier(OidcVerifier.Config.of(idp.issuer(), "llmcm").withJwksUri(idp.jwksUri()));
        assertThat(v.verify(token(rsa), NOW)).isPresent();
        for (int i = 0; i < 20; i++) {
            RSAKey madeUp = new RSAKey.Builder(stranger).keyID("made-up-" + i).build();
            assertThat(v.verify(token(madeUp), NOW)).isEmpty();
        }
        assertThat(idp.fetches.get()).isLessThanOrEqualTo(3);
    }

    @Test
    void aBadSignatureOrAnotherAlgorithmIsRefused() throws Exception {
        OidcVerifier v = verifier();
        SignedJWT hs = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID("rsa-1").build(), claims().build());
        hs.sign(new MACSigner(new byte[32]));
        String[] parts = token(rsa).split("\\.");

        assertThat(v.verify(token(stranger), NOW)).as("the provider's kid, another key").isEmpty();
        assertThat(v.verify(hs.serialize(), NOW)).isEmpty();
        assertThat(v.verify(parts[0] + "." + parts[1] + ".", NOW)).isEmpty();
        assertThat(v.verify(parts[0] + "." + token(rsa, b -> b.subject("root")).split("\\.")[1] + "." + parts[2], NOW)).isEmpty();
        assertThat(v.verify("not.a.jwt", NOW)).isEmpty();
        assertThat(v.verify(token(rsa), NOW)).isPresent();
    }

    @Test
    void theKeysAreFoundThroughDiscoveryWhoseIssuerMustMatch() throws Exception {
        OidcVerifier discovering = new OidcVerifier(OidcVerifier.Config.of(idp.issuer(), "llmcm"));
        assertThat(discovering.verify(token(ec), NOW)).isPresent();

        idp.discoveryIssuer("https://someone-else.example.com");
        OidcVerifier fooled = new OidcVerifier(OidcVerifier.Config.of(idp.issuer(), "llmcm"));
        assertThat(fooled.verify(token(ec), NOW)).isEmpty();
    }

    @Test
    void nameGroupsAndTenantComeFromTheConfiguredClaims() throws Exception {
        OidcVerifier v = new OidcVerifier(OidcVerifier.Config.of(idp.issuer(), "llmcm").withJwksUri(idp.jwksUri())
                .withClaims("preferred_username", "roles", "llmcm_tenant"));

        Principal p = v.verify(token(rsa, b -> b.claim("preferred_username", "alice").claim("roles", "auditors")
                .claim("llmcm_tenant", "acme")), NOW).orElseThrow();

        assertThat(p.name()).isEqualTo("alice");
        assertThat(p.groups()).containsExactly("auditors");
        assertThat(p.tenant()).isEqualTo("acme");
        assertThat(v.verify(token(rsa), NOW)).as("a confined principal without its tenant claim").isEmpty();
    }

    @Test
    void anUnreachableProviderMeansNoPrincipalNotAnError() throws Exception {
        String token = token(rsa);
        String issuer = idp.issuer();
        idp.close();

        OidcVerifier v = new OidcVerifier(OidcVerifier.Config.of(issuer, "llmcm"));

        assertThat(v.verify(token, NOW)).isEmpty();
        assertThat(v.verify(token, NOW)).isEmpty();
    }
}
