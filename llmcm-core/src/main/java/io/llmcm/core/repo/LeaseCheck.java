package io.llmcm.core.repo;

import io.llmcm.core.model.Lease;

/** What is known of an issued credential. */
public record LeaseCheck(Lease lease, Status status) {
    public enum Status {
        VALID,
        EXPIRED,
        REVOKED
    }
}
