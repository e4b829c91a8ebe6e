package io.llmcm.client;

/**
 * A request the SDK made failed, or a value could not be bound to the type asked for. {@link
 * #status()} is the HTTP status of the server's answer, or 0 when there was none (connection
 * refused, timeout, a value that does not bind).
 */
public class LlmcmClientException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int status;

    LlmcmClientException(int status, String message, Throwable cause) {
        super(message, cause);
        this.status = status;
    }

    LlmcmClientException(int status, String message) {
        this(status, message, null);
    }

    /** The HTTP status, or 0 when the server did not answer. */
    public int status() {
        return status;
    }

    /** Whether waiting may help: no answer, 408, 429 or 5xx (as opposed to 4xx refusals). */
    public boolean isTransient() {
        return status == 0 || status == 408 || status == 429 || status >= 500;
    }
}
