package io.llmcm.core.store;

/**
 * A store's announcements of commits that other processes appended to it (see {@link
 * Store#follow}). Announcements are wake-ups, not data: the follower reads the commits themselves
 * with {@link Store#commitsAfter}, after the revision it has, so an announcement lost, repeated or
 * out of order loses or duplicates nothing.
 */
public interface ChangeFeed extends AutoCloseable {
    /** Told when the log may have grown. */
    @FunctionalInterface
    interface Listener {
        /**
         * The log may hold commits the listener has not seen.
         *
         * @param revision a revision known to be in the log (the listener may skip reading when it is
         *     there already), or {@link #UNKNOWN} for a periodic check
         */
        void changed(long revision);
    }

    /** The revision passed to a listener by a periodic check, which does not know the log's end. */
    long UNKNOWN = -1;

    /**
     * True while the prompt channel (PostgreSQL's LISTEN, for one) is up; when it is down the feed
     * still wakes its listener periodically, so followers lag by up to that period but miss nothing.
     */
    boolean connected();

    /** Stops announcing; the listener is not called after this returns. */
    @Override
    void close();
}
