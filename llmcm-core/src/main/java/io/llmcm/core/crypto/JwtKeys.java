package io.llmcm.core.crypto;

import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.jwt.JwkSetConverter;
import com.google.crypto.tink.jwt.JwtEcdsaParameters;
import com.google.crypto.tink.jwt.JwtInvalidException;
import com.google.crypto.tink.jwt.JwtPublicKeySign;
import com.google.crypto.tink.jwt.JwtPublicKeyVerify;
import com.google.crypto.tink.jwt.JwtValidator;
import com.google.crypto.tink.jwt.RawJwt;
import com.google.crypto.tink.jwt.VerifiedJwt;
import io.llmcm.core.InvalidInputException;
import io.llmcm.core.json.Json;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A tenant's ES256 signing keys for dynamic secrets (Tink JWT): one per keyring version, the
 * newest signs, all verify, and the {@code kid} header (the base64 Tink key id) names which.
 */
final class JwtKeys {
    static final JwtEcdsaParameters PARAMETERS;

    static {
        try {
            PARAMETERS = JwtEcdsaParameters.builder()
                    .setAlgorithm(JwtEcdsaParameters.Algorithm.ES256)
                    .setKidStrategy(JwtEcdsaParameters.KidStrategy.BASE64_ENCODED_KEY_ID)
                    .build();
        } catch (GeneralSecurityException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final KeysetHandle keys;
    private final JwtPublicKeySign signer;
    private final JwtPublicKeyVerify verifier;
    private final String jwks;

    JwtKeys(KeysetHandle keys) {
        try {
            this.keys = keys;
            this.signer = TinkSetup.primitive(keys, JwtPublicKeySign.class);
            KeysetHandle pub = keys.getPublicKeysetHandle();
            this.verifier = TinkSetup.primitive(pub, JwtPublicKeyVerify.class);
            this.jwks = JwkSetConverter.fromPublicKeysetHandle(pub);
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot use a JWT keyset", e);
        }
    }

    KeysetHandle keyset() {
        return keys;
    }

    String jwks() {
        return jwks;
    }

    String sign(String subject, String audience, Map<String, Object> claims, Instant issued, Instant expires, String jwtId) {
        if (!expires.isAfter(issued)) {
            throw new InvalidInputException("a token must expire after it is issued");
        }
        RawJwt.Builder b = RawJwt.newBuilder()
                .setSubject(subject)
                .setAudience(audience)
                .setIssuedAt(issued.truncatedTo(java.time.temporal.ChronoUnit.SECONDS))
                .setExpiration(expires.truncatedTo(java.time.temporal.ChronoUnit.SECONDS))
                .setJwtId(jwtId);
        try {
            claims.forEach((name, value) -> addClaim(b, name, value));
            return signer.signAndEncode(b.build());
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("claim cannot go into a token: " + e.getMessage());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign a token", e);
        }
    }

    private static void addClaim(RawJwt.Builder b, String name, Object value) {
        try {
            switch (value) {
                case null -> b.addNullClaim(name);
                case String s -> b.addStringClaim(name, s);
                case Boolean v -> b.addBooleanClaim(name, v);
                case Integer v -> b.addNumberClaim(name, (long) v);
                case Long v -> b.addNumberClaim(name, v);
                case Number v -> b.addNumberClaim(name, v.doubleValue());
                case Map<?, ?> m -> b.addJsonObjectClaim(name, Json.MAPPER.writeValueAsString(m));
                case List<?> l -> b.addJsonArrayClaim(name, Json.MAPPER.writeValueAsString(l));
                default -> throw new IllegalArgumentException(
                        "claim '" + name + "' has a type tokens cannot hold: " + value.getClass().getSimpleName());
            }
        } catch (JwtInvalidException e) {
            throw new IllegalArgumentException("claim '" + name + "' is not valid JSON");
        }
    }

    Optional<JwtClaims> verify(String jwt, String audience, Instant now) {
        JwtValidator validator = JwtValidator.newBuilder()
                .expectAudience(audience)
                .setClock(Clock.fixed(now, ZoneOffset.UTC))
                .build();
        try {
            VerifiedJwt v = verifier.verifyAndDecode(jwt, validator);
            return Optional.of(new JwtClaims(
                    v.hasSubject() ? v.getSubject() : null,
                    v.hasAudiences() ? List.copyOf(v.getAudiences()) : List.of(),
                    v.hasJwtId() ? v.getJwtId() : null,
                    v.hasIssuedAt() ? v.getIssuedAt() : null,
                    v.getExpiration(),
                    custom(v)));
        } catch (GeneralSecurityException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static Map<String, Object> custom(VerifiedJwt v) throws JwtInvalidException {
        Map<String, Object> out = new LinkedHashMap<>();
        for (String name : v.customClaimNames()) {
            if (v.isNullClaim(name)) {
                out.put(name, null);
            } else if (v.hasStringClaim(name)) {
                out.put(name, v.getStringClaim(name));
            } else if (v.hasBooleanClaim(name)) {
                out.put(name, v.getBooleanClaim(name));
            } else if (v.hasNumberClaim(name)) {
                double d = v.getNumberClaim(name);
                out.put(name, d == Math.rint(d) && Math.abs(d) < 1e15 ? (Object) (long) d : (Object) d);
            } else if (v.hasJsonObjectClaim(name)) {
                out.put(name, Json.MAPPER.readValue(v.getJsonObjectClaim(name), Map.class));
            } else if (v.hasJsonArrayClaim(name)) {
                out.put(name, Json.MAPPER.readValue(v.getJsonArrayClaim(name), List.class));
            }
        }
        return Collections.unmodifiableMap(out);
    }
}
