package io.llmcm.core.repo;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.llmcm.core.NotFoundException;
import io.llmcm.core.model.Commit;
import io.llmcm.core.model.EntryKey;
import io.llmcm.core.model.Mutation;
import io.llmcm.core.store.Store;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Turns commits into watch events. What one commit means to one filter is worked out once and
 * remembered, so ten thousand watchers of the same scope cost one computation per commit, not ten
 * thousand.
 *
 * <p>A commit is a candidate for a filter when it writes a watched path in a layer of the scope's
 * chain (the tenant, its ancestors, {@code global}; the environment and its parents; the service).
 * It becomes an event only for the paths whose effective value differs from the revision before:
 * a write hidden by a more specific layer is no event.
 */
final class WatchEvents {
    private static final int MEMO_SIZE = 16_384;
    private static final int PAGE = 512;

    private record Key(WatchFilter filter, long revision) {}

    private final Repository repo;
    private final State state;
    private final Store store;
    private final RecentCommits recent;
    /**
     * Optional.empty(): the commit changes nothing in view. Futures, so that the watchers who arrive
     * while the first one computes wait on it together instead of queueing on a lock one by one.
     */
    private final Cache<Key, CompletableFuture<Optional<WatchEvent>>> memo = Caffeine.newBuilder().maximumSize(MEMO_SIZE).build();

    WatchEvents(Repository repo, State state, Store store, RecentCommits recent) {
        this.repo = repo;
        this.state = state;
        this.store = store;
        this.recent = recent;
    }

    /** The events for the commits after {@code after} up to {@code upTo}, oldest first. */
    List<WatchEvent> between(WatchFilter filter, long after, long upTo) {
        List<WatchEvent> out = new ArrayList<>();
        for (Commit c : commits(after, upTo)) {
            event(filter, c).ifPresent(out::add);
        }
        return out;
    }

    private Optional<WatchEvent> event(WatchFilter filter, Commit c) {
        Key key = new Key(filter, c.revision());
        CompletableFuture<Optional<WatchEvent>> f = memo.getIfPresent(key); // no lock: the common case
        if (f == null) {
            CompletableFuture<Optional<WatchEvent>> mine = new CompletableFuture<>();
            f = memo.asMap().putIfAbsent(key, mine);
            if (f == null) {
                f = mine;
                try {
                    mine.complete(compute(filter, c));
                } catch (RuntimeException e) {
                    mine.completeExceptionally(e);
                    memo.invalidate(key); // a later watcher tries again (a store that failed may answer)
                }
            }
        }
        try {
            return f.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }

    private List<Commit> commits(long after, long upTo) {
        List<Commit> held = recent.between(after, upTo);
        if (held != null) {
            return held;
        }
        List<Commit> out = new ArrayList<>();
        long from = after;
        while (from < upTo) {
            List<Commit> page = store.commitsAfter(from, PAGE);
            if (page.isEmpty()) {
                break;
            }
            for (Commit c : page) {
                if (c.revision() <= upTo) {
                    out.add(c);
                }
            }
            from = page.getLast().revision();
        }
        return out;
    }

    private Optional<WatchEvent> compute(WatchFilter filter, Commit c) {
        Scope scope = filter.scope();
        List<LayerRef> chain = state.catalog().chain(scope); // a deleted tenant ends the watch here
        Set<LayerRef> layers = new HashSet<>(chain);
        Set<String> candidates = new TreeSet<>();
        for (Mutation m : c.mutations()) {
            EntryKey key = switch (m) {
                case Mutation.PutEntry p -> p.key();
                case Mutation.DeleteEntry d -> d.key();
                case Mutation.DeleteTenant t when t.name().equals(scope.tenant()) ->
                        throw new NotFoundException("tenant '" + scope.tenant() + "' was deleted at revision " + c.revision());
                default -> null;
            };
            if (key != null && filter.covers(key.path()) && layers.contains(new LayerRef(key.tenant(), key.layer()))) {
                candidates.add(key.path());
            }
        }
        List<WatchEvent.Change> changes = new ArrayList<>();
        for (String path : candidates) {
            Optional<Resolved> before = repo.effectiveAt(scope, chain, path, c.revision() - 1);
            Optional<Resolved> after = repo.effectiveAt(scope, chain, path, c.revision());
            if (!Objects.equals(before.map(Resolved::value), after.map(Resolved::value))) {
                changes.add(new WatchEvent.Change(path, after));
            }
        }
        return changes.isEmpty() ? Optional.empty() : Optional.of(new WatchEvent(c.revision(), c.time(), changes));
    }
}
