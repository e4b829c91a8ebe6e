package io.llmcm.core;

/** A request that is malformed: bad name, unparsable value, limit exceeded. */
public final class InvalidInputException extends LlmcmException {
    public InvalidInputException(String message) {
        super(message);
    }

    @Override
    public ErrorKind kind() {
        return ErrorKind.INVALID_INPUT;
    }
}
