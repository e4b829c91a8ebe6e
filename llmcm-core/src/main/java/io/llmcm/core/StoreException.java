package io.llmcm.core;

/** The store failed (I/O, corruption, a lock held by another process). The cause stays for logs only. */
public final class StoreException extends LlmcmException {
    public StoreException(String message) {
        super(message);
    }

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public ErrorKind kind() {
        return ErrorKind.ERROR;
    }
}
