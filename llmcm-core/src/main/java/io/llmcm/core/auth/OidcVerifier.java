package io.llmcm.core.auth;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.jose.util.ResourceRetriever;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import io.llmcm.core.InvalidInputException;
import io.llmcm.core.json.Json;
import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * Validates bearer JWTs of an external OpenID Connect provider (Nimbus JOSE+JWT): RS256 or ES256
 * signature by a key of the provider's JWKS, {@code iss} equal to the configured issuer, {@code
 * aud} containing the configured audience, {@code exp} and {@code nbf} within a small clock skew,
 * a {@code sub}.
 *
 * <p>The JWKS comes from the configured URL, or from the {@code jwks_uri} of the issuer's {@code
 * /.well-known/openid-configuration}. It is cached, and fetched again when a token names a key id
 * the cache lacks (the provider rotated its keys), at most once per {@link Config#refreshRateLimit}
 * beyond the first so that tokens with made-up key ids cannot make the server hammer the provider.
 *
 * <p>The principal is {@code oidc:<iss>#<sub>}, named by the configured claim (default: {@code
 * email} when present, else {@code sub}), with the groups of the configured claim (default {@code
 * groups}; a list of strings or one string), and store-wide unless a tenant claim is configured.
 * Verified tokens are remembered until they expire, so a client's repeated token costs one check.
 */
public final class OidcVerifier {
    /**
     * How to trust an identity provider.
     *
     * @param issuer the {@code iss} tokens must carry, e.g. {@code https://login.example.com/realm}
     * @param audience the {@code aud} tokens must include (this server's client id)
     * @param jwksUri where the signing keys are; null to discover them from the issuer
     * @param nameClaim the claim that names the principal; null for {@code email}, else {@code sub}
     * @param groupsClaim the claim holding group names; null for {@code groups}
     * @param tenantClaim a claim holding the tenant the principal is confined to; null for none
     *     (the principal is store-wide, and bindings alone decide its reach)
     * @param clockSkew tolerance on {@code exp} and {@code nbf}
     * @param refreshRateLimit least time between two JWKS fetches beyond the first; zero for none
     */
    public record Config(String issuer, String audience, URI jwksUri, String nameClaim, String groupsClaim, String tenantClaim,
            Duration clockSkew, Duration refreshRateLimit) {
        public Config {
            if (issuer == null || issuer.isBlank()) {
                throw new InvalidInputException("OIDC issuer is empty");
            }
            if (audience == null || audience.isBlank()) {
                throw new InvalidInputException("OIDC audience is empty");
            }
            groupsClaim = groupsClaim == null ? "groups" : groupsClaim;
            clockSkew = clockSkew == null ? Duration.ofSeconds(60) : clockSkew;
            refreshRateLimit = refreshRateLimit == null ? Duration.ofSeconds(30) : refreshRateLimit;
        }

        /** An issuer and audience with every default: discovery, {@code email}/{@code sub}, {@code groups}. */
        public static Config of(String issuer, String audience) {
            return new Config(issuer, audience, null, null, null, null, null, null);
        }

        public Config withJwksUri(URI uri) {
            return new Config(issuer, audience, uri, nameClaim, groupsClaim, tenantClaim, clockSkew, refreshRateLimit);
        }

        public Config withClaims(String name, String groups, String tenant) {
            return new Config(issuer, audience, jwksUri, name, groups, tenant, clockSkew, refreshRateLimit);
        }

        public Config withRefreshRateLimit(Duration d) {
            return new Config(issuer, audience, jwksUri, nameClaim, groupsClaim, tenantClaim, clockSkew, d);
        }
    }

    private static final int TIMEOUT_MS = 2_000;
    private static final int MAX_DOCUMENT = 512 * 1024;
    private static final int MAX_GROUPS = 256;

    private final Config config;
    private final ResourceRetriever http = new DefaultResourceRetriever(TIMEOUT_MS, TIMEOUT_MS, MAX_DOCUMENT);
    private final VerifiedCache verified = new VerifiedCache(Duration.ofHours(24));
    private volatile DefaultJWTProcessor<SecurityContext> processor;
    private volatile long discoveryFailedAt;
    private static final Duration RETRY_DISCOVERY = Duration.ofSeconds(10);

