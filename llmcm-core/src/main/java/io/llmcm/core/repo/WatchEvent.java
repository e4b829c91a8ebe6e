package io.llmcm.core.repo;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One commit as a watch sees it: the watched paths whose effective value it changed.
 *
 * @param revision the commit's revision
 * @param time when it was committed
 * @param changes at least one, sorted by path
 */
public record WatchEvent(long revision, Instant time, List<Change> changes) {
    public WatchEvent {
        changes = List.copyOf(changes);
    }

    /**
     * A path's new effective value.
     *
     * @param value absent when the path no longer has a value in the watched scope
     */
    public record Change(String path, Optional<Resolved> value) {
        public boolean isDeleted() {
            return value.isEmpty();
        }
    }
}
