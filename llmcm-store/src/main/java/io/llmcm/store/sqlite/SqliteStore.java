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
import io.llmcm.store.jdbc.CommitQueries;
import java.util.ArrayList;
import java.util.Comparator;
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
 *
 * <p>Hard isolation: a tenant created {@code dedicated} keeps its entry versions, keyring and leases
 * in a file of its own under {@code tenants/} (see {@link TenantFiles}); its catalog, the commit
 * metadata and the audit trail stay in {@code llmcm.db}. An append writes the tenant files first and
 * the main file last: a commit exists once the main file holds it, reads of a tenant file never look
 * above the main log's last revision, and opening the store forgets what a crash left above it.
 */
public final class SqliteStore implements Store {
    /** The database file inside the store directory. */
    public static final String DATABASE_FILE = "llmcm.db";

    private final Path dir;
    private final StoreLock lock;
    private final Connections connections;
    private final WalShredder shredder;
    private TenantFiles tenantFiles;
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
            Map<String, Long> dedicated = connections.read("read the dedicated tenants", TenantFiles::catalog);
            store.tenantFiles = TenantFiles.open(dir, dir.toString(), dedicated, store.lastRevision);
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
        return connections.read("load the current state", c -> {
            StoreImage image = CommitReader.load(c);
            List<TenantFile> files = tenantFiles.all();
            if (files.isEmpty()) {
                return image;
            }
            List<EntryVersion> heads = new ArrayList<>(image.heads());
            for (TenantFile f : files) {
                TenantFiles.readIfOpen(f, "load the entries of tenant " + f.tenant,
                        t -> CommitQueries.entriesAt(t, f.tenant, "", image.revision())).ifPresent(heads::addAll);
            }
            heads.sort(HEAD_ORDER);
            return new StoreImage(image.revision(), heads, image.tenants(), image.environments(), image.tags(),
                    image.schemas(), image.roles(), image.bindings(), image.apiKeys(), image.retentionFloor(),
                    image.tenantStates(), image.tenantQuotas(), image.rollbackRules());
        });
    }

    /** The order of {@link StoreImage#heads()}: tenant, path, env, service (byte order: names are ASCII). */
    private static final Comparator<EntryVersion> HEAD_ORDER = Comparator
            .comparing((EntryVersion v) -> v.key().tenant())
            .thenComparing(v -> v.key().path())
            .thenComparing(v -> v.key().layer().env())
            .thenComparing(v -> v.key().layer().service());

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
            TenantRouting routing = TenantRouting.of(commits, tenantFiles);
            List<TenantFile> created = tenantFiles.write(routing, last);
            boolean purged;
            try {
                purged = connections.write(what, c -> {
                    try (CommitWriter writer = new CommitWriter(c, routing.elsewhere)) {
                        for (Commit commit : commits) {
                            writer.write(commit);
                        }
                        return writer.purged();
                    }
                });
            } catch (RuntimeException e) {
                // the tenant files' rows are undone only when the log shows the batch did not land
                // (a failure may hide a commit that did; when even that cannot be read, opening the
                // store again sorts them out)
                long landed;
                try {
                    landed = connections.read("read the last revision", CommitReader::lastRevision);
                } catch (RuntimeException unreadable) {
                    throw e;
                }
                if (landed >= commits.getLast().revision()) {
                    created.forEach(tenantFiles::register);
                    tenantFiles.destroyDeleted(routing);
                } else {
                    tenantFiles.undo(routing, created, last);
                }
                throw e;
            }
            // readers see a created tenant's file before the revision that created it, and a deleted
            // tenant's file until after the revision that deleted it
            created.forEach(tenantFiles::register); // (a tenant created and deleted within the batch never got a file)
            lastRevision = commits.getLast().revision();
            tenantFiles.destroyDeleted(routing);
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
        return connections.read("read commits after " + after, c -> CommitReader.commitsAfter(c, after, limit,
                (from, upTo, sink) -> {
                    for (TenantFile f : tenantFiles.all()) {
                        TenantFiles.readIfOpen(f, "read the versions of tenant " + f.tenant, t -> {
                            CommitQueries.versionsBetween(t, "versions", from, upTo, sink);
                            return null;
                        });
                    }
                }));
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
        Optional<TenantFile> file = tenantFiles.of(tenant);
        if (file.isPresent()) {
            // the versions from the tenant's file, below the log's end; who made them from the log
            long before = Math.min(beforeRevision, lastRevision + 1);
            List<EntryVersion> versions = TenantFiles.readIfOpen(file.get(), "read the history of " + tenant + ":" + path,
                    t -> CommitQueries.historyVersions(t, tenant, path, before, limit)).orElse(List.of());
            if (versions.isEmpty()) {
                return List.of();
            }
            Map<Long, CommitInfo> infos = connections.read("read the commits of " + tenant + ":" + path,
                    c -> CommitQueries.commitInfos(c, versions.stream().map(EntryVersion::revision).toList()));
            return versions.stream()
                    .filter(v -> infos.containsKey(v.revision()))
                    .map(v -> new HistoryEntry(v, infos.get(v.revision())))
                    .toList();
        }
        return connections.read("read the history of " + tenant + ":" + path,
                c -> CommitReader.history(c, tenant, path, beforeRevision, limit));
    }

    @Override
    public List<EntryVersion> entriesAt(String tenant, String prefix, long revision) {
        String p = prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix;
        Optional<TenantFile> file = tenantFiles.of(tenant);
        if (file.isPresent()) {
            long at = Math.min(revision, lastRevision); // rows above the log's end are not committed yet
            return TenantFiles.readIfOpen(file.get(), "read entries of " + tenant + " at revision " + revision,
                    t -> CommitQueries.entriesAt(t, tenant, p, at)).orElse(List.of());
        }
        return connections.read("read entries of " + tenant + " at revision " + revision,
                c -> CommitReader.entriesAt(c, tenant, p, revision));
    }

    @Override
    public long prune(Instant cutoff, Set<Long> taggedRevisions) {
        Retention.Result result =
                write("prune history", c -> Retention.prune(c, cutoff, taggedRevisions));
        retentionFloor = result.floor();
        // the floor is raised first: a crash before the tenant files are pruned only leaves them
        // versions that the next prune removes
        long removed = result.removed();
        for (TenantFile f : tenantFiles.all()) {
            removed += f.prune(dir.resolve(DATABASE_FILE), cutoff.toEpochMilli(), taggedRevisions);
        }
        return removed;
    }

    @Override
    public long retentionFloor() {
        return retentionFloor;
    }

    @Override
    public Map<String, byte[]> keyrings() {
        Map<String, byte[]> all = new java.util.TreeMap<>();
        all.putAll(connections.read("read the keyrings", KeyringTable::all));
        for (TenantFile f : tenantFiles.all()) {
            TenantFiles.readIfOpen(f, "read the keyring of " + f.tenant, KeyringTable::all).ifPresent(all::putAll);
        }
        return java.util.Collections.unmodifiableMap(all);
    }

    @Override
    public void putKeyring(String tenant, byte[] wrapped) {
        Optional<TenantFile> file = tenantFiles.of(tenant);
        if (file.isPresent()) {
            file.get().connections.write("store the keyring of " + tenant, c -> {
                KeyringTable.put(c, tenant, wrapped, System.currentTimeMillis());
                return null;
            });
            return;
        }
        write("store the keyring of " + tenant, c -> {
            KeyringTable.put(c, tenant, wrapped, System.currentTimeMillis());
            return null;
        });
    }

    @Override
    public void deleteKeyring(String tenant) {
        String what = "delete the keyring of " + tenant;
        Optional<TenantFile> file = tenantFiles.of(tenant);
        if (file.isPresent()) {
            file.get().connections.write(what, c -> KeyringTable.delete(c, tenant));
            if (!file.get().shredder.truncate(what)) {
                throw new StoreException("store " + dir + ": " + what + ": deleted, but readers kept the write-ahead log"
                        + " of the tenant's file busy, so its old bytes stay there until a later write; delete it again");
            }
        }
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
        Optional<TenantFile> file = tenantFiles.of(lease.key().tenant());
        // the UNIQUE index holds within one file; across files the store checks
        leaseByCredential(lease.credentialHash()).filter(l -> !l.id().equals(lease.id())).ifPresent(l -> {
            throw new StoreException("store " + dir + ": cannot store lease " + lease.id()
                    + ": its credential hash belongs to another lease");
        });
        if (file.isPresent()) {
            file.get().connections.write("store lease " + lease.id(), c -> {
                LeaseTable.put(c, lease);
                return null;
            });
            return;
        }
        write("store lease " + lease.id(), c -> {
            LeaseTable.put(c, lease);
            return null;
        });
    }

    @Override
    public Optional<Lease> lease(String id) {
        Optional<Lease> shared = connections.read("read lease " + id, c -> LeaseTable.byId(c, id));
        return shared.isPresent() ? shared : inTenantFiles("read lease " + id, c -> LeaseTable.byId(c, id));
    }

    @Override
    public Optional<Lease> leaseByCredential(String credentialHash) {
        Optional<Lease> shared =
                connections.read("look a lease up by credential", c -> LeaseTable.byCredential(c, credentialHash));
        return shared.isPresent()
                ? shared
                : inTenantFiles("look a lease up by credential", c -> LeaseTable.byCredential(c, credentialHash));
    }

    /** The first lease the lookup finds in a hard-isolated tenant's file. */
    private Optional<Lease> inTenantFiles(String what, JdbcSql.Work<Optional<Lease>> lookup) {
        for (TenantFile f : tenantFiles.all()) {
            Optional<Lease> found = TenantFiles.readIfOpen(f, what, lookup).flatMap(o -> o);
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }

    @Override
    public List<Lease> leases(String tenant, int limit) {
        if (limit <= 0) {
            return List.of();
        }
        Optional<TenantFile> file = tenantFiles.of(tenant);
        if (file.isPresent()) {
            return TenantFiles.readIfOpen(file.get(), "read the leases of " + tenant,
                    c -> LeaseTable.ofTenant(c, tenant, limit)).orElse(List.of());
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
            if (tenantFiles != null) {
                tenantFiles.close();
            }
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
