package io.llmcm.store.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.llmcm.core.StoreException;
import io.llmcm.store.jdbc.JdbcSql;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The connections of one PostgreSQL store: a HikariCP pool whose connections all have the store's
 * schema as their search path. Unlike SQLite there is no dedicated writer connection: PostgreSQL
 * runs writers concurrently, and what must be serialized (appends, pruning, audit numbering) is
 * serialized by row locks on the counter rows, which also holds across processes.
 */
final class PgConnections implements AutoCloseable {
    /** How long a caller waits for a pooled connection: while the database is down, how long a write or read takes to fail. */
    private static final long CONNECTION_TIMEOUT_MS = 3_000;
    private static final String LOCK_TIMEOUT = "5s";

    private final PgUrl url;
    private final HikariDataSource pool;
    /**
     * True when the server (or database, or role) runs with {@code synchronous_commit = off}: a
     * COMMIT would then return before its WAL is flushed, and an acknowledged write could be lost
     * in a crash. Every write transaction of the store then sets it back on for itself.
     */
    private volatile boolean forceSyncCommit;
    private volatile boolean closed;

    private PgConnections(PgUrl url, HikariDataSource pool) {
        this.url = url;
        this.pool = pool;
    }

    static PgConnections open(PgUrl url) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("llmcm-" + url.schema());
        config.setJdbcUrl(url.jdbcUrl());
        config.setUsername(url.user());
        config.setPassword(url.password());
        config.setMaximumPoolSize(url.poolSize());
        config.setMinimumIdle(Math.min(2, url.poolSize()));
        config.setAutoCommit(false);
        config.setConnectionTimeout(CONNECTION_TIMEOUT_MS);
        config.setInitializationFailTimeout(CONNECTION_TIMEOUT_MS); // a database that is down fails the open
        config.addDataSourceProperty("ApplicationName", "llmcm/" + url.schema()); // which store a backend serves, for DBAs
        // a group of commits is a few batched INSERTs: pgjdbc sends each as multi-row VALUES
        config.addDataSourceProperty("reWriteBatchedInserts", "true");
        config.addDataSourceProperty("tcpKeepAlive", "true");
        try {
            PgConnections connections = new PgConnections(url, new HikariDataSource(config));
            try {
                connections.forceSyncCommit = connections.read("read synchronous_commit", c -> {
                    try (var s = c.createStatement();
                            var rs = s.executeQuery("SHOW synchronous_commit")) {
                        return rs.next() && rs.getString(1).equalsIgnoreCase("off");
                    }
                });
            } catch (RuntimeException e) {
                connections.close();
                throw e;
            }
            return connections;
        } catch (StoreException e) {
            throw e;
        } catch (RuntimeException e) {
            // HikariPool.PoolInitializationException wraps the driver's SQLException
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new StoreException("store " + url + ": cannot connect: " + JdbcSql.firstLine(cause.getMessage()), e);
        }
    }

    /** An unpooled data source on the same database and schema (for Flyway, which sets up its own transactions). */
    static DataSource simpleDataSource(PgUrl url) {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setURL(url.jdbcUrl());
        ds.setUser(url.user());
        ds.setPassword(url.password());
        ds.setApplicationName("llmcm-migrations");
        return ds;
    }

    /**
     * Runs work in one read-write transaction at READ COMMITTED; the work takes the row locks it
     * needs. Commits on success (the commit returns once the WAL is flushed, as long as the server
     * keeps {@code synchronous_commit} on, its default), rolls back on any failure.
     */
    <T> T write(String what, JdbcSql.Work<T> work) {
        return inTransaction(what, forceSyncCommit ? "SET LOCAL synchronous_commit TO on" : null, work);
    }

    boolean forcesSyncCommit() {
        return forceSyncCommit;
    }

    /**
     * Runs work in a read-only REPEATABLE READ transaction, so every query inside sees one snapshot
     * (a {@code load()} never mixes two commits). Rows that no longer decode into the model are a
     * broken store, not bad input.
     */
    <T> T read(String what, JdbcSql.Work<T> work) {
        try {
            return inTransaction(what, "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY", work);
        } catch (StoreException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new StoreException("store " + url + ": cannot " + what + ": stored data is unreadable: "
                    + JdbcSql.firstLine(e.getMessage()), e);
        }
    }

    /**
     * Runs one statement outside a transaction (VACUUM cannot run inside one), waiting at most
     * {@value #LOCK_TIMEOUT} for the locks it needs rather than stalling behind a long reader.
     */
    void outsideTransaction(String what, String sql) {
        checkOpen();
        try (Connection c = pool.getConnection()) {
            c.setAutoCommit(true);
            try {
                JdbcSql.exec(c, "SET lock_timeout = '" + LOCK_TIMEOUT + "'");
                JdbcSql.exec(c, sql);
            } finally {
                JdbcSql.exec(c, "RESET lock_timeout");
                c.setAutoCommit(false);
            }
        } catch (SQLException e) {
            throw JdbcSql.failure(url.name(), what, e);
        }
    }

    private <T> T inTransaction(String what, String first, JdbcSql.Work<T> work) {
        checkOpen();
        try (Connection c = pool.getConnection()) {
            try {
                if (first != null) {
                    JdbcSql.exec(c, first);
                }
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException | Error e) {
                rollback(c);
                throw e;
            }
        } catch (SQLException e) {
            throw JdbcSql.failure(url.name(), what, e);
        }
    }

    private static void rollback(Connection c) {
        try {
            c.rollback();
        } catch (SQLException ignored) {
            // the connection is broken; Hikari evicts it, and the server ends the transaction
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new StoreException("store " + url + " is closed");
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        pool.close();
    }
}
