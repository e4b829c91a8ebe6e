package io.llmcm.core.repo;

import io.llmcm.core.model.Lease;
import io.llmcm.core.model.Value;
import java.time.Instant;

/**
 * A secret's plaintext, handed to a caller allowed to see it. Do not log it, print it by accident
 * or keep it longer than needed: {@link #toString()} shows metadata only.
 *
 * @param value the plaintext (JSON or text); for a dynamic secret, the freshly issued credential
 * @param revision the store revision the answer is true at
 * @param version the revision of the secret's version
 * @param expires when it stops being valid, or null
 * @param lease for a dynamic secret, the lease the credential was issued under; otherwise null
 */
public record Revealed(String path, Value value, long revision, long version, Instant expires, Lease lease) {
    @Override
    public String toString() {
        return "Revealed[" + path + ", version " + version + (lease == null ? "" : ", lease " + lease.id()) + "]";
    }
}