    public OidcVerifier(Config config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    public Config config() {
        return config;
    }

    /** The principal of a valid token at {@code now}; empty otherwise (the reason is not told). */
    public Optional<Principal> verify(String token, Instant now) {
        if (token == null || token.isEmpty()) {
            return Optional.empty();
        }
        Optional<VerifiedCache.Entry> seen = verified.get(token, now);
        if (seen.isPresent()) {
            return Optional.of(seen.get().principal());
        }
        try {
            JWTClaimsSet c = processor().process(token, null);
            if (!valid(c, now)) {
                return Optional.empty();
            }
            Principal p = principal(c);
            verified.put(token, p, c.getExpirationTime().toInstant().plus(config.clockSkew()));
            return Optional.of(p);
        } catch (Exception e) {
            return Optional.empty(); // bad signature, unknown key, unreachable provider: all a 401
        }
    }

    private boolean valid(JWTClaimsSet c, Instant now) {
        Date exp = c.getExpirationTime();
        Date nbf = c.getNotBeforeTime();
        List<String> aud = c.getAudience();
        return config.issuer().equals(c.getIssuer())
                && aud != null && aud.contains(config.audience())
                && c.getSubject() != null && !c.getSubject().isEmpty()
                && exp != null && now.isBefore(exp.toInstant().plus(config.clockSkew()))
                && (nbf == null || !now.isBefore(nbf.toInstant().minus(config.clockSkew())));
    }

    private Principal principal(JWTClaimsSet c) throws java.text.ParseException {
        String sub = c.getSubject();
        String name = config.nameClaim() != null ? c.getStringClaim(config.nameClaim()) : c.getStringClaim("email");
        String tenant = config.tenantClaim() == null ? "" : Objects.requireNonNullElse(c.getStringClaim(config.tenantClaim()), "");
        if (config.tenantClaim() != null) {
            io.llmcm.core.model.Names.tenant(tenant); // a confined principal needs a tenant: refuse the token otherwise
        }
        return new Principal(Subjects.OIDC + c.getIssuer() + "#" + sub, name == null || name.isEmpty() ? sub : name, tenant, groups(c));
    }

    private Set<String> groups(JWTClaimsSet c) {
        Object raw = c.getClaim(config.groupsClaim());
        List<Object> values = new ArrayList<>();
        if (raw instanceof List<?> l) {
            values.addAll(l);
        } else if (raw != null) {
            values.add(raw);
        }
        Set<String> out = new LinkedHashSet<>();
        for (Object v : values) {
            if (v instanceof String s && !s.isBlank() && s.length() <= 256 && out.size() < MAX_GROUPS) {
                out.add(s);
            }
        }
        return out;
    }

    /** Built on first use: discovery needs the network, and a server must start while the provider is down. */
    private DefaultJWTProcessor<SecurityContext> processor() throws IOException {
        DefaultJWTProcessor<SecurityContext> p = processor;
        if (p == null) {
            synchronized (this) {
                p = processor;
                if (p == null) {
                    long failed = discoveryFailedAt;
                    if (failed != 0 && System.nanoTime() - failed < RETRY_DISCOVERY.toNanos()) {
                        throw new IOException("the identity provider was unreachable moments ago");
                    }
                    p = new DefaultJWTProcessor<>();
                    // access tokens may be typed at+jwt (RFC 9068); ID tokens JWT or untyped
                    p.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(JOSEObjectType.JWT,
                            new JOSEObjectType("at+jwt"), new JOSEObjectType("application/at+jwt"), null));
                    try {
                        p.setJWSKeySelector(new JWSVerificationKeySelector<>(Set.of(JWSAlgorithm.RS256, JWSAlgorithm.ES256), jwks()));
                    } catch (IOException | RuntimeException e) {
                        discoveryFailedAt = System.nanoTime(); // every request would wait for the network otherwise
                        throw e;
                    }
                    p.setJWTClaimsSetVerifier(null); // claims are checked by `valid`, against the caller's clock
                    processor = p;
                }
            }
        }
        return p;
    }

    private JWKSource<SecurityContext> jwks() throws IOException {
        URL url = (config.jwksUri() != null ? config.jwksUri() : discover()).toURL();
        JWKSourceBuilder<SecurityContext> b = JWKSourceBuilder.create(url, http).retrying(false);
        long limit = config.refreshRateLimit().toMillis();
        return (limit <= 0 ? b.rateLimited(false) : b.rateLimited(limit)).build();
    }

    /** The {@code jwks_uri} of the issuer's discovery document, whose issuer must be the configured one. */
    private URI discover() throws IOException {
        String base = config.issuer().endsWith("/") ? config.issuer().substring(0, config.issuer().length() - 1) : config.issuer();
        String body = http.retrieveResource(URI.create(base + "/.well-known/openid-configuration").toURL()).getContent();
        JsonNode doc = Json.parse(body);
        if (!config.issuer().equals(doc.path("issuer").asString(""))) {
            throw new IOException("the discovery document names another issuer");
        }
        String jwksUri = doc.path("jwks_uri").asString("");
        if (jwksUri.isEmpty()) {
            throw new IOException("the discovery document has no jwks_uri");
        }
        return URI.create(jwksUri);
    }
}
