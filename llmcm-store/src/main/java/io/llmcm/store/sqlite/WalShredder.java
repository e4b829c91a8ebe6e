package io.llmcm.store.sqlite;

/**
 * Makes secure deletes final in WAL mode. Secure delete zeroes the deleted bytes in the pages it
 * writes, but those zeroed pages are new WAL frames: older frames (and the database file, until a
 * checkpoint) still hold the bytes. A TRUNCATE checkpoint copies the zeroed pages into the
 * database file and cuts the WAL to zero bytes. When readers keep the WAL busy past the busy
 * timeout, the truncation is owed, and every later write tries again.
 */
final class WalShredder {
    private final Connections connections;
    private volatile boolean owed;

    WalShredder(Connections connections) {
        this.connections = connections;
    }

    /** Truncates the WAL after a write that deleted key material; false when readers blocked it. */
    boolean truncate(String what) {
        owed = true; // stays owed if the checkpoint fails with an exception
        owed = !connections.truncateWal(what);
        return !owed;
    }

    /** After any other write: pays a truncation that readers blocked earlier. */
    void retryIfOwed(String what) {
        if (owed) {
            truncate(what);
        }
    }
}
