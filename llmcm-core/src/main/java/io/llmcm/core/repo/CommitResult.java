package io.llmcm.core.repo;

import java.time.Instant;

/**
 * What a commit did.
 *
 * @param revision the new revision, or the current one when nothing changed
 * @param time when it was committed (null when nothing changed)
 * @param changes how many mutations were stored (puts that repeat the head are dropped)
 */
public record CommitResult(long revision, Instant time, int changes) {
    public boolean changed() {
        return changes > 0;
    }
}
