package io.llmcm.core.cache;

import java.util.Optional;
import java.util.function.LongConsumer;

/**
 * A cache shared by every instance serving one store (Redis, say), behind the in-process cache of
 * resolved values. It holds opaque entries the repository encodes ({@link SharedEntry}) under keys
 * it builds ({@link SharedKeys}), and carries commit announcements between instances.
 *
 * <p>Everything here is best effort: an implementation answers quickly or not at all, never
 * throws, and an entry missing, evicted or unreachable only costs the read its normal path. The
 * repository never trusts an entry beyond what its own checks allow (the revision a reader
 * demands, the tenants' incarnations), so a cache that answers wrongly cannot make a read stale.
 */
public interface SharedCache extends AutoCloseable {
    /** No shared cache: every lookup misses, nothing is stored or announced. */
    SharedCache NONE = new SharedCache() {
        @Override
        public boolean enabled() {
            return false;
        }

        @Override
        public Optional<byte[]> get(String key) {
            return Optional.empty();
        }

        @Override
        public void put(String key, byte[] entry) {}

        @Override
        public Optional<byte[]> current(String key) {
            return Optional.empty();
        }

        @Override
        public void offerCurrent(String key, long revision, byte[] entry) {}

        @Override
        public void publishCommit(long revision) {}

        @Override
        public void onCommit(LongConsumer listener) {}

        @Override
        public Stats stats() {
            return new Stats(0, 0, 0, 0);
        }

        @Override
        public void close() {}
    };

    /** False for {@link #NONE}: nothing is shared, and metrics need not mention it. */
    boolean enabled();

    /** An immutable entry (a value as of a past revision); empty on a miss or when the cache cannot answer now. */
    Optional<byte[]> get(String key);

    /** Stores an immutable entry. Does not wait for the cache. */
    void put(String key, byte[] entry);

    /** The current-value entry with the highest revision offered under a key; empty as for {@link #get}. */
    Optional<byte[]> current(String key);

    /**
     * Offers a current-value entry that was true at {@code revision}: it replaces the one under the
     * key only when that one's revision is lower (atomically, as instances race). Does not wait.
     */
    void offerCurrent(String key, long revision, byte[] entry);

    /** Tells the other instances that this one appended commits up to {@code revision}. Does not wait. */
    void publishCommit(long revision);

    /**
     * Calls the listener with the revision of each commit announcement of another instance (and
     * possibly this one's own). Announcements are wake-ups, not data: they may be lost or repeated.
     */
    void onCommit(LongConsumer listener);

    /** Lookups so far, by outcome (for metrics). */
    Stats stats();

    /** Stops using the cache; later calls miss and store nothing. */
    @Override
    void close();

    /**
     * How lookups ({@link #get}, {@link #current}) went since the cache opened.
     *
     * @param hits answered with an entry
     * @param misses the cache had no entry
     * @param errors the cache failed to answer (timeout, connection lost)
     * @param skipped not asked, the cache being down and in its back-off period
     */
    record Stats(long hits, long misses, long errors, long skipped) {}
}
