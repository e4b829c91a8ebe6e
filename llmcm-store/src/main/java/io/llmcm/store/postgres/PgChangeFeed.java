package io.llmcm.store.postgres;

import io.llmcm.core.store.ChangeFeed;
import io.llmcm.store.jdbc.JdbcSql;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.postgresql.ds.PGSimpleDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the appends of every process on one PostgreSQL store: {@code LISTEN "llmcm_commits:<schema>"} on a
 * dedicated connection (outside the pool, which recycles its connections and would drop the
 * LISTEN with them), and a check every {@code pollMillis} whatever arrives, so that a notification
 * lost with a dropped connection delays a commit by one period at most and never loses it.
 *
 * <p>One platform thread per feed waits in {@link PGConnection#getNotifications(int)}; on each
 * notification it tells the listener the revision it carries, on each period {@link
 * ChangeFeed#UNKNOWN}, after checking the connection with a {@code SELECT 1} (a connection whose
 * backend was terminated or whose network went away is noticed there, closed and opened again with
 * a backoff up to the period, the listener being told {@code UNKNOWN} on each attempt).
 *
 * <p>The channel is the store's own ({@link PostgresStore#channel(String)}): stores in other
 * schemas of the same database notify theirs.
 */
final class PgChangeFeed implements ChangeFeed {
    static final int DEFAULT_POLL_MILLIS = 1000;
    private static final Logger LOG = LoggerFactory.getLogger(PgChangeFeed.class);

    private final PgUrl url;
    private final Listener listener;
    private final int pollMillis;
    private final Thread thread;
    private final Object lock = new Object();
    private boolean closed; // guarded by lock
    private volatile boolean stop;
    private volatile boolean connected;
    private volatile int backendPid;

    private PgChangeFeed(PgUrl url, Listener listener, int pollMillis) {
        this.url = url;
        this.listener = listener;
        this.pollMillis = pollMillis;
        this.thread = Thread.ofPlatform().name("llmcm-pg-listen-" + url.schema()).daemon(true).unstarted(this::run);
    }

    static PgChangeFeed start(PgUrl url, Listener listener, int pollMillis) {
        PgChangeFeed feed = new PgChangeFeed(url, listener, pollMillis);
        feed.thread.start();
        return feed;
    }

    /** The application name of the LISTEN connection, by which a DBA (or a test) finds its backend. */
    static String applicationName(PgUrl url) {
        return "llmcm-listen/" + url.schema();
    }

    @Override
    public boolean connected() {
        return connected;
    }

    /** The process id of the LISTEN connection's backend; 0 when not connected (tests). */
    int backendPid() {
        return connected ? backendPid : 0;
    }

    private void run() {
        Connection c = null;
        long backoff = 50;
        long nextPoll = 0;
        try {
            while (!stop) {
                try {
                    if (c == null) {
                        c = open();
                        backoff = 50;
                        connected = true;
                        tell(UNKNOWN); // what landed while we were not listening
                        nextPoll = System.nanoTime() + pollMillis * 1_000_000L;
                    }
                    long waitMillis = Math.max(1, (nextPoll - System.nanoTime()) / 1_000_000L);
                    PGNotification[] got = c.unwrap(PGConnection.class).getNotifications((int) Math.min(waitMillis, pollMillis));
                    long newest = -1;
                    if (got != null) {
                        for (PGNotification n : got) {
                            newest = Math.max(newest, revision(n));
                        }
                    }
                    if (newest >= 0) {
                        tell(newest);
                    }
                    if (System.nanoTime() - nextPoll >= 0) {
                        try (Statement s = c.createStatement()) {
                            s.execute("SELECT 1"); // a dead connection fails here rather than waiting in silence
                        }
                        tell(UNKNOWN);
                        nextPoll = System.nanoTime() + pollMillis * 1_000_000L;
                    }
                } catch (SQLException | RuntimeException e) {
                    if (stop) {
                        break;
                    }
                    if (connected) {
                        LOG.warn("store {}: the LISTEN connection failed ({}); polling every {} ms until it is back",
                                url.name(), JdbcSql.firstLine(e.getMessage()), pollMillis);
                    }
                    connected = false;
                    closeQuietly(c);
                    c = null;
                    tell(UNKNOWN); // the poll goes on while LISTEN is down
                    sleep(Math.min(backoff, pollMillis));
                    backoff = Math.min(backoff * 2, pollMillis);
                }
            }
        } finally {
            connected = false;
            closeQuietly(c);
        }
    }

    private Connection open() throws SQLException {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setURL(url.jdbcUrl());
        ds.setUser(url.user());
        ds.setPassword(url.password());
        ds.setApplicationName(applicationName(url));
        ds.setConnectTimeout(Math.max(1, pollMillis / 1000 * 5));
        ds.setSocketTimeout(30); // SELECT 1 never takes that long; a silent network does
        ds.setTcpKeepAlive(true);
        Connection c = ds.getConnection();
        try {
            c.setAutoCommit(true);
            try (Statement s = c.createStatement()) {
                s.execute("LISTEN \"" + PostgresStore.channel(url.schema()) + "\"");
            }
            backendPid = c.unwrap(PGConnection.class).getBackendPID();
            return c;
        } catch (SQLException | RuntimeException e) {
            closeQuietly(c);
            throw e;
        }
    }

    private static long revision(PGNotification n) {
        try {
            return Long.parseLong(n.getParameter().trim());
        } catch (RuntimeException e) {
            return Long.MAX_VALUE; // not ours to read: check the log
        }
    }

    private void tell(long revision) {
        synchronized (lock) {
            if (closed) {
                return;
            }
            try {
                listener.changed(revision);
            } catch (RuntimeException e) {
                LOG.warn("store {}: a follower failed on a change notice: {}", url.name(), e.toString());
            }
        }
    }

    private static void closeQuietly(Connection c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (SQLException | RuntimeException ignored) {
            // going away anyway
        }
    }

    private void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            stop = true;
        }
    }

    @Override
    public void close() {
        synchronized (lock) {
            closed = true;
        }
        stop = true;
        thread.interrupt();
        try {
            thread.join(2L * pollMillis + 1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
