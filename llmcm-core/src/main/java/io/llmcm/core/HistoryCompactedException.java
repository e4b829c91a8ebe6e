package io.llmcm.core;

/**
 * A watch asked to start (or fell) behind the history the store keeps: the changes after its
 * revision can no longer be told one by one. The client reads a fresh snapshot and watches from
 * that snapshot's revision.
 */
public final class HistoryCompactedException extends LlmcmException {
    private final long oldestRevision;

    public HistoryCompactedException(long requested, long oldestRevision) {
        super("revision " + requested + " is older than the history kept (it starts at revision " + oldestRevision
                + "); read a snapshot and watch from its revision");
        this.oldestRevision = oldestRevision;
    }

    /** The oldest revision a watch can start from now. */
    public long oldestRevision() {
        return oldestRevision;
    }

    @Override
    public ErrorKind kind() {
        return ErrorKind.NOT_FOUND;
    }
}
