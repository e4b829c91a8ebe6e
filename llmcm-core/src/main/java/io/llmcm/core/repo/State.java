package io.llmcm.core.repo;

import io.llmcm.core.model.Commit;
import io.llmcm.core.model.EntryVersion;
import io.llmcm.core.model.Mutation;
import java.util.List;
import java.util.concurrent.locks.StampedLock;

/**
 * The in-memory state at a known revision: heads and catalog. Only the committer thread changes it,
 * under the write lock, after the store has made the change durable; readers take the lock's
 * optimistic mode and retry in the rare case a commit landed meanwhile.
 */
final class State {
    final Heads heads = new Heads();
    final StampedLock lock = new StampedLock();
    private volatile Catalog catalog = Catalog.empty();
    private volatile long revision;
    private volatile long retentionFloor;
    /** Wakes watchers and long-polls when the revision advances. */
    final RevisionSignal signal = new RevisionSignal();
    /** The newest commits, for watchers (set on load). */
    RecentCommits recent = new RecentCommits(0);

    long revision() {
        return revision;
    }

    Catalog catalog() {
        return catalog;
    }

    long retentionFloor() {
        return retentionFloor;
    }

    void load(io.llmcm.core.store.StoreImage image) {
        heads.load(image.heads());
        catalog = Catalog.load(image);
        retentionFloor = image.retentionFloor();
        revision = image.revision();
        recent = new RecentCommits(image.revision());
    }

    /** Applies durable commits; their catalogs were computed by the planner. */
    void apply(List<Commit> commits, List<Catalog> catalogs) {
        recent.add(commits); // before the revision moves: a watcher that sees it finds its commits
        long stamp = lock.writeLock();
        try {
            for (int i = 0; i < commits.size(); i++) {
                Commit c = commits.get(i);
                for (Mutation m : c.mutations()) {
                    switch (m) {
                        case Mutation.PutEntry p -> heads.put(new EntryVersion(p.key(), c.revision(), p.value(), p.replace()));
                        case Mutation.DeleteEntry d -> heads.remove(d.key(), c.revision());
                        case Mutation.DeleteTenant t -> heads.removeTenant(t.name(), c.revision());
                        default -> {}
                    }
                }
                catalog = catalogs.get(i);
                revision = c.revision();
            }
        } finally {
            lock.unlockWrite(stamp);
        }
        signal.advanced();
    }

    /**
     * Applies durable commits that another process made (read back from the store's log), deriving
     * their catalogs from the mutations as a load would.
     *
     * @param counted runs once they are checked, before anyone waiting can see the new revision
     *
     * @throws IllegalStateException when they do not follow the current revision one by one
     */
    void applyFollowed(List<Commit> commits, Runnable counted) {
        List<Catalog> catalogs = new java.util.ArrayList<>(commits.size());
        Catalog c = catalog;
        long expected = revision + 1;
        for (Commit commit : commits) {
            if (commit.revision() != expected) {
                throw new IllegalStateException("the log skips from revision " + (expected - 1) + " to " + commit.revision());
            }
            c = c.with(commit.mutations(), commit.revision());
            catalogs.add(c);
            expected++;
        }
        counted.run();
        apply(commits, catalogs);
    }

    void retentionFloor(long floor) {
        retentionFloor = Math.max(retentionFloor, floor);
    }

    /** Runs a read under the read lock (for reads too long for optimistic retries). */
    <T> T read(java.util.function.Supplier<T> body) {
        long stamp = lock.readLock();
        try {
            return body.get();
        } finally {
            lock.unlockRead(stamp);
        }
    }

    /** Runs a short read optimistically, falling back to the read lock if a commit interleaved. */
    <T> T readOptimistic(java.util.function.Supplier<T> body) {
        long stamp = lock.tryOptimisticRead();
        if (stamp != 0) {
            try {
                T result = body.get();
                if (lock.validate(stamp)) {
                    return result;
                }
            } catch (RuntimeException torn) {
                // a torn read can only fail this way if a commit interleaved; retry under the lock
                if (lock.validate(stamp)) {
                    throw torn;
                }
            }
        }
        return read(body);
    }
}
