package io.llmcm.core.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.llmcm.core.InvalidInputException;
import io.llmcm.core.KeyException;
import io.llmcm.core.repo.MutableClock;
import io.llmcm.core.repo.Repository;
import io.llmcm.core.repo.Secrets;
import io.llmcm.core.store.MemoryStore;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ServiceTokensTest {
    private final MemoryStore store = new MemoryStore();
    private final MutableClock clock = AuthFixtures.clock();
    private final Map<String, String> env = AuthFixtures.masterKeyEnv();
    private Repository repo;
    private ApiKeys keys;
    private ServiceTokens tokens;
    private IssuedKey apiKey;

    @BeforeEach
    void open() {
        reopen();
        apiKey = keys.issue("acme", "ci", null, "alice");
    }

    private void reopen() {
        if (repo != null) {
            repo.close();
        }
        repo = AuthFixtures.repo(store, clock, env);
        keys = new ApiKeys(repo, clock);
        tokens = new ServiceTokens(repo, keys);
    }

    @AfterEach
    void close() {
        repo.close();
    }

    private Instant now() {
        return clock.instant();
    }

    private IssuedToken exchange() {
        return tokens.exchange(apiKey.secret(), null, now()).orElseThrow();
    }

    @Test
    void aValidKeyBuysAShortLivedTokenThatActsAsTheKey() throws Exception {
        IssuedToken t = exchange();

        assertThat(t.principal()).isEqualTo(apiKey.key().principal());
        assertThat(t.expires()).isEqualTo(now().plus(ServiceTokens.DEFAULT_TTL));
        assertThat(t.toString()).doesNotContain(t.token());
        assertThat(tokens.verify(t.token(), now())).contains(apiKey.key().principal());
        JWTClaimsSet c = SignedJWT.parse(t.token()).getJWTClaimsSet();
        assertThat(c.getIssuer()).isEqualTo("llmcm");
        assertThat(c.getAudience()).containsExactly("llmcm");
        assertThat(c.getSubject()).isEqualTo("key:" + apiKey.key().id());
        assertThat(c.getStringClaim("tenant")).isEqualTo("acme");
        assertThat(c.getStringListClaim("groups")).isEmpty();
        assertThat(c.getJWTID()).hasSizeGreaterThanOrEqualTo(20);
        assertThat(c.getIssueTime().toInstant()).isEqualTo(now());
        assertThat(SignedJWT.parse(t.token()).getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.ES256);
    }

    @Test
    void anInvalidKeyBuysNothingAndTheLifetimeIsBounded() {
        assertThat(tokens.exchange("llmcm_aaaaaaaaaaaaaaaa_" + "A".repeat(43), null, now())).isEmpty();
        assertThat(tokens.exchange("not a key", null, now())).isEmpty();
        assertThat(tokens.exchange(apiKey.secret(), Duration.ofMinutes(5), now()).orElseThrow().expires())
                .isEqualTo(now().plusSeconds(300));
        assertThat(tokens.exchange(apiKey.secret(), Duration.ofHours(1), now())).isPresent();
        assertThatThrownBy(() -> tokens.exchange(apiKey.secret(), Duration.ofMinutes(61), now()))
                .isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> tokens.exchange(apiKey.secret(), Duration.ZERO, now())).isInstanceOf(InvalidInputException.class);
    }

    @Test
    void aTokenExpires() {
        IssuedToken t = exchange();

        assertThat(tokens.verify(t.token(), t.expires().minusSeconds(1))).isPresent();
        assertThat(tokens.verify(t.token(), t.expires())).isEmpty();
        assertThat(tokens.verify(t.token(), t.expires().plusSeconds(3600))).isEmpty();
    }

    @Test
    void aTokenNeverOutlivesItsKey() {
        IssuedKey shortKey = keys.issue("acme", "short", now().plus(Duration.ofMinutes(3)), "alice");

        IssuedToken t = tokens.exchange(shortKey.secret(), null, now()).orElseThrow();

        assertThat(t.expires()).isEqualTo(now().plus(Duration.ofMinutes(3)));
    }

    @Test
    void revokingTheKeyRefusesItsTokensAtOnce() {
        IssuedToken t = exchange();
        assertThat(tokens.verify(t.token(), now())).isPresent(); // now remembered as verified

        keys.revoke("acme", apiKey.key().id(), "bob");

        assertThat(tokens.verify(t.token(), now())).isEmpty();
        assertThat(tokens.exchange(apiKey.secret(), null, now())).isEmpty();
    }

    @Test
    void aTamperedTokenIsRefused() {
        String[] parts = exchange().token().split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
        String forged = Base64.getUrlEncoder().withoutPadding()
                .encodeToString(payload.replace("\"acme\"", "\"beta\"").getBytes(StandardCharsets.UTF_8));
        char c = parts[2].charAt(10);

        assertThat(payload).contains("\"acme\"");
        assertThat(tokens.verify(parts[0] + "." + forged + "." + parts[2], now())).isEmpty();
        assertThat(tokens.verify(parts[0] + "." + parts[1] + "." + parts[2].substring(0, 10) + (c == 'A' ? 'B' : 'A')
                + parts[2].substring(11), now())).isEmpty();
        String none = Base64.getUrlEncoder().withoutPadding().encodeToString("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8));
        assertThat(tokens.verify(none + "." + parts[1] + ".", now())).isEmpty();
        assertThat(tokens.verify("a.b.c", now())).isEmpty();
        assertThat(tokens.verify("", now())).isEmpty();
    }

    @Test
    void aTokenSignedWithAnotherKeyIsRefused() throws Exception {
        String kid = SignedJWT.parse(exchange().token()).getHeader().getKeyID();
        var other = new ECKeyGenerator(Curve.P_256).keyID(kid).generate();
        JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer("llmcm").audience("llmcm").subject("key:" + apiKey.key().id())
                .claim("tenant", "acme").expirationTime(Date.from(now().plusSeconds(600))).build();
        SignedJWT forged = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(kid).build(), claims);
        forged.sign(new ECDSASigner(other));

        assertThat(tokens.verify(forged.serialize(), now())).as("same kid, other key").isEmpty();

        // another store's server key, and a key id that exists there only
        try (Repository elsewhere = AuthFixtures.repo(new MemoryStore(), clock, AuthFixtures.masterKeyEnv())) {
            ApiKeys elsewhereKeys = new ApiKeys(elsewhere, clock);
            String token = new ServiceTokens(elsewhere, elsewhereKeys)
                    .exchange(elsewhereKeys.issue("acme", "ci", null, "x").secret(), null, now()).orElseThrow().token();
            assertThat(tokens.verify(token, now())).isEmpty();
        }
    }

    @Test
    void theServerKeyIsStoredWrappedAndSurvivesReopeningAndMasterKeyRotation() {
        IssuedToken t = exchange();
        byte[] stored = store.setting(Secrets.SERVICE_TOKEN_KEYS).orElseThrow();
        assertThat(new String(stored, StandardCharsets.ISO_8859_1)).doesNotContain("\"kty\"").doesNotContain("P-256");

        reopen();
        assertThat(tokens.verify(t.token(), now())).isPresent();

        env.put("LLMCM_MASTER_KEY_PREVIOUS", env.get("LLMCM_MASTER_KEY"));
        env.put("LLMCM_MASTER_KEY", io.llmcm.core.crypto.EnvironmentKeyProvider.newKey());
        repo.secrets().rotateMasterKey("ops");
        env.remove("LLMCM_MASTER_KEY_PREVIOUS");
        reopen();
        assertThat(store.setting(Secrets.SERVICE_TOKEN_KEYS).orElseThrow()).isNotEqualTo(stored);
        assertThat(tokens.verify(t.token(), now())).as("rewrapped with the new master key").isPresent();
    }

    @Test
    void withoutAMasterKeyNoTokenIsIssued() {
        try (Repository bare = Repository.open(new MemoryStore(), new Repository.Options(100, clock, null))) {
            bare.initialize("test");
            ApiKeys bareKeys = new ApiKeys(bare, clock);
            String key = bareKeys.issue("", "ci", null, "x").secret();

            assertThatThrownBy(() -> new ServiceTokens(bare, bareKeys).exchange(key, null, now()))
                    .isInstanceOf(KeyException.class).hasMessageContaining("no master key");
            assertThat(bareKeys.verify(key, now())).as("API keys need no master key").isPresent();
        }
    }
}
