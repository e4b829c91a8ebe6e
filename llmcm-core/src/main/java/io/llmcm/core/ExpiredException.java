package io.llmcm.core;

/** The addressed secret or credential exists but has expired or was revoked. */
public final class ExpiredException extends LlmcmException {
    public ExpiredException(String message) {
        super(message);
    }

    @Override
    public ErrorKind kind() {
        return ErrorKind.EXPIRED;
    }
}
