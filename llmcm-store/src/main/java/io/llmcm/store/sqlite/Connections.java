package io.llmcm.store.sqlite;

import io.llmcm.core.StoreException;
import io.llmcm.store.jdbc.JdbcSql;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * The SQLite connections of one store: a single writer, and a small pool of read-only connections
 * that WAL lets read their own snapshot while the writer commits.
 */
final class Connections implements AutoCloseable {
    static final int READERS = 4;
    private static final int BUSY_TIMEOUT_MS = 10_000;
    private static final long BORROW_TIMEOUT_SECONDS = 30;

    private final String name;
    private final Connection writer;
    private final ReentrantLock writeLock = new ReentrantLock();
    private final ArrayBlockingQueue<Connection> readers;
    private final int readerCount;
    private volatile boolean closed;

    private Connections(String name, Connection writer, int readerCount) {
        this.name = name;
        this.writer = writer;
        this.readerCount = readerCount;
        this.readers = new ArrayBlockingQueue<>(readerCount);
    }

    /** A data source with the writer's settings, for Flyway. */
    static SQLiteDataSource dataSource(Path file) {
        SQLiteDataSource ds = new SQLiteDataSource(writerConfig());
        ds.setUrl(url(file));
        return ds;
    }

    static Connections open(Path file, String name) {
        return open(file, name, READERS);
    }

    /** With another number of read connections (a hard-isolated tenant's file needs fewer). */
    static Connections open(Path file, String name, int readerCount) {
        List<Connection> opened = new ArrayList<>();
        try {
            Connection writer = writerConfig().createConnection(url(file));
            opened.add(writer);
            Connections c = new Connections(name, writer, readerCount);
            SQLiteConfig readOnly = new SQLiteConfig();
            readOnly.setReadOnly(true);
            readOnly.setBusyTimeout(BUSY_TIMEOUT_MS);
            for (int i = 0; i < readerCount; i++) {
                Connection r = readOnly.createConnection(url(file));
                opened.add(r);
                c.readers.add(r);
            }
            return c;
        } catch (SQLException e) {
            opened.forEach(Connections::closeQuietly);
            throw JdbcSql.failure(name, "open the database", e);
        }
    }

    private static SQLiteConfig writerConfig() {
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        // FULL syncs the WAL on every commit: an acknowledged append survives power loss
        config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
        config.setBusyTimeout(BUSY_TIMEOUT_MS);
        // deleted rows (keyrings, purged tenants) are overwritten with zeros, not left in free space
        config.setPragma(SQLiteConfig.Pragma.SECURE_DELETE, "true");
        return config;
    }

    private static String url(Path file) {
        return "jdbc:sqlite:" + file.toAbsolutePath();
    }

    /** Runs work in one write transaction (taken immediately, so it never fails half-way to upgrade). */
    <T> T write(String what, JdbcSql.Work<T> work) {
        writeLock.lock();
        try {
            checkOpen();
            return inTransaction(writer, "BEGIN IMMEDIATE", what, work);
        } finally {
            writeLock.unlock();
        }
    }

    /** Runs work on the writer outside a transaction (pragmas, reads of the writer's own state). */
    <T> T onWriter(String what, JdbcSql.Work<T> work) {
        writeLock.lock();
        try {
            checkOpen();
            return work.run(writer);
        } catch (SQLException e) {
            throw JdbcSql.failure(name, what, e);
        } finally {
            writeLock.unlock();
        }
    }

    /**
     * Copies the write-ahead log into the database and truncates it to zero bytes. Pages written
     * before a secure delete still hold the deleted bytes in older WAL frames; only this removes
     * them. It waits (up to the busy timeout) for readers to leave the log.
     *
     * @return false when readers kept the log busy and it could not be truncated
     */
    boolean truncateWal(String what) {
        return onWriter(what, c -> {
            try (Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("PRAGMA wal_checkpoint(TRUNCATE)")) {
                return rs.next() && rs.getInt(1) == 0; // columns: busy, log frames, checkpointed frames
            }
        });
    }

    /**
     * Runs work in a read transaction, so every query inside sees the same snapshot. Rows that no
     * longer decode into the model are a broken store, not bad input from the caller.
     */
    <T> T read(String what, JdbcSql.Work<T> work) {
        checkOpen();
        Connection c = borrow();
        try {
            return inTransaction(c, "BEGIN", what, work);
        } catch (StoreException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new StoreException("store " + name + ": cannot " + what + ": stored data is unreadable: "
                    + JdbcSql.firstLine(e.getMessage()), e);
        } finally {
            readers.add(c);
        }
    }

    private <T> T inTransaction(Connection c, String begin, String what, JdbcSql.Work<T> work) {
        try {
            JdbcSql.exec(c, begin);
        } catch (SQLException e) {
            throw JdbcSql.failure(name, what, e);
        }
        try {
            T result = work.run(c);
            JdbcSql.exec(c, "COMMIT");
            return result;
        } catch (SQLException e) {
            rollback(c);
            throw JdbcSql.failure(name, what, e);
        } catch (RuntimeException | Error e) {
            rollback(c);
            throw e;
        }
    }

    private Connection borrow() {
        try {
            Connection c = readers.poll(BORROW_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            if (c == null) {
                throw new StoreException("store " + name + ": no read connection became free in "
                        + BORROW_TIMEOUT_SECONDS + " seconds");
            }
            if (closed) {
                readers.add(c);
                throw closedException();
            }
            return c;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("store " + name + ": interrupted while waiting for a read connection");
        }
    }

    private static void rollback(Connection c) {
        try {
            JdbcSql.exec(c, "ROLLBACK");
        } catch (SQLException ignored) {
            // no transaction left to roll back: SQLite already ended it with the error
        }
    }

    /** True once {@link #close} ran. */
    boolean isClosed() {
        return closed;
    }

    private void checkOpen() {
        if (closed) {
            throw closedException();
        }
    }

    private StoreException closedException() {
        return new StoreException("store " + name + " is closed");
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        // readers first: the last connection to close checkpoints the WAL, and only the writer can
        for (int i = 0; i < readerCount; i++) {
            try {
                Connection r = readers.poll(BORROW_TIMEOUT_SECONDS, TimeUnit.SECONDS);
                if (r == null) {
                    break; // a reader is stuck; the process exit closes it
                }
                closeQuietly(r);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        writeLock.lock();
        try {
            closeQuietly(writer);
        } finally {
            writeLock.unlock();
        }
    }

    private static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException ignored) {
            // closing is best effort; the data is already durable
        }
    }
}
