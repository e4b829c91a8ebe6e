package io.llmcm.store.sqlite;

import io.llmcm.core.StoreException;
import io.llmcm.core.model.EntryKey;
import io.llmcm.core.model.Value;
import io.llmcm.store.jdbc.JdbcSql;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.List;

/**
 * The SQLite file of one hard-isolated tenant ({@code tenants/<name>.<created revision>.db}): its
 * entry versions, keyring and leases, in the same tables as the main file, in WAL mode with the
 * main file's settings (full sync, secure delete). The commit log itself (commit metadata, the
 * catalog) stays in the main file; a version row here is real only once the main file holds its
 * commit, which is why readers bound their reads by the main log's last revision.
 */
final class TenantFile implements AutoCloseable {
    /** The tables, as the main file's migrations define them (V1 versions, V2 keyrings and leases). */
    private static final List<String> TABLES = List.of(
            """
            CREATE TABLE IF NOT EXISTS versions (
                tenant       TEXT    NOT NULL,
                path         TEXT    NOT NULL,
                env          TEXT    NOT NULL,
                service      TEXT    NOT NULL,
                revision     INTEGER NOT NULL,
                seq          INTEGER NOT NULL,
                content_type TEXT,
                replaces     INTEGER NOT NULL,
                value        BLOB,
                superseded   INTEGER,
                PRIMARY KEY (tenant, path, env, service, revision, seq)
            )""",
            "CREATE INDEX IF NOT EXISTS versions_by_revision ON versions (revision, seq)",
            "CREATE INDEX IF NOT EXISTS versions_heads ON versions (tenant, path, env, service) WHERE superseded IS NULL",
            "CREATE INDEX IF NOT EXISTS versions_superseded ON versions (superseded) WHERE superseded IS NOT NULL",
            """
            CREATE TABLE IF NOT EXISTS keyrings (
                tenant     TEXT    PRIMARY KEY,
                wrapped    BLOB    NOT NULL,
                updated_ms INTEGER NOT NULL
            )""",
            """
            CREATE TABLE IF NOT EXISTS leases (
                id              TEXT    PRIMARY KEY,
                tenant          TEXT    NOT NULL,
                path            TEXT    NOT NULL,
                env             TEXT    NOT NULL,
                service         TEXT    NOT NULL,
                credential_hash TEXT    NOT NULL UNIQUE,
                issued_ms       INTEGER NOT NULL,
                expires_ms      INTEGER NOT NULL,
                revoked_ms      INTEGER,
                actor           TEXT    NOT NULL
            )""",
            "CREATE INDEX IF NOT EXISTS leases_by_tenant ON leases (tenant, issued_ms, id)");

    private static final int READERS = 2;

    final String tenant;
    final long createdRevision;
    final Path file;
    final Connections connections;
    final WalShredder shredder;

    private TenantFile(String tenant, long createdRevision, Path file, Connections connections) {
        this.tenant = tenant;
        this.createdRevision = createdRevision;
        this.file = file;
        this.connections = connections;
        this.shredder = new WalShredder(connections);
    }

    /** The file name of a tenant's generation: tenant names hold no dot, so the name splits back. */
    static String fileName(String tenant, long createdRevision) {
        return tenant + "." + createdRevision + ".db";
    }

    /** Opens (creating when missing) the file, with its tables. */
    static TenantFile open(Path dir, String tenant, long createdRevision, String storeName) {
        return openFile(dir.resolve(fileName(tenant, createdRevision)), tenant, createdRevision, storeName);
    }

    /** Opens the file at {@code file} (one found in the directory, whatever its name). */
    static TenantFile openFile(Path file, String tenant, long createdRevision, String storeName) {
        Connections connections = Connections.open(file, storeName + " (tenant " + tenant + ")", READERS);
        try {
            connections.write("create the tables of tenant " + tenant, c -> {
                for (String ddl : TABLES) {
                    JdbcSql.exec(c, ddl);
                }
                return null;
            });
            return new TenantFile(tenant, createdRevision, file, connections);
        } catch (RuntimeException e) {
            connections.close();
            throw e;
        }
    }

    /** One version row, superseding the entry's previous head (possibly written earlier in the same batch). */
    record Row(long revision, int seq, EntryKey key, Value value, boolean replace) {}

