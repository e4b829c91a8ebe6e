package io.llmcm.core;

/** Kinds of failure, each with its CLI exit code. */
public enum ErrorKind {
    /** Something failed that is not the caller's fault (I/O, a broken store). */
    ERROR(1),
    /** The request itself is malformed: a bad name, an unparsable value, a value too large. */
    INVALID_INPUT(2),
    NOT_FOUND(3),
    /** A compare-and-set precondition failed, or the name is taken. */
    CONFLICT(4),
    /** The change is well-formed but breaks a schema or rule. */
    VALIDATION_FAILED(5),
    PERMISSION_DENIED(6),
    /** The thing exists but may no longer be used: an expired secret, a revoked credential. */
    EXPIRED(3),
    /** The change would take a tenant over its quota (keys or bytes). */
    QUOTA_EXCEEDED(7);

    private final int exitCode;

    ErrorKind(int exitCode) {
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}
