package io.llmcm.core;

/** The caller may not do this (or the operating system refused access to the store). */
public final class PermissionDeniedException extends LlmcmException {
    public PermissionDeniedException(String message) {
        super(message);
    }

    @Override
    public ErrorKind kind() {
        return ErrorKind.PERMISSION_DENIED;
    }
}
