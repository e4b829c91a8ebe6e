package io.llmcm.store.postgres;

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
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The shared store: the commit log and its side tables in one schema of a PostgreSQL database
 * (pgjdbc, a HikariCP pool, Flyway migrations under {@code db/postgresql}); see {@link PgUrl} for
 * the location. Same semantics as the SQLite store, which the conformance suite checks.
 *
 * <p><b>Appends.</b> Core's group committer hands {@link #append} the commits of all concurrent
 * committers at once; they are written in one transaction with a few batched statements and made
 * durable by one WAL flush at COMMIT (with the server's default {@code synchronous_commit = on}).
 * The transaction first locks the single {@code log_head} row and checks that the log ends just
 * before the batch; it moves the head to the batch's last revision and notifies the store's
 * channel ({@link #channel(String)}) with the revision, delivered by PostgreSQL when (and only if)
 * the transaction commits.
 *
 * <p><b>Where PostgreSQL differs from SQLite.</b>
 *
 * <ul>
 *   <li>One writer per store is not a file lock held while open: any number of processes may open
 *       the schema, and the row lock on {@code log_head} orders their appends. The revisions are
 *       chosen by core (a {@link Commit} carries its revision), but the database is the arbiter:
 *       of two writers proposing the same revision, the second waits for the first's lock, then
 *       sees the moved head and gets a {@link RevisionMismatchException} with nothing written;
 *       the primary key on {@code commits.revision} and the unique index on heads back this up.
 *       This is what lets several instances share one store: each follows the log ({@link
 *       #follow}: woken by the NOTIFY or a periodic check, core reads {@link #commitsAfter} its
 *       revision) and, after a mismatch, catches up and plans its batch again. {@link
 *       #lastRevision()} is this process's view, moved by its own appends and re-read from the
 *       database after an append failed with an I/O error; core does not rely on it to tell
 *       whether a failed batch landed after all (with several writers the revision may be another
 *       instance's): it reads the commits back and compares them.
 *   <li>Reads run in REPEATABLE READ read-only transactions (one snapshot per call) on pooled
 *       connections; SQLite gets the same from WAL snapshots.
 *   <li>Crypto-shredding: PostgreSQL has no secure delete. A deleted row stays as a dead tuple in
 *       the table's file until its space is reused, and in the WAL until the segment is recycled
 *       (and in WAL archives, replicas and base backups, which the store cannot reach). After a
 *       keyring is destroyed (by {@link #deleteKeyring} or a tenant's deletion) the store runs
 *       {@code VACUUM FULL keyrings}, which rewrites the small table without the dead row and
 *       removes the old file; the secrets sealed under that keyring are then unreadable wherever
 *       their ciphertext remains. A purged tenant's other rows (config values, which are not
 *       encrypted) go the usual PostgreSQL way: dead tuples until vacuum reuses the space.
 *   <li>Hard isolation: a dedicated tenant's versions, keyring and leases live in a schema of its
 *       own ({@link PgTenantSchemas}), created and dropped inside the append transactions that
 *       create and delete the tenant; reads that span tenants read every such schema in the same
 *       snapshot.
 *   <li>Text that is sorted is {@code COLLATE "C"} (byte order, as SQLite), and text cannot hold
 *       NUL characters (values are bytea and can).
 * </ul>
 */
public final class PostgresStore implements Store {
    /**
     * The channel every append of the store in {@code schema} notifies, with the new last revision
     * as payload. One channel per schema: NOTIFY channels are database-wide, and stores in other
     * schemas of the database (other deployments, hard-isolated tenants) must not wake this one's
     * followers. A channel name is an identifier (at most 63 bytes): long schema names are hashed.
     */
    public static String channel(String schema) {
        String name = "llmcm_commits:" + schema;
        if (name.getBytes(java.nio.charset.StandardCharsets.UTF_8).length <= 63) {
            return name;
        }
        try {
            byte[] h = java.security.MessageDigest.getInstance("SHA-256").digest(schema.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return "llmcm_commits:" + java.util.HexFormat.of().formatHex(h, 0, 16);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** This store's notification channel ({@link #channel(String)}); LISTEN to it quoted. */
    public String channel() {
        return channel(url.schema());
    }

    private final PgUrl url;
    private final PgConnections connections;
    /** Appends and pruning of this process, one at a time (the SPI's single writer; other processes wait on the row lock). */
    private final ReentrantLock appendLock = new ReentrantLock();
    private final AtomicLong appendTransactions = new AtomicLong();
    private volatile long lastRevision;
    private volatile long retentionFloor;
    private volatile boolean closed;

    private PostgresStore(PgUrl url, PgConnections connections) {
        this.url = url;
        this.connections = connections;
    }

    /** True when {@code location} is a PostgreSQL store URL rather than a directory. */
    public static boolean isUrl(String location) {
        return PgUrl.matches(location);
    }

    /**
     * Opens the store at {@code location} ({@code postgresql://host:port/database?schema=NAME}),
     * creating the schema and its tables when needed.
     *
     * @throws io.llmcm.core.InvalidInputException when the location is malformed
     * @throws StoreException when the database cannot be reached or migrated
     */
    public static PostgresStore open(String location) {
        PgUrl url = PgUrl.parse(location);
        PgMigrations.run(PgConnections.simpleDataSource(url), url);
        PgConnections connections = PgConnections.open(url);
        try {
            PostgresStore store = new PostgresStore(url, connections);
            store.lastRevision = connections.read("read the last revision", PgReader::lastRevision);
            store.retentionFloor = connections.read("read the retention floor", PgReader::retentionFloor);
            return store;
        } catch (RuntimeException e) {
            connections.close();
            throw e;
        }
    }

    /**
     * True when the schema at {@code location} holds a store's tables (so that reading commands
     * do not create schemas). A database that cannot be reached is a failure, not a "no".
     *
     * @throws StoreException when the database cannot be reached
     */
    public static boolean exists(String location) {
        PgUrl url = PgUrl.parse(location);
        try (java.sql.Connection c = PgConnections.simpleDataSource(url).getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
            ps.setString(1, url.quotedSchema() + ".log_head");
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        } catch (java.sql.SQLException e) {
            throw JdbcSql.failure(url.name(), "connect", e);
        }
    }

    /** The location with any password replaced by {@code ***}, for messages. */
    public static String redact(String location) {
        return PgUrl.redact(location);
    }

    /** The schema holding this store's tables. */
    public String schema() {
        return url.schema();
    }

    /** True when the server's {@code synchronous_commit} is off and this store's writes turn it on (tests). */
    boolean connectionsForceSyncCommit() {
        return connections.forcesSyncCommit();
    }

    /** How many append transactions this instance committed (each holds one or more commits). */
    public long appendTransactions() {
        return appendTransactions.get();
    }

    @Override
    public StoreImage load() {
        return readTenants("load the current state", c -> PgReader.load(c, url.schema()));
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
        for (int i = 1; i < commits.size(); i++) {
            // a gap inside the batch: the log, extended by the commits before it, does not end where it should
            long previous = commits.get(i - 1).revision();
            if (commits.get(i).revision() != previous + 1) {
                throw new RevisionMismatchException(commits.get(i).revision() - 1, previous);
            }
        }
        long first = commits.getFirst().revision();
        long last = commits.getLast().revision();
        String what = "append revisions " + first + ".." + last;
        appendLock.lock();
        try {
            boolean purged = connections.write(what, c -> {
                long head;
                try (PreparedStatement ps = c.prepareStatement("SELECT revision FROM log_head FOR UPDATE");
                        ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        throw new StoreException("store " + url + ": the log_head row is missing");
                    }
                    head = rs.getLong(1);
                }
                if (head != first - 1) {
                    // another process appended first: core catches up from the log and retries
                    throw new RevisionMismatchException(first - 1, head);
                }
                boolean deletedTenant;
                try (PgCommitWriter writer = new PgCommitWriter(c, url.schema(), commits)) {
                    for (Commit commit : commits) {
                        writer.write(commit);
                    }
                    writer.flush();
                    deletedTenant = writer.purged();
                }
                JdbcSql.update(c, "UPDATE log_head SET revision = ?", last);
                // delivered at COMMIT, in commit order, and never for a rolled-back batch
                try (PreparedStatement ps = c.prepareStatement("SELECT pg_notify(?, ?)")) {
                    ps.setString(1, channel());
                    ps.setString(2, Long.toString(last));
                    ps.execute();
                }
                return deletedTenant;
            });
            lastRevision = last;
            appendTransactions.incrementAndGet();
            if (purged) {
                // the commit is durable and counts as done whatever happens here
                shredKeyrings("keyrings", what, false);
            }
        } catch (StoreException e) {
            resyncLastRevision();
            throw e;
        } finally {
            appendLock.unlock();
        }
    }

    /** After a failed append, the log tells whether the commit landed after all (a lost COMMIT reply). */
    private void resyncLastRevision() {
        try {
            lastRevision = connections.read("read the last revision", PgReader::lastRevision);
        } catch (StoreException ignored) {
            // keep the old value; the caller sees the original failure
        }
    }

    /**
     * Follows the other processes' appends: LISTEN on a dedicated connection, and a check every
     * second whatever arrives (see {@link PgChangeFeed}).
     */
    @Override
    public Optional<io.llmcm.core.store.ChangeFeed> follow(io.llmcm.core.store.ChangeFeed.Listener listener) {
        return Optional.of(follow(listener, PgChangeFeed.DEFAULT_POLL_MILLIS));
    }

    /** {@link #follow(io.llmcm.core.store.ChangeFeed.Listener)} with another period (tests). */
    PgChangeFeed follow(io.llmcm.core.store.ChangeFeed.Listener listener, int pollMillis) {
        if (closed) {
            throw new StoreException("store " + url + " is closed");
        }
        return PgChangeFeed.start(url, listener, pollMillis);
    }

    @Override
    public List<Commit> commitsAfter(long after, int limit) {
        if (limit <= 0) {
            return List.of();
        }
        return readTenants("read commits after " + after, c -> PgReader.commitsAfter(c, url.schema(), after, limit));
    }

    @Override
    public Optional<CommitInfo> commitInfo(long revision) {
        return connections.read("read commit " + revision, c -> PgReader.commitInfo(c, revision));
    }

    @Override
    public List<HistoryEntry> history(String tenant, String path, long beforeRevision, int limit) {
        if (limit <= 0) {
            return List.of();
        }
        return readTenants("read the history of " + tenant + ":" + path,
                c -> PgReader.history(c, url.schema(), tenant, path, beforeRevision, limit));
    }

    @Override
    public List<EntryVersion> entriesAt(String tenant, String prefix, long revision) {
        String p = prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix;
        return readTenants("read entries of " + tenant + " at revision " + revision,
                c -> PgReader.entriesAt(c, url.schema(), tenant, p, revision));
    }

    @Override
    public long prune(Instant cutoff, Set<Long> taggedRevisions) {
        appendLock.lock();
        try {
            PgRetention.Result result =
                    connections.write("prune history", c -> PgRetention.prune(c, url.schema(), cutoff, taggedRevisions));
            retentionFloor = result.floor();
            return result.removed();
        } finally {
            appendLock.unlock();
        }
    }

    /** Read from the database each time: another process sharing the store may have pruned. */
    @Override
    public long retentionFloor() {
        long read = connections.read("read the retention floor", PgReader::retentionFloor);
        retentionFloor = Math.max(retentionFloor, read);
        return retentionFloor;
    }

    @Override
    public Map<String, byte[]> keyrings() {
        return readTenants("read the keyrings", c -> {
            Map<String, byte[]> all = new java.util.TreeMap<>();
            all.putAll(KeyringTable.all(c));
            for (String in : PgTenantSchemas.all(c, url.schema()).values()) {
                all.putAll(KeyringTable.all(c, in));
            }
            return java.util.Collections.unmodifiableMap(all);
        });
    }

    /** The prefix of the tables holding a tenant's keyring and leases: its own schema's, or "" (the store's). */
    private String in(java.sql.Connection c, String tenant) throws java.sql.SQLException {
        return PgTenantSchemas.of(c, url.schema(), tenant).orElse("");
    }

    /**
     * A read that looks into dedicated tenants' schemas. A tenant deleted while it runs may have its
     * schema dropped under the read's snapshot (DDL is not MVCC-protected): the read starts again.
     */
    private <T> T readTenants(String what, JdbcSql.Work<T> work) {
        for (int attempt = 1; ; attempt++) {
            try {
                return connections.read(what, work);
            } catch (StoreException e) {
                if (attempt >= 3 || !(e.getCause() instanceof java.sql.SQLException s)
                        || !("3F000".equals(s.getSQLState()) || "42P01".equals(s.getSQLState()))) {
                    throw e;
                }
            }
        }
    }

    @Override
    public void putKeyring(String tenant, byte[] wrapped) {
        connections.write("store the keyring of " + tenant, c -> {
            KeyringTable.put(c, in(c, tenant), tenant, wrapped, System.currentTimeMillis());
            return null;
        });
    }

    /** One INSERT … ON CONFLICT DO NOTHING: of two processes creating a tenant's keyring, one wins. */
    @Override
    public boolean createKeyring(String tenant, byte[] wrapped) {
        return connections.write("create the keyring of " + tenant,
                c -> KeyringTable.create(c, in(c, tenant), tenant, wrapped, System.currentTimeMillis()));
    }

    /** One UPDATE … WHERE wrapped = expected: of two processes rotating a tenant's keys at once, one wins. */
    @Override
    public boolean replaceKeyring(String tenant, byte[] expected, byte[] replacement) {
        return connections.write("replace the keyring of " + tenant,
                c -> KeyringTable.replace(c, in(c, tenant), tenant, expected, replacement, System.currentTimeMillis()));
    }

    @Override
    public void deleteKeyring(String tenant) {
        String what = "delete the keyring of " + tenant;
        String table = connections.write(what, c -> {
            String in = in(c, tenant);
            KeyringTable.delete(c, in, tenant);
            return in + "keyrings";
        });
        shredKeyrings(table, what, true);
    }

    /**
     * Rewrites the keyrings table so that a deleted keyring's bytes leave the table's files (see
     * the class comment for what PostgreSQL keeps elsewhere).
     *
     * @param required whether a failure fails the caller (a tenant's deletion is done already)
     */
    private void shredKeyrings(String table, String what, boolean required) {
        try {
            connections.outsideTransaction(what + ": vacuum the keyrings", "VACUUM (FULL) " + table);
        } catch (StoreException e) {
            if (required) {
                throw new StoreException("store " + url + ": " + what + ": deleted, but the table could not be rewritten,"
                        + " so the old bytes stay in its file until a later vacuum; delete it again ("
                        + JdbcSql.firstLine(e.getMessage()) + ")", e);
            }
        }
    }

    @Override
    public Optional<byte[]> setting(String name) {
        return connections.read("read setting " + name, c -> SettingTable.get(c, name));
    }

    @Override
    public void putSetting(String name, byte[] value) {
        connections.write("store setting " + name, c -> {
            SettingTable.put(c, name, value);
            return null;
        });
    }

    /** One INSERT … ON CONFLICT DO NOTHING: of two processes making a setting on first use, one wins. */
    @Override
    public boolean createSetting(String name, byte[] value) {
        return connections.write("create setting " + name, c -> SettingTable.create(c, name, value));
    }

    @Override
    public void appendAudit(List<AuditEvent> events) {
        if (events.isEmpty()) {
            return;
        }
        connections.write("append " + events.size() + " audit events", c -> {
            PgAudit.append(c, events); // one transaction, one flush for the whole batch
            return null;
        });
    }

    @Override
    public List<AuditEvent> auditAfter(long after, int limit) {
        if (limit <= 0) {
            return List.of();
        }
        return connections.read("read audit events after " + after, c -> PgAudit.after(c, after, limit));
    }

    @Override
    public boolean appendAuditAfter(List<AuditEvent> linked) {
        if (linked.isEmpty()) {
            return true;
        }
        return connections.write("append " + linked.size() + " audit events", c -> PgAudit.appendAfter(c, linked));
    }

    @Override
    public Optional<AuditEvent> lastAudit() {
        return connections.read("read the last audit event", PgAudit::last);
    }

    @Override
    public void putLease(Lease lease) {
        connections.write("store lease " + lease.id(), c -> {
            // the UNIQUE index holds within one schema; across the store's schemas the store checks
            Optional<Lease> holder = leaseWhere(c, in -> LeaseTable.byCredential(c, in, lease.credentialHash()));
            if (holder.isPresent() && !holder.get().id().equals(lease.id())) {
                throw new StoreException("store " + url + ": cannot store lease " + lease.id()
                        + ": its credential hash belongs to another lease");
            }
            LeaseTable.put(c, in(c, lease.key().tenant()), lease);
            return null;
        });
    }

    @Override
    public Optional<Lease> lease(String id) {
        return readTenants("read lease " + id, c -> leaseWhere(c, in -> LeaseTable.byId(c, in, id)));
    }

    @Override
    public Optional<Lease> leaseByCredential(String credentialHash) {
        return readTenants("look a lease up by credential",
                c -> leaseWhere(c, in -> LeaseTable.byCredential(c, in, credentialHash)));
    }

    @Override
    public List<Lease> leases(String tenant, int limit) {
        if (limit <= 0) {
            return List.of();
        }
        return readTenants("read the leases of " + tenant, c -> LeaseTable.ofTenant(c, in(c, tenant), tenant, limit));
    }

    /** A lookup of one lease in the store's table, then in each dedicated tenant's. */
    @FunctionalInterface
    private interface LeaseLookup {
        Optional<Lease> in(String prefix) throws java.sql.SQLException;
    }

    private Optional<Lease> leaseWhere(java.sql.Connection c, LeaseLookup lookup) throws java.sql.SQLException {
        Optional<Lease> found = lookup.in("");
        if (found.isPresent()) {
            return found;
        }
        for (String in : PgTenantSchemas.all(c, url.schema()).values()) {
            found = lookup.in(in);
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        appendLock.lock(); // an append in flight finishes first
        try {
            connections.close();
        } finally {
            appendLock.unlock();
        }
    }

    @Override
    public String toString() {
        return "PostgresStore[" + url + "]";
    }
}
