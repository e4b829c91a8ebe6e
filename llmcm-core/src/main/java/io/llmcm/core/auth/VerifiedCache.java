package io.llmcm.core.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Bearer tokens already verified, so that a client sending the same token on every request pays
 * for the signature check (tens of microseconds for ECDSA, more for RSA) once. Keyed by the
 * token's SHA-256, so the cache holds no usable credential; an entry is good until the token's own
 * expiry.
 */
final class VerifiedCache {
    record Entry(Principal principal, Instant expires) {}

    private final Cache<String, Entry> cache;

    VerifiedCache(Duration longest) {
        this.cache = Caffeine.newBuilder().maximumSize(10_000).expireAfterWrite(longest).build();
    }

    /** The principal of a token verified before and not expired at {@code now}. */
    Optional<Entry> get(String token, Instant now) {
        Entry e = cache.getIfPresent(ApiKeys.sha256(token));
        return e != null && now.isBefore(e.expires()) ? Optional.of(e) : Optional.empty();
    }

    void put(String token, Principal principal, Instant expires) {
        cache.put(ApiKeys.sha256(token), new Entry(principal, expires));
    }
}
