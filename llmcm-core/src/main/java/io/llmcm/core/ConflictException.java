package io.llmcm.core;

/** A compare-and-set precondition failed, or a name is already taken. */
public final class ConflictException extends LlmcmException {
    public ConflictException(String message) {
        super(message);
    }

    @Override
    public ErrorKind kind() {
        return ErrorKind.CONFLICT;
    }
}
