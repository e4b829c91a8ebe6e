package io.llmcm.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmcm.core.InvalidInputException;
import io.llmcm.core.json.Json;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class JwtTest {
    private static final Instant T0 = Instant.parse("2026-11-25T12:00:00Z");
    private final TenantKeyring keys = TenantKeyring.create("acme");

    private String token(TenantKeyring k, Map<String, Object> claims) {
        return k.signJwt("svc-chat", "https://api.example", claims, T0, T0.plus(Duration.ofMinutes(15)), "lease-1");
    }

    @Test
    void signedTokensVerifyWithTheirClaims() {
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("role", "reader");
        claims.put("n", 3);
        claims.put("ratio", 0.5);
        claims.put("ok", true);
        claims.put("none", null);
        claims.put("obj", Map.of("a", 1));
        claims.put("list", List.of("x", "y"));
        String jwt = token(keys, claims);

        JwtClaims v = keys.verifyJwt(jwt, "https://api.example", T0.plusSeconds(60)).orElseThrow();
        assertThat(v.subject()).isEqualTo("svc-chat");
        assertThat(v.audiences()).containsExactly("https://api.example");
        assertThat(v.jwtId()).isEqualTo("lease-1");
        assertThat(v.issuedAt()).isEqualTo(T0);
        assertThat(v.expires()).isEqualTo(T0.plus(Duration.ofMinutes(15)));
        assertThat(v.claims()).containsEntry("role", "reader").containsEntry("n", 3L).containsEntry("ratio", 0.5)
                .containsEntry("ok", true).containsEntry("none", null)
                .containsEntry("obj", Map.of("a", 1)).containsEntry("list", List.of("x", "y"));
    }

    @Test
    void theHeaderSaysEs256AndNamesTheKey() {
        String jwt = token(keys, Map.of());
        JsonNode header = Json.parse(Base64.getUrlDecoder().decode(jwt.substring(0, jwt.indexOf('.'))));
        assertThat(header.get("alg").stringValue()).isEqualTo("ES256");
        JsonNode jwks = Json.parse(keys.publicJwksJson());
        assertThat(jwks.get("keys").size()).isEqualTo(1);
        JsonNode key = jwks.get("keys").get(0);
        assertThat(key.get("kty").stringValue()).isEqualTo("EC");
        assertThat(key.get("crv").stringValue()).isEqualTo("P-256");
        assertThat(key.has("d")).isFalse(); // public only
        assertThat(key.get("kid").stringValue()).isEqualTo(header.get("kid").stringValue());
    }

    @Test
    void wrongAudienceExpiryOrSignerFailsVerification() {
        String jwt = token(keys, Map.of());
        assertThat(keys.verifyJwt(jwt, "https://other.example", T0)).isEmpty();
        assertThat(keys.verifyJwt(jwt, "https://api.example", T0.plus(Duration.ofMinutes(15)))).isEmpty();
        assertThat(TenantKeyring.create("acme").verifyJwt(jwt, "https://api.example", T0)).isEmpty();
        String tampered = jwt.substring(0, jwt.lastIndexOf('.') + 1) + "AAAA" + jwt.substring(jwt.lastIndexOf('.') + 5);
        assertThat(keys.verifyJwt(tampered, "https://api.example", T0)).isEmpty();
        assertThat(keys.verifyJwt("not a jwt", "https://api.example", T0)).isEmpty();
    }

    @Test
    void tokensOfTheOldVersionStillVerifyAfterRotationAndSurviveWrapping() {
        String old = token(keys, Map.of());
        TenantKeyring rotated = keys.rotate();
        String fresh = token(rotated, Map.of());
        assertThat(rotated.verifyJwt(old, "https://api.example", T0)).isPresent();
        assertThat(keys.verifyJwt(fresh, "https://api.example", T0)).isEmpty();
        assertThat(Json.parse(rotated.publicJwksJson()).get("keys").size()).isEqualTo(2);
        Kek kek = CryptoFixtures.envProvider(CryptoFixtures.FIXED_KEY).open(CryptoFixtures.envProvider(CryptoFixtures.FIXED_KEY).create());
        TenantKeyring back = TenantKeyring.unwrap("acme", rotated.wrap(kek), kek);
        assertThat(back.verifyJwt(fresh, "https://api.example", T0)).isPresent();
    }

    @Test
    void badInputIsRefused() {
        assertThatThrownBy(() -> keys.signJwt("s", "a", Map.of(), T0, T0, "id"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("a token must expire after it is issued");
        assertThatThrownBy(() -> keys.signJwt("s", "a", Map.of("sub", "x"), T0, T0.plusSeconds(1), "id"))
                .isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> keys.signJwt("s", "a", Map.of("x", new Object()), T0, T0.plusSeconds(1), "id"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("claim 'x' has a type tokens cannot hold");
    }
}
