package io.llmcm.store.sqlite;

import io.llmcm.core.StoreException;
import io.llmcm.core.audit.AuditEvent;
import io.llmcm.core.model.Commit;
import io.llmcm.core.model.CommitInfo;
import io.llmcm.core.model.EntryVersion;
import io.llmcm.core.model.Lease;
import io.llmcm.core.store.HistoryEntry;
import io.llmcm.core.store.RevisionMismatchException;
import io.llmcm.core.store.Store;
import io.llmcm.core.store.StoreImage;
import io.llmcm.store.jdbc.JdbcSql;
import io.llmcm.store.jdbc.KeyringTable;
import io.llmcm.store.jdbc.LeaseTable;
import io.llmcm.store.jdbc.SettingTable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The embedded store: one SQLite database ({@code llmcm.db}) in a directory, in WAL mode with
 * {@code synchronous=FULL}, guarded by an exclusive lock on {@code LOCK} for as long as it is open.
 *
 * <p>Appends run on a single write connection, one transaction and one fsync per batch; reads use
 * a small pool of read-only connections, each read in its own snapshot, so they never wait for an
 * append. Commit times are kept in milliseconds (finer precision is dropped). Once {@link #prune}
 * has run, commits below {@link #retentionFloor()} read back without the entry versions it removed.
 *
 * <p>Deletes are secure ({@code PRAGMA secure_delete}: freed bytes are zeroed), and a write that
 * destroys key material or a tenant is followed by a TRUNCATE checkpoint, so that neither the
 * database file nor its WAL keeps the bytes (crypto-shredding).
 */
public final class SqliteStore implements Store {
    /** The database file inside the store directory. */
    public static final String DATABASE_FILE = "llmcm.db";

    private final Path dir;
    private final StoreLock lock;
    private final Connections connections;
    private final WalShredder shredder;
    private volatile long lastRevision;
    private volatile long retentionFloor;
    private volatile boolean closed;

    private SqliteStore(Path dir, StoreLock lock, Connections connections) {
        this.dir = dir;
        this.lock = lock;
        this.connections = connections;
        this.shredder = new WalShredder(connections);
    }

    /**
     * Opens the store in {@code dir}, creating the directory and the database when needed.
     *
     * @param lockWait how long to wait for another process to release the store
     * @throws StoreException when the store is in use or cannot be opened
     * @throws io.llmcm.core.PermissionDeniedException when the operating system refuses access
     */
    public static SqliteStore open(Path dir, Duration lockWait) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw Sql.fileFailure("create store directory", dir, e);
        }
        StoreLock lock = StoreLock.acquire(dir, lockWait);
        Connections connections = null;
        try {
            Path file = dir.resolve(DATABASE_FILE);
            Migrations.run(Connections.dataSource(file), dir.toString());
            connections = Connections.open(file, dir.toString());
            SqliteStore store = new SqliteStore(dir, lock, connections);
            // a crash between a secure delete and its truncation left the bytes in the WAL: finish it
            // (closing the migration check's connection usually did already; this does not rely on it)
            store.shredder.truncate("truncate the write-ahead log");
            store.lastRevision = connections.read("read the last revision", CommitReader::lastRevision);
            store.retentionFloor = connections.read("read the retention floor", Retention::floor);
            return store;
        } catch (RuntimeException e) {
            if (connections != null) {
                connections.close();
            }
            lock.close();
            throw e;
        }
    }

    /** True when {@code dir} holds a store's database file. */
    public static boolean exists(Path dir) {
        return Files.isRegularFile(dir.resolve(DATABASE_FILE));
    }

    @Override
    public StoreImage load() {
        return connections.read("load the current state", CommitReader::load);
    }

    @Override
    public long lastRevision() {
        return lastRevision;
    }

    @Override
    public void append(List<Commit> commits) {
        if (commits.isEmpty()) {
            return;
        }
        long last = lastRevision;
        if (commits.getFirst().revision() != last + 1) {
            throw new RevisionMismatchException(commits.getFirst().revision() - 1, last);
        }
        for (int i = 1; i < commits.size(); i++) {
            // a gap inside the batch: the log, extended by the commits before it, does not end where it should
            long previous = commits.get(i - 1).revision();
            if (commits.get(i).revision() != previous + 1) {
                throw new RevisionMismatchException(commits.get(i).revision() - 1, previous);
            }
        }
        try {
            String what = "append revisions " + commits.getFirst().revision() + ".." + commits.getLast().revision();
            boolean purged = connections.write(what, c -> {
                try (CommitWriter writer = new CommitWriter(c)) {
                    for (Commit commit : commits) {
                        writer.write(commit);
                    }
                    return writer.purged();
                }
            });
            lastRevision = commits.getLast().revision();
            if (purged) {
                // the commit is durable and counts as done whatever happens here; a blocked
                // truncation is retried by later writes
                shredder.truncate(what);
            } else {
                shredder.retryIfOwed(what);
            }
        } catch (StoreException e) {
            resyncLastRevision();
            throw e;
        }
    }

    /** After a failed append, the log tells whether the commit landed after all. */
    private void resyncLastRevision() {
        try {
            lastRevision = connections.read("read the last revision", CommitReader::lastRevision);
        } catch (StoreException ignored) {
            // keep the old value; the caller sees the original failure
        }
    }

    @Override
    public List<Commit> commitsAfter(long after, int limit) {
        if (limit <= 0) {
            return List.of();
        }
        return connections.read("read commits after " + after, c -> CommitReader.commitsAfter(c, after, limit));
    }

    @Override
    public Optional<CommitInfo> commitInfo(long revision) {
        return connections.read("read commit " + revision, c -> CommitReader.commitInfo(c, revision));
    }

    @Override
    public List<HistoryEntry> history(String tenant, String path, long beforeRevision, int limit) {
        if (limit <= 0) {
            return List.of();
        }
        return connections.read("read the history of " + tenant + ":" + path,
                c -> CommitReader.history(c, tenant, path, beforeRevision, limit));
    }

    @Override
    public List<EntryVersion> entriesAt(String tenant, String prefix, long revision) {
        String p = prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix;
        return connections.read("read entries of " + tenant + " at revision " + revision,
                c -> CommitReader.entriesAt(c, tenant, p, revision));
    }

    @Override
    public long prune(Instant cutoff, Set<Long> taggedRevisions) {
        Retention.Result result =
                write("prune history", c -> Retention.prune(c, cutoff, taggedRevisions));
        retentionFloor = result.floor();
        return result.removed();
    }

    @Override
    public long retentionFloor() {
        return retentionFloor;
    }

    @Override
    public Map<String, byte[]> keyrings() {
        return connections.read("read the keyrings", KeyringTable::all);
    }

    @Override
    public void putKeyring(String tenant, byte[] wrapped) {
        write("store the keyring of " + tenant, c -> {
            KeyringTable.put(c, tenant, wrapped, System.currentTimeMillis());
            return null;
        });
    }

    @Override
    public void deleteKeyring(String tenant) {
        String what = "delete the keyring of " + tenant;
        connections.write(what, c -> KeyringTable.delete(c, tenant));
        if (!shredder.truncate(what)) {
            throw new StoreException("store " + dir + ": " + what + ": deleted, but readers kept the write-ahead log"
                    + " busy, so its old bytes stay there until a later write; delete it again");
        }
    }

    @Override
    public Optional<byte[]> setting(String name) {
        return connections.read("read setting " + name, c -> SettingTable.get(c, name));
    }

    @Override
    public void putSetting(String name, byte[] value) {
        write("store setting " + name, c -> {
            SettingTable.put(c, name, value);
            return null;
        });
    }

    @Override
    public void appendAudit(List<AuditEvent> events) {
        if (events.isEmpty()) {
            return;
        }
        write("append " + events.size() + " audit events", c -> {
            AuditTable.append(c, events); // one transaction, one fsync for the whole batch
            return null;
        });
    }

    @Override
    public Optional<AuditEvent> lastAudit() {
        return connections.read("read the last audit event", AuditTable::last);
    }

    @Override
    public List<AuditEvent> auditAfter(long after, int limit) {
        if (limit <= 0) {
            return List.of();
        }
        return connections.read("read audit events after " + after, c -> AuditTable.after(c, after, limit));
    }

    @Override
    public void putLease(Lease lease) {
        write("store lease " + lease.id(), c -> {
            LeaseTable.put(c, lease);
            return null;
        });
    }

    @Override
    public Optional<Lease> lease(String id) {
        return connections.read("read lease " + id, c -> LeaseTable.byId(c, id));
    }

    @Override
    public Optional<Lease> leaseByCredential(String credentialHash) {
        return connections.read("look a lease up by credential", c -> LeaseTable.byCredential(c, credentialHash));
    }

    @Override
    public List<Lease> leases(String tenant, int limit) {
        if (limit <= 0) {
            return List.of();
        }
        return connections.read("read the leases of " + tenant, c -> LeaseTable.ofTenant(c, tenant, limit));
    }

    /** A write beside the log, which also pays a WAL truncation that readers blocked before. */
    private <T> T write(String what, JdbcSql.Work<T> work) {
        T result = connections.write(what, work);
        shredder.retryIfOwed(what);
        return result;
    }

    /** The value of a pragma on the write connection (for tests and diagnostics). */
    String pragma(String name) {
        return connections.onWriter("read pragma " + name, c -> {
            try (Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("PRAGMA " + name)) {
                return rs.next() ? rs.getString(1) : null;
            }
        });
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            connections.close();
        } finally {
            lock.close();
        }
    }

    @Override
    public String toString() {
        return "SqliteStore[" + dir + "]";
    }
}
