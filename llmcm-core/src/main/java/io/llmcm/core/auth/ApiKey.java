package io.llmcm.core.auth;

import io.llmcm.core.InvalidInputException;
import io.llmcm.core.model.Names;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * An API key as the store keeps it. The secret part is never stored: only its SHA-256, which is
 * enough because the secret is 32 random bytes (nothing to guess, so no slow hash is needed). A
 * revoked key stays listed.
 *
 * @param tenant the tenant the key belongs to and can never act outside of; "" for a store-wide
 *     key
 * @param id 16 lower-case letters and digits, unique in the store; the public part of the key
 * @param name what people call it
 * @param hash lower-case hex SHA-256 of the secret part
 * @param created when it was issued
 * @param expires when it stops working; null for never
 * @param revoked when it was revoked; null while it is not
 */
public record ApiKey(String tenant, String id, String name, String hash, Instant created, Instant expires, Instant revoked) {
    private static final Pattern ID = Pattern.compile("[a-z0-9]{16}");
    private static final Pattern HASH = Pattern.compile("[0-9a-f]{64}");

    public ApiKey {
        tenant = Names.tenantOrStoreWide(Objects.requireNonNull(tenant, "tenant"));
        checkId(id);
        Names.keyName(name);
        if (hash == null || !HASH.matcher(hash).matches()) {
            throw new InvalidInputException("an API key hash is 64 lower-case hex digits (SHA-256)");
        }
        // stores keep milliseconds: a key must read back equal to what was written
        created = Objects.requireNonNull(created, "created").truncatedTo(ChronoUnit.MILLIS);
        expires = expires == null ? null : expires.truncatedTo(ChronoUnit.MILLIS);
        revoked = revoked == null ? null : revoked.truncatedTo(ChronoUnit.MILLIS);
    }

    /** Checks an API key id and returns it. */
    public static String checkId(String id) {
        if (id == null || !ID.matcher(id).matches()) {
            throw new InvalidInputException("an API key id is 16 lower-case letters and digits");
        }
        return id;
    }

    /** True when the key may be used at {@code now}: not expired, not revoked. */
    public boolean isActive(Instant now) {
        return (expires == null || now.isBefore(expires)) && (revoked == null || now.isBefore(revoked));
    }

    /** The same key, revoked at {@code at}. */
    public ApiKey revokedAt(Instant at) {
        return new ApiKey(tenant, id, name, hash, created, expires, at);
    }

    /** The principal this key authenticates: {@code key:<id>}, confined to the key's tenant. */
    public Principal principal() {
        return new Principal(Subjects.KEY + id, name, tenant, Set.of());
    }
}
