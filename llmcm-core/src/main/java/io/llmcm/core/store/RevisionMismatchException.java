package io.llmcm.core.store;

/**
 * {@link Store#append} was asked to write revisions that do not follow the log's end: another
 * writer got there first. The caller must catch up (read the commits after its revision) and
 * retry. Nothing was written.
 */
public final class RevisionMismatchException extends RuntimeException {
    private final long expected;
    private final long actual;

    public RevisionMismatchException(long expected, long actual) {
        super("append expected the log to end at revision " + expected + " but it ends at " + actual);
        this.expected = expected;
        this.actual = actual;
    }

    public long expected() {
        return expected;
    }

    public long actual() {
        return actual;
    }
}
