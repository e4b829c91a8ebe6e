package io.llmcm.core;

/**
 * A commit would take a tenant over one of its quotas (keys or bytes); nothing of it was applied.
 * The message names the tenant, the quota, its limit and the value the commit would reach.
 */
public final class QuotaExceededException extends LlmcmException {
    public QuotaExceededException(String message) {
        super(message);
    }

    @Override
    public ErrorKind kind() {
        return ErrorKind.QUOTA_EXCEEDED;
    }
}
