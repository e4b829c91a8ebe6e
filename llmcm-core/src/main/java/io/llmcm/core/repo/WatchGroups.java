package io.llmcm.core.repo;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The live watch groups, one per filter and heartbeat interval, and the pool that helps large
 * groups deliver. A subscriber catches up on its own thread from its revision to the group's
 * position, then joins; see {@link WatchGroup} for why that delivers each event once, in order.
 */
final class WatchGroups implements AutoCloseable {
    private record Key(WatchFilter filter, long heartbeatNanos) {}

    private final Repository repo;
    private final ConcurrentHashMap<Key, WatchGroup> groups = new ConcurrentHashMap<>();
    private final int parallelism = Runtime.getRuntime().availableProcessors();
    /** Helpers for the slices of large groups; the group's own thread takes one slice. */
    private final ExecutorService fanout = Executors.newFixedThreadPool(Math.max(1, parallelism - 1),
            Thread.ofPlatform().name("llmcm-watch-fanout-", 0).daemon(true).factory());

    WatchGroups(Repository repo) {
        this.repo = repo;
    }

    /**
     * Delivers the events after {@code from} to the listener (the catch-up on this thread), then
     * joins the filter's group for the live ones.
     */
    Subscription subscribe(WatchFilter filter, long from, long heartbeatNanos, WatchListener listener) {
        WatchGroup.Member m = new WatchGroup.Member(listener, from);
        Key key = new Key(filter, heartbeatNanos);
        while (true) {
            WatchGroup g = groups.computeIfAbsent(key, k -> {
                WatchGroup created = new WatchGroup(repo, this, filter, heartbeatNanos, fanout, parallelism);
                created.start();
                return created;
            });
            long at = g.position();
            if (m.told() < at) {
                m.events(repo.eventsBetween(filter, m.told(), at), at);
            }
            if (g.join(m, m.told())) {
                return m;
            }
            if (g.isDead()) {
                groups.remove(key, g);
            }
        }
    }

    void remove(WatchGroup g) {
        groups.remove(new Key(g.filter, g.heartbeatNanos), g);
    }

    /** Lets the groups' threads end (they wake on the repository's close) and stops the pool. */
    @Override
    public void close() {
        fanout.shutdown();
    }
}
