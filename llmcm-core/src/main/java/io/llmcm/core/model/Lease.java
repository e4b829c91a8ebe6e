package io.llmcm.core.model;

import java.time.Instant;
import java.util.Objects;

/**
 * A short-lived credential issued from a dynamic secret. The store keeps only a hash of the
 * credential, never the credential itself.
 *
 * @param id lease id, shown to the holder for revocation
 * @param key the dynamic secret it was issued from
 * @param credentialHash SHA-256 of the credential, hex
 * @param issued when it was issued
 * @param expires when it stops being valid
 * @param revoked when it was revoked, or null
 * @param actor who asked for it
 */
public record Lease(String id, EntryKey key, String credentialHash, Instant issued, Instant expires, Instant revoked, String actor) {
    public Lease {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(credentialHash, "credentialHash");
        issued = Objects.requireNonNull(issued, "issued").truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        expires = Objects.requireNonNull(expires, "expires").truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        revoked = revoked == null ? null : revoked.truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        actor = Objects.requireNonNullElse(actor, "");
    }

    public Lease revokedAt(Instant when) {
        return new Lease(id, key, credentialHash, issued, expires, when, actor);
    }

    /** Valid at {@code now}: not revoked and not expired. */
    public boolean validAt(Instant now) {
        return revoked == null && now.isBefore(expires);
    }
}
