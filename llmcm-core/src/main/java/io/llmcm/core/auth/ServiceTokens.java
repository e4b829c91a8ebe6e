package io.llmcm.core.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.llmcm.core.InvalidInputException;
import io.llmcm.core.crypto.Tokens;
import io.llmcm.core.repo.Repository;
import io.llmcm.core.repo.Secrets;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Short-lived JWTs the server issues in exchange for a valid API key, so that clients need not send
 * the long-lived key on every request. ES256, signed with a server key that the store keeps wrapped
 * by the master key ({@link Secrets#wrappedSetting}); so a store without a master key issues none.
 *
 * <p>Claims: {@code iss} and {@code aud} {@value #ISSUER}, {@code sub} the key's principal id
 * ({@code key:<id>}), {@code tenant}, {@code groups}, {@code name}, {@code iat}, {@code exp}
 * ({@value #DEFAULT_MINUTES} minutes by default, at most an hour) and a random {@code jti}.
 *
 * <p>Revocation: a token is only as good as its API key. Every check looks the key up (in memory)
 * and refuses the token once the key is revoked, expired or gone with its tenant — a revocation
 * takes effect at once rather than when the token expires. The token then acts with whatever the
 * key's bindings allow at the time of each request.
 */
public final class ServiceTokens {
    public static final String ISSUER = "llmcm";
    static final int DEFAULT_MINUTES = 15;
    public static final Duration DEFAULT_TTL = Duration.ofMinutes(DEFAULT_MINUTES);
    public static final Duration MAX_TTL = Duration.ofHours(1);

    private final Repository repo;
    private final ApiKeys apiKeys;
    private final VerifiedCache verified = new VerifiedCache(MAX_TTL);
    private volatile ECKey key;

    public ServiceTokens(Repository repo, ApiKeys apiKeys) {
        this.repo = Objects.requireNonNull(repo, "repo");
        this.apiKeys = Objects.requireNonNull(apiKeys, "apiKeys");
    }

    /**
     * A token for a presented API key; empty when the key is not valid (the caller answers 401).
     *
     * @param ttl how long it lives: null for {@link #DEFAULT_TTL}, at most {@link #MAX_TTL}
     */
    public Optional<IssuedToken> exchange(String presentedKey, Duration ttl, Instant now) {
        Duration life = ttl == null ? DEFAULT_TTL : ttl;
        if (life.isNegative() || life.isZero() || life.compareTo(MAX_TTL) > 0) {
            throw new InvalidInputException("a service token lives between 1 second and " + MAX_TTL.toMinutes() + " minutes");
        }
        return apiKeys.find(presentedKey, now).map(k -> sign(k, life, now));
    }

    private IssuedToken sign(ApiKey apiKey, Duration life, Instant now) {
        Instant issued = now.truncatedTo(ChronoUnit.SECONDS);
        Instant expires = issued.plus(life);
        if (apiKey.expires() != null && apiKey.expires().isBefore(expires)) {
            expires = apiKey.expires().truncatedTo(ChronoUnit.SECONDS); // never outlive the key
        }
        Principal p = apiKey.principal();
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(ISSUER)
                .audience(ISSUER)
                .subject(p.id())
                .issueTime(Date.from(issued))
                .expirationTime(Date.from(expires))
                .jwtID(Tokens.random(16))
                .claim("tenant", p.tenant())
                .claim("name", p.name())
                .claim("groups", List.copyOf(p.groups()))
                .build();
        ECKey k = key();
        SignedJWT jwt = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(k.getKeyID()).type(JOSEObjectType.JWT).build(), claims);
        try {
            jwt.sign(new ECDSASigner(k));
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign a service token", e);
        }
        return new IssuedToken(jwt.serialize(), expires, p);
    }

    /**
     * The principal of a token this store issued, valid at {@code now}, whose API key is still
     * valid; empty otherwise (bad signature, another issuer, expired, revoked key — not told apart).
     */
    public Optional<Principal> verify(String token, Instant now) {
        if (token == null || token.isEmpty()) {
            return Optional.empty();
        }
        Optional<VerifiedCache.Entry> seen = verified.get(token, now);
        if (seen.isPresent()) {
            return stillValid(seen.get().principal(), now);
        }
        try {
            SignedJWT jwt = SignedJWT.parse(token);
            ECKey k = key();
            if (!JWSAlgorithm.ES256.equals(jwt.getHeader().getAlgorithm())
                    || !k.getKeyID().equals(jwt.getHeader().getKeyID())
                    || !jwt.verify(new ECDSAVerifier(k.toECPublicKey()))) {
                return Optional.empty();
            }
            JWTClaimsSet c = jwt.getJWTClaimsSet();
            Date exp = c.getExpirationTime();
            if (!ISSUER.equals(c.getIssuer()) || c.getAudience() == null || !c.getAudience().contains(ISSUER)
                    || exp == null || !now.isBefore(exp.toInstant()) || c.getSubject() == null) {
                return Optional.empty();
            }
            Optional<Principal> p = principal(c.getSubject(), c.getStringClaim("tenant"), now);
            p.ifPresent(x -> verified.put(token, x, exp.toInstant()));
            return p;
        } catch (ParseException | JOSEException | RuntimeException e) {
            return Optional.empty(); // not a token of ours; the reason is not told to the presenter
        }
    }

    /** The key's principal, if the key named by the subject is still valid and of the same tenant. */
    private Optional<Principal> principal(String subject, String tenant, Instant now) {
        if (!subject.startsWith(Subjects.KEY)) {
            return Optional.empty();
        }
        return repo.apiKey(subject.substring(Subjects.KEY.length()))
                .filter(k -> k.isActive(now) && k.tenant().equals(tenant))
                .map(ApiKey::principal);
    }

    private Optional<Principal> stillValid(Principal p, Instant now) {
        return principal(p.id(), p.tenant(), now);
    }

    /** The signing key, created (and stored wrapped) on first use. */
    private ECKey key() {
        ECKey k = key;
        if (k == null) {
            synchronized (this) {
                k = key;
                if (k == null) {
                    byte[] jwks = repo.secrets().wrappedSetting(Secrets.SERVICE_TOKEN_KEYS, ServiceTokens::newKeySet);
                    try {
                        JWK first = JWKSet.parse(new String(jwks, StandardCharsets.UTF_8)).getKeys().getFirst();
                        k = first.toECKey();
                    } catch (ParseException e) {
                        throw new IllegalStateException("the stored service-token keys do not parse", e);
                    }
                    key = k;
                }
            }
        }
        return k;
    }

    private static byte[] newKeySet() {
        try {
            ECKey k = new ECKeyGenerator(Curve.P_256).keyID(Tokens.random(16)).generate();
            return new JWKSet(k).toString(false).getBytes(StandardCharsets.UTF_8);
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot generate a P-256 key", e);
        }
    }
}
