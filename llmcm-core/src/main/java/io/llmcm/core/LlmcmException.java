package io.llmcm.core;

/**
 * Base of every error a user can see. The message is written for the user: it names the field or
 * address at fault and says what was expected. It never contains a stack trace or a secret.
 */
public abstract sealed class LlmcmException extends RuntimeException
        permits InvalidInputException,
                NotFoundException,
                ConflictException,
                ValidationException,
                PermissionDeniedException,
                StoreException,
                KeyException,
                ExpiredException,
                QuotaExceededException,
                HistoryCompactedException {

    protected LlmcmException(String message) {
        super(message);
    }

    protected LlmcmException(String message, Throwable cause) {
        super(message, cause);
    }

    /** The kind of failure, stable across releases: maps to CLI exit codes and HTTP statuses. */
    public abstract ErrorKind kind();
}
