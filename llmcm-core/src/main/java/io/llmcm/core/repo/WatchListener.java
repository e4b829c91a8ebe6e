package io.llmcm.core.repo;

import java.util.List;

/**
 * Receives a subscription's events (see {@link Repository#subscribe}). Calls for one subscription
 * never overlap and come in revision order, but not always on the same thread: the catch-up runs on
 * the subscribing thread, the live events on the watch group's. A listener must not block: a group
 * serves every subscriber of its filter from one thread, so a listener that waits delays them all.
 * Hand slow work (a network write that cannot go out now) to a queue of your own.
 */
public interface WatchListener {
    /**
     * Commits that changed something in view.
     *
     * @param events oldest first, never empty
     * @param revision every commit up to this revision has been examined
     */
    void onEvents(List<WatchEvent> events, long revision);

    /** Nothing in view changed for a heartbeat interval; every commit up to {@code revision} was examined. */
    void onHeartbeat(long revision);

    /**
     * The subscription ended and no call follows: {@code reason} is a
     * {@link io.llmcm.core.HistoryCompactedException} (the group fell behind pruned history),
     * a {@link io.llmcm.core.NotFoundException} (the tenant was deleted), another exception from
     * computing events, or null when the repository closed. Not called after
     * {@link Subscription#close}.
     */
    void onEnd(RuntimeException reason);
}
