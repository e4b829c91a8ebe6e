package io.llmcm.core.repo;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every subscriber of one filter, served by one thread: it waits for the revision to advance,
 * works out the events once and hands the same objects to each member. This is what lets ten
 * thousand watchers of a scope cost one wake-up per commit instead of ten thousand (etcd's watch
 * groups do the same). Large groups are delivered in slices, taken by this thread and the fan-out
 * pool's, so that every core writes.
 *
 * <p>Ordering: a member joins only at the group's position (under the lock), after its catch-up
 * reached it; rounds run one after another; so each member sees each event once, in order.
 */
final class WatchGroup {
    private static final Logger LOG = LoggerFactory.getLogger(WatchGroup.class);
    /** Below this many members one thread delivers: a hand-over costs more than it saves. */
    static final int SLICE = 512;

    private final Repository repo;
    private final WatchGroups owner;
    final WatchFilter filter;
    final long heartbeatNanos;
    private final Executor fanout;
    private final int parallelism;
    private final Set<Member> members = new LinkedHashSet<>();
    /** The members as an array, rebuilt after a join or leave; null when stale. Guarded by {@code this}. */
    private Member[] snapshot;
    /** Every commit up to here has been delivered to the members; guarded by {@code this}. */
    private long position;
    private boolean dead;

    WatchGroup(Repository repo, WatchGroups owner, WatchFilter filter, long heartbeatNanos, Executor fanout, int parallelism) {
        this.repo = repo;
        this.owner = owner;
        this.filter = filter;
        this.heartbeatNanos = heartbeatNanos;
        this.fanout = fanout;
        this.parallelism = parallelism;
        this.position = repo.revision();
    }

    void start() {
        Thread.ofVirtual().name("llmcm-watch-group").start(this::run);
    }

    synchronized long position() {
        return position;
    }

    /**
     * Adds the member if its catch-up reached the group's position; false to catch up further (or
     * the group died). A member ahead of the group skips what it already has (see {@link Member}).
     */
    synchronized boolean join(Member m, long at) {
        if (dead || at < position) {
            return false;
        }
        members.add(m);
        snapshot = null;
        m.joined(this);
        return true;
    }

    synchronized boolean isDead() {
        return dead;
    }

    synchronized void leave(Member m) {
        if (members.remove(m)) {
            snapshot = null;
        }
    }

    private synchronized Member[] members() {
        if (snapshot == null) {
            snapshot = members.toArray(Member[]::new);
        }
        return snapshot;
    }

    private void run() {
        try {
            long beat = System.nanoTime() + heartbeatNanos;
            while (true) {
                long from = position();
                long head = repo.awaitRevision(from, Math.max(0, beat - System.nanoTime()));
                List<WatchEvent> events = head > from ? repo.eventsBetween(filter, from, head) : List.of();
                Member[] ended = null;
                synchronized (this) {
                    position = head;
                    if (members.isEmpty() || repo.isClosed()) {
                        // the last member left (a new subscriber starts a new group) or the repository closes
                        ended = die();
                    }
                }
                if (ended != null) {
                    end(ended, null);
                    return;
                }
                if (!events.isEmpty()) {
                    deliver(members(), m -> m.events(events, head));
                    beat = System.nanoTime() + heartbeatNanos;
                } else if (System.nanoTime() - beat >= 0) {
                    deliver(members(), m -> m.heartbeat(head));
                    beat = System.nanoTime() + heartbeatNanos;
                } // else: commits out of view, and a heartbeat is not due yet
            }
        } catch (InterruptedException e) {
            end(dieNow(), null);
        } catch (RuntimeException e) {
            // compacted history, a deleted tenant, a store that failed: the members resubscribe
            if (!(e instanceof io.llmcm.core.LlmcmException)) {
                LOG.warn("watch group for {} ended", filter, e);
            }
            end(dieNow(), e);
        }
    }

    private synchronized Member[] dieNow() {
        return die();
    }

    /** Marks the group dead (joins fail from now on) and answers the members it had; holds the lock. */
    private Member[] die() {
        dead = true;
        owner.remove(this);
        Member[] had = members.toArray(Member[]::new);
        members.clear();
        snapshot = null;
        return had;
    }

    private static void end(Member[] members, RuntimeException reason) {
        for (Member m : members) {
            m.end(reason);
        }
    }

    private interface Call {
        void to(Member m);
    }

    /**
     * Hands the call to every member: in slices of {@value #SLICE} that the group's thread and the
     * pool's take one at a time until none is left, so a thread the scheduler holds back leaves its
     * share to the others instead of keeping the round waiting.
     */
    private void deliver(Member[] now, Call call) throws InterruptedException {
        int slices = (now.length + SLICE - 1) / SLICE;
        if (slices <= 1) {
            deliver(now, 0, now.length, call);
            return;
        }
        AtomicInteger next = new AtomicInteger();
        Runnable take = () -> {
            for (int s; (s = next.getAndIncrement()) < slices; ) {
                deliver(now, s * SLICE, Math.min(now.length, (s + 1) * SLICE), call);
            }
        };
        int helpers = Math.min(parallelism - 1, slices - 1);
        CountDownLatch done = new CountDownLatch(helpers);
        for (int h = 0; h < helpers; h++) {
            try {
                fanout.execute(() -> {
                    try {
                        take.run();
                    } finally {
                        done.countDown();
                    }
                });
            } catch (RejectedExecutionException closing) {
                done.countDown(); // this thread takes the slices
            }
        }
        take.run();
        // the next round must not overtake this one for any member
        while (!done.await(1, TimeUnit.SECONDS)) {
            LOG.debug("watch group for {} waits for a slow slice", filter);
        }
    }

    private void deliver(Member[] now, int from, int to, Call call) {
        for (int i = from; i < to; i++) {
            Member m = now[i];
            try {
                call.to(m);
            } catch (RuntimeException e) {
                LOG.warn("a watch listener failed; its subscription ends", e);
                m.close();
                m.end(e);
            }
        }
    }

    /**
     * One subscriber: its listener, what it was told up to, whether it left. Calls to one member
     * never overlap (catch-up, then one round after another), so {@code told} needs no lock.
     */
    static final class Member implements Subscription {
        private final WatchListener listener;
        private volatile WatchGroup group;
        private volatile boolean closed;
        /** Every event up to here was told (a member may join a group that has not caught up to it). */
        private long told;

        Member(WatchListener listener, long from) {
            this.listener = listener;
            this.told = from;
        }

        long told() {
            return told;
        }

        void joined(WatchGroup g) {
            this.group = g;
        }

        void events(List<WatchEvent> events, long revision) {
            if (closed || revision <= told) {
                return;
            }
            List<WatchEvent> fresh = events.isEmpty() || events.getFirst().revision() > told ? events
                    : events.stream().filter(e -> e.revision() > told).toList();
            told = revision;
            if (!fresh.isEmpty()) {
                listener.onEvents(fresh, revision);
            }
        }

        void heartbeat(long revision) {
            if (!closed && revision >= told) {
                told = revision;
                listener.onHeartbeat(revision);
            }
        }

        void end(RuntimeException reason) {
            if (!closed) {
                closed = true;
                listener.onEnd(reason);
            }
        }

        @Override
        public void close() {
            closed = true;
            WatchGroup g = group;
            if (g != null) {
                g.leave(this);
            }
        }
    }
}
