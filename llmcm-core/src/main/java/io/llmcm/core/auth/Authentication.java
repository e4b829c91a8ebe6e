package io.llmcm.core.auth;

import com.nimbusds.jwt.JWTParser;
import io.llmcm.core.InvalidInputException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Who a request comes from. A bearer token is tried, in order, as an API key (it starts with
 * {@code llmcm_}), as a service token of this server (a JWT whose {@code iss} is {@code llmcm}), as
 * an OIDC token (any other JWT, when a provider is configured), and last as the bootstrap token; a
 * client certificate already validated by TLS maps to {@code cert:<DN>}. Nothing says which step
 * failed: the caller answers 401 either way.
 *
 * <p>The bootstrap token ({@value #BOOTSTRAP_VARIABLE}) is for automation that must act before any
 * key exists: it authenticates as {@link #BOOTSTRAP}, which {@link PolicyAuthorizer} treats as a
 * global-admin. It is compared in constant time (both sides hashed to SHA-256, then {@link
 * MessageDigest#isEqual}, so neither content nor length leaks through timing).
 */
public final class Authentication {
    /** The principal of the bootstrap token. */
    public static final Principal BOOTSTRAP = new Principal("bootstrap", "bootstrap", "", Set.of());
    public static final String BOOTSTRAP_VARIABLE = "LLMCM_BOOTSTRAP_TOKEN";
    static final int MIN_BOOTSTRAP_LENGTH = 16;
    /** Longer bearer tokens are refused unread. */
    static final int MAX_TOKEN_LENGTH = 16 * 1024;

    private final ApiKeys apiKeys;
    private final ServiceTokens serviceTokens;
    private final OidcVerifier oidc;
    private final byte[] bootstrapHash;

    private Authentication(Builder b) {
        this.apiKeys = b.apiKeys;
        this.serviceTokens = b.serviceTokens;
        this.oidc = b.oidc;
        this.bootstrapHash = b.bootstrapHash;
    }

    /** A chain that knows API keys; add service tokens, OIDC and a bootstrap token as configured. */
    public static Builder builder(ApiKeys apiKeys) {
        return new Builder(apiKeys);
    }

    /** Assembles an {@link Authentication}. */
    public static final class Builder {
        private final ApiKeys apiKeys;
        private ServiceTokens serviceTokens;
        private OidcVerifier oidc;
        private byte[] bootstrapHash;

        private Builder(ApiKeys apiKeys) {
            this.apiKeys = Objects.requireNonNull(apiKeys, "apiKeys");
        }

        public Builder serviceTokens(ServiceTokens tokens) {
            this.serviceTokens = tokens;
            return this;
        }

        /** Accepts tokens of an OpenID Connect provider; null for none. */
        public Builder oidc(OidcVerifier verifier) {
            this.oidc = verifier;
            return this;
        }

        /**
         * Accepts this token as the bootstrap admin; null or "" for none.
         *
         * @throws InvalidInputException when it is shorter than 16 characters
         */
        public Builder bootstrapToken(String token) {
            if (token == null || token.isEmpty()) {
                this.bootstrapHash = null;
                return this;
            }
            if (token.length() < MIN_BOOTSTRAP_LENGTH) {
                throw new InvalidInputException(BOOTSTRAP_VARIABLE + " must be at least " + MIN_BOOTSTRAP_LENGTH + " characters long");
            }
            this.bootstrapHash = digest(token);
            return this;
        }

        public Authentication build() {
            return new Authentication(this);
        }
    }

    /** The principal of a bearer token (the part after {@code Bearer }), valid at {@code now}. */
    public Optional<Principal> bearer(String token, Instant now) {
        if (token == null || token.isEmpty() || token.length() > MAX_TOKEN_LENGTH) {
            return Optional.empty();
        }
        Optional<Principal> p = Optional.empty();
        if (token.startsWith(ApiKeys.PREFIX)) {
            p = apiKeys.verify(token, now);
        } else if (looksLikeJwt(token)) {
            p = ServiceTokens.ISSUER.equals(unverifiedIssuer(token))
                    ? (serviceTokens == null ? Optional.empty() : serviceTokens.verify(token, now))
                    : (oidc == null ? Optional.empty() : oidc.verify(token, now));
        }
        if (p.isEmpty() && bootstrapHash != null && MessageDigest.isEqual(digest(token), bootstrapHash)) {
            return Optional.of(BOOTSTRAP);
        }
        return p;
    }

    /** The principal of a client certificate the TLS layer validated. */
    public Optional<Principal> certificate(X509Certificate certificate) {
        if (certificate == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(CertificatePrincipals.principal(certificate));
        } catch (InvalidInputException e) {
            return Optional.empty();
        }
    }

    /** A bearer token when there is one, else the client certificate; empty when neither authenticates. */
    public Optional<Principal> authenticate(String bearer, X509Certificate certificate, Instant now) {
        if (bearer != null && !bearer.isEmpty()) {
            return bearer(bearer, now);
        }
        return certificate(certificate);
    }

    private static boolean looksLikeJwt(String token) {
        int first = token.indexOf('.');
        return first > 0 && token.indexOf('.', first + 1) > first;
    }

    /** Only to route the token to the right verifier; nothing is trusted before its signature is. */
    private static String unverifiedIssuer(String token) {
        try {
            return JWTParser.parse(token).getJWTClaimsSet().getIssuer();
        } catch (java.text.ParseException | RuntimeException e) {
            return null;
        }
    }

    private static byte[] digest(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }
}
