package io.llmcm.core;

/** The addressed tenant, environment, key, revision or tag does not exist. */
public final class NotFoundException extends LlmcmException {
    public NotFoundException(String message) {
        super(message);
    }

    @Override
    public ErrorKind kind() {
        return ErrorKind.NOT_FOUND;
    }
}
