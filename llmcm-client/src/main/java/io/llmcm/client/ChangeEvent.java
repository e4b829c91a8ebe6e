package io.llmcm.client;

import java.util.Set;

/**
 * What a listener is told after a new snapshot was swapped in: the revisions before and after and
 * the paths whose value changed (added, changed or deleted). A snapshot that only moved to a newer
 * revision without any value changing calls no listener.
 *
 * @param previousRevision the revision of the snapshot replaced
 * @param revision the revision of the new snapshot
 * @param changedPaths the paths added, changed or deleted (unmodifiable)
 * @param snapshot the new snapshot
 */
public record ChangeEvent(long previousRevision, long revision, Set<String> changedPaths, Snapshot snapshot) {
    public ChangeEvent {
        changedPaths = Set.copyOf(changedPaths);
    }
}
