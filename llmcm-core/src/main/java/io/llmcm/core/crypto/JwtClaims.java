package io.llmcm.core.crypto;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The claims of a JWT whose signature, audience and lifetime were verified.
 *
 * @param subject {@code sub}
 * @param audiences {@code aud}
 * @param jwtId {@code jti} (what a revocation names)
 * @param issuedAt {@code iat}
 * @param expires {@code exp}
 * @param claims the other claims: String, Long, Double, Boolean, null, Map or List
 */
public record JwtClaims(String subject, List<String> audiences, String jwtId, Instant issuedAt, Instant expires, Map<String, Object> claims) {}
