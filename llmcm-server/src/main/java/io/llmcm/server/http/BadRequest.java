package io.llmcm.server.http;

/**
 * A request the server refuses before it reaches the repository, naming the part at fault: a
 * query parameter, a header, or a JSON pointer into the body.
 *
 * @see Problems
 */
public final class BadRequest extends RuntimeException {
    private final int status;
    private final String field;

    public BadRequest(String field, String message) {
        this(400, field, message);
    }

    public BadRequest(int status, String field, String message) {
        super(message, null, false, false);
        this.status = status;
        this.field = field;
    }

    public int status() {
        return status;
    }

    /** The failing part ("query:env", "header:If-Match", "/model/temperature"), or null. */
    public String field() {
        return field;
    }
}