    /** Writes rows of commits not yet in the main file, in one transaction, durably. */
    void write(List<Row> rows) {
        connections.write("write the versions of tenant " + tenant, c -> {
            try (PreparedStatement supersede = c.prepareStatement("UPDATE versions SET superseded = ?"
                            + " WHERE tenant = ? AND path = ? AND env = ? AND service = ? AND superseded IS NULL");
                    PreparedStatement insert = c.prepareStatement("INSERT INTO versions"
                            + "(tenant, path, env, service, revision, seq, content_type, replaces, value)"
                            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                for (Row r : rows) {
                    supersede.setLong(1, r.revision());
                    bindKey(supersede, 2, r.key());
                    supersede.executeUpdate();
                    bindKey(insert, 1, r.key());
                    insert.setLong(5, r.revision());
                    insert.setInt(6, r.seq());
                    if (r.value() == null) {
                        insert.setNull(7, Types.VARCHAR);
                        insert.setNull(9, Types.BLOB);
                    } else {
                        insert.setString(7, r.value().type().id());
                        insert.setBytes(9, r.value().bytes());
                    }
                    insert.setBoolean(8, r.replace());
                    insert.executeUpdate();
                }
            }
            return null;
        });
    }

    /**
     * Forgets what commits above {@code lastRevision} wrote here: they never reached the main file
     * (a failed append, or a crash between the two files), so they never happened.
     */
    void forgetAbove(long lastRevision) {
        connections.write("roll back tenant " + tenant + " to revision " + lastRevision, c -> {
            JdbcSql.update(c, "DELETE FROM versions WHERE revision > ?", lastRevision);
            JdbcSql.update(c, "UPDATE versions SET superseded = NULL WHERE superseded > ?", lastRevision);
            return null;
        });
    }

    /**
     * Prunes this file's versions by the rule of {@link Retention#prune}; the commit times come from
     * the main file, attached for the duration (and only read).
     *
     * @return how many versions went
     */
    int prune(Path mainFile, long cutoffMs, java.util.Set<Long> taggedRevisions) {
        String what = "prune the history of tenant " + tenant;
        connections.onWriter(what, c -> {
            try (PreparedStatement ps = c.prepareStatement("ATTACH DATABASE ? AS log")) {
                ps.setString(1, mainFile.toAbsolutePath().toString()); // read only here: nothing below writes to it
                ps.execute();
            }
            return null;
        });
        try {
            return connections.write(what, c -> {
                JdbcSql.exec(c, "CREATE TEMP TABLE IF NOT EXISTS prune_tags (revision INTEGER PRIMARY KEY)");
                JdbcSql.exec(c, "DELETE FROM prune_tags");
                try (PreparedStatement ps = c.prepareStatement("INSERT OR IGNORE INTO prune_tags(revision) VALUES (?)")) {
                    for (long t : taggedRevisions) {
                        ps.setLong(1, t);
                        ps.addBatch();
                    }
                    ps.executeBatch();
                }
                int removed = JdbcSql.update(c, "DELETE FROM main.versions"
                        + " WHERE superseded IN (SELECT revision FROM log.commits WHERE time_ms < ?)"
                        + " AND NOT EXISTS (SELECT 1 FROM prune_tags t"
                        + "     WHERE t.revision >= versions.revision AND t.revision < versions.superseded)", cutoffMs);
                removed += JdbcSql.update(c, "DELETE FROM main.versions WHERE superseded IS NULL AND value IS NULL"
                        + " AND revision IN (SELECT revision FROM log.commits WHERE time_ms < ?)", cutoffMs);
                return removed;
            });
        } finally {
            connections.onWriter(what, c -> {
                JdbcSql.exec(c, "DETACH DATABASE log");
                return null;
            });
        }
    }

    /**
     * Destroys the file: its keyring and every row are deleted first (secure delete zeroes them and
     * the WAL is truncated), so that no copy of the bytes outlives the file in its pages, then the
     * database and its WAL and shared-memory files are removed.
     */
    void destroy() {
        try {
            connections.write("purge tenant " + tenant, c -> {
                for (String table : List.of("keyrings", "leases", "versions")) {
                    JdbcSql.exec(c, "DELETE FROM " + table);
                }
                return null;
            });
            shredder.truncate("purge tenant " + tenant);
        } finally {
            connections.close();
        }
        deleteFiles(file);
    }

    /** Removes a database file with its {@code -wal} and {@code -shm} companions. */
    static void deleteFiles(Path file) {
        for (String suffix : List.of("-wal", "-shm", "")) {
            Path f = file.resolveSibling(file.getFileName() + suffix);
            try {
                Files.deleteIfExists(f);
            } catch (IOException e) {
                throw new StoreException("cannot delete " + f + ": " + e.getMessage(), e);
            }
        }
    }

    private static void bindKey(PreparedStatement ps, int first, EntryKey key) throws SQLException {
        ps.setString(first, key.tenant());
        ps.setString(first + 1, key.path());
        ps.setString(first + 2, key.layer().env());
        ps.setString(first + 3, key.layer().service());
    }

    @Override
    public void close() {
        connections.close();
    }
}
