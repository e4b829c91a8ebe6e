package io.llmcm.core.repo;

import io.llmcm.core.cache.SharedCache;
import io.llmcm.core.cache.SharedEntry;
import io.llmcm.core.cache.SharedKeys;
import io.llmcm.core.model.Commit;
import io.llmcm.core.model.Mutation;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The repository's side of the shared cache: which entries it may trust.
 *
 * <p>A value as of a past revision never changes, with one exception: a tenant deleted (its history
 * purged from the store) and created again under the same name reads as empty at revisions before
 * its new creation, where the old entries still hold the deleted tenant's values. So an entry is
 * trusted only when the instance that computed it already knew every tenant of its chain in its
 * present incarnation: its {@code computedAt} is at or after the tenant's creation. This instance
 * knows that revision for tenants created since it loaded the store; for the others it takes the
 * revision it loaded at, which is later than their creation.
 */
final class SharedValues {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(SharedValues.class);

    private final SharedCache cache;
    private final long loadedAt;
    /** Tenants created after the load, with the revision of their newest creation. */
    private final ConcurrentHashMap<String, Long> created = new ConcurrentHashMap<>();
    /** Entries found but not trusted or not new enough (the cache counted them as hits). */
    private final java.util.concurrent.atomic.LongAdder refused = new java.util.concurrent.atomic.LongAdder();

    SharedValues(SharedCache cache, long loadedAt) {
        this.cache = cache;
        this.loadedAt = loadedAt;
    }

    boolean enabled() {
        return cache.enabled();
    }

    SharedCache.Stats stats() {
        return cache.stats();
    }

    long refused() {
        return refused.sum();
    }

    /** Whether an entry found may answer; counts it when not. */
    private boolean use(boolean ok) {
        if (!ok) {
            refused.increment();
        }
        return ok;
    }

    /** Before commits (another process's or this one's) apply: notes the tenants they create. */
    void beforeApplied(List<Commit> commits) {
        for (Commit c : commits) {
            for (Mutation m : c.mutations()) {
                if (m instanceof Mutation.PutTenant p) {
                    created.merge(p.tenant().name(), c.revision(), Math::max);
                }
            }
        }
    }

    /** This process's commits are durable and about to apply: notes them, and tells the other instances. */
    void durable(List<Commit> commits) {
        beforeApplied(commits);
        try {
            cache.publishCommit(commits.getLast().revision());
        } catch (RuntimeException e) { // best effort: the store's own feed and poll still tell them
            LOG.debug("could not announce revision {}: {}", commits.getLast().revision(), e.toString());
        }
    }

    /** The lowest {@code computedAt} an entry of this chain needs to be trusted. */
    private long floor(List<LayerRef> chain) {
        long floor = 0;
        String last = null;
        for (LayerRef r : chain) {
            if (!r.tenant().equals(last)) {
                last = r.tenant();
                floor = Math.max(floor, created.getOrDefault(last, loadedAt));
            }
        }
        return floor;
    }

    /** The value as of revision {@code at}, when an entry for it can be trusted. */
    Optional<Resolved> at(List<LayerRef> chain, String path, long at) {
        if (!cache.enabled()) {
            return Optional.empty();
        }
        long floor = floor(chain);
        return cache.get(SharedKeys.at(chain, path, at))
                .flatMap(SharedEntry::decode)
                .filter(e -> use(e.revision() == at && e.computedAt() >= floor))
                .map(e -> e.resolved(path));
    }

    /** Shares a value as of a past revision that this instance, at {@code computedAt}, read from the store. */
    void putAt(List<LayerRef> chain, Resolved r, long computedAt) {
        if (cache.enabled()) {
            SharedEntry.of(r, computedAt).ifPresent(e -> cache.put(SharedKeys.at(chain, r.path(), r.revision()), e.encode()));
        }
    }

    /** The listing under a prefix as of revision {@code at}, when an entry for it can be trusted. */
    Optional<List<Resolved>> listAt(List<LayerRef> chain, String prefix, long at) {
        if (!cache.enabled()) {
            return Optional.empty();
        }
        long floor = floor(chain);
        return cache.get(SharedKeys.list(chain, prefix, at))
                .flatMap(io.llmcm.core.cache.SharedList::decode)
                .filter(l -> use(l.revision() == at && l.computedAt() >= floor))
                .map(io.llmcm.core.cache.SharedList::items);
    }

    /** Shares a listing as of a past revision that this instance, at {@code computedAt}, read from the store. */
    void putListAt(List<LayerRef> chain, String prefix, long at, List<Resolved> items, long computedAt) {
        if (cache.enabled()) {
            io.llmcm.core.cache.SharedList.of(at, computedAt, items)
                    .ifPresent(l -> cache.put(SharedKeys.list(chain, prefix, at), l.encode()));
        }
    }

    /** Offers a value that is current at its revision (computed from this state at that revision). */
    void offerCurrent(List<LayerRef> chain, Resolved r) {
        SharedEntry.of(r, r.revision()).ifPresent(e -> cache.offerCurrent(SharedKeys.current(chain, r.path()), r.revision(), e.encode()));
    }

    /** The newest shared current value, when it is at {@code minRevision} or later and can be trusted. */
    Optional<Resolved> atLeast(List<LayerRef> chain, String path, long minRevision) {
        long floor = floor(chain);
        return cache.current(SharedKeys.current(chain, path))
                .flatMap(SharedEntry::decode)
                .filter(e -> use(e.revision() >= minRevision && e.computedAt() >= floor))
                .map(e -> e.resolved(path));
    }

    void close() {
        cache.close();
    }
}
