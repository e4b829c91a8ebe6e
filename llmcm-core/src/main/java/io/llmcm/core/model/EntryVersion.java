package io.llmcm.core.model;

import java.util.Objects;

/**
 * One version of one entry, written by the commit at {@code revision}.
 *
 * @param key the entry's address
 * @param revision the commit that wrote this version
 * @param value the value, or null when this version is a deletion (a tombstone in history)
 * @param replace true when this layer replaces what lower layers set instead of merging into it
 */
public record EntryVersion(EntryKey key, long revision, Value value, boolean replace) {
    public EntryVersion {
        Objects.requireNonNull(key, "key");
        if (revision <= 0) {
            throw new IllegalArgumentException("revision must be positive: " + revision);
        }
    }

    public boolean isDeleted() {
        return value == null;
    }
}
