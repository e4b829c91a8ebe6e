package io.llmcm.core.model;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * An atomic change to the store: everything in {@code mutations} landed at {@code revision}, or
 * nothing did. Revisions are store-wide and strictly increasing.
 */
public record Commit(long revision, Instant time, String author, String message, List<Mutation> mutations) {
    public Commit {
        if (revision <= 0) {
            throw new IllegalArgumentException("revision must be positive: " + revision);
        }
        // stores keep milliseconds: a commit must read back equal to what was written
        time = Objects.requireNonNull(time, "time").truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        Objects.requireNonNull(author, "author");
        Objects.requireNonNull(message, "message");
        mutations = List.copyOf(mutations);
    }

    public CommitInfo info() {
        return new CommitInfo(revision, time, author, message);
    }
}
