package io.llmcm.core.repo;

import io.llmcm.core.HistoryCompactedException;
import java.time.Duration;
import java.util.List;

/**
 * A cursor over the commit log for one {@link WatchFilter}: each call to {@link #next} answers
 * the events after the last revision it answered, so nothing is missed and nothing is told twice.
 * Not shared between threads: one watcher, one cursor. Open with {@link Repository#watch}.
 */
public final class Watch {
    /**
     * What {@link #next} found.
     *
     * @param events the changes, oldest first (empty when the wait ran out)
     * @param revision every commit up to this revision has been examined: a watch resumed from it
     *     misses nothing
     */
    public record Batch(List<WatchEvent> events, long revision) {}

    private final Repository repo;
    private final WatchFilter filter;
    private long position;

    Watch(Repository repo, WatchFilter filter, long position) {
        this.repo = repo;
        this.filter = filter;
        this.position = position;
    }

    public WatchFilter filter() {
        return filter;
    }

    /** The revision up to which every commit has been examined. */
    public long position() {
        return position;
    }

    /**
     * Waits until a commit changes something in view, or {@code timeout} passes, or the repository
     * closes; answers the events and the revision examined up to.
     *
     * @throws HistoryCompactedException when the history after the position was pruned meanwhile
     * @throws io.llmcm.core.NotFoundException when the watched tenant was deleted
     */
    public Batch next(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long head = repo.awaitRevision(position, Math.max(0, deadline - System.nanoTime()));
            if (head > position) {
                List<WatchEvent> events = repo.eventsBetween(filter, position, head);
                position = head;
                if (!events.isEmpty()) {
                    return new Batch(events, head);
                }
            }
            if (System.nanoTime() - deadline >= 0 || repo.isClosed()) {
                return new Batch(List.of(), position);
            }
        }
    }
}
