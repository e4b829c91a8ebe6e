package io.llmcm.core.repo;

import io.llmcm.core.model.Commit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The newest commits, kept in memory so that watchers following the head never read the store for
 * them. Bounded by the number of mutations held, not commits: one batch of 10,000 values weighs
 * what it holds. A watcher further behind reads the store instead.
 */
final class RecentCommits {
    static final int MAX_MUTATIONS = 16_384;

    private final ArrayDeque<Commit> commits = new ArrayDeque<>();
    private int mutations;
    /** Every commit after this revision is held (until evicted, which moves it forward). */
    private long base;

    RecentCommits(long base) {
        this.base = base;
    }

    synchronized void add(List<Commit> batch) {
        for (Commit c : batch) {
            commits.addLast(c);
            mutations += c.mutations().size();
        }
        while (mutations > MAX_MUTATIONS && commits.size() > 1) {
            Commit old = commits.removeFirst();
            mutations -= old.mutations().size();
            base = old.revision();
        }
    }

    /**
     * The commits after {@code after} up to {@code upTo}, oldest first; null when some of them are
     * no longer held (the caller reads the store).
     */
    synchronized List<Commit> between(long after, long upTo) {
        if (after < base) {
            return null;
        }
        List<Commit> out = new ArrayList<>();
        Iterator<Commit> it = commits.descendingIterator();
        while (it.hasNext()) {
            Commit c = it.next();
            if (c.revision() <= after) {
                break;
            }
            if (c.revision() <= upTo) {
                out.add(c);
            }
        }
        return out.reversed();
    }
}
