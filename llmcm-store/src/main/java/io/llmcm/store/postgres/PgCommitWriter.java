package io.llmcm.store.postgres;

import io.llmcm.core.model.Commit;
import io.llmcm.core.model.EntryKey;
import io.llmcm.core.model.Mutation;
import io.llmcm.core.model.Value;
import io.llmcm.store.jdbc.CatalogColumn;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes a batch of commits (a group commit: the commits of many concurrent committers) into the
 * tables inside the caller's transaction: the same rows as the SQLite store's CommitWriter, but
 * sent as a few batched statements instead of two round trips per entry, since every statement
 * here crosses the network.
 *
 * <p>A version's {@code superseded} is known in memory when the next write of the same entry is
 * in the same batch; only heads that already exist in the database are superseded by an UPDATE
 * (once per entry and batch). Pending rows are flushed before a tenant's purge, which must see
 * them, and at the end.
 *
 * <p>The versions of a hard-isolated tenant go to the {@code versions} table of its own schema
 * ({@link PgTenantSchemas}), created here when the batch creates the tenant and dropped when it
 * deletes it.
 */
final class PgCommitWriter implements AutoCloseable {
    private final Connection c;
    private final String storeSchema;
    private final PreparedStatement insertCommit;
    /** Where versions go: "" for the store's own table, else a dedicated tenant's schema prefix. */
    private final Map<String, Target> targets = new LinkedHashMap<>();
    /** Tenant → its schema prefix, or "" for a shared tenant, as of the point reached in the batch. */
    private final Map<String, String> placeOf = new HashMap<>();
    private int pendingCommits;
    private boolean purged;

    /**
     * @param storeSchema the store's schema (dedicated tenants' schemas are named after it)
     * @param commits the batch, whose tenants' isolation is looked up once
     */
    PgCommitWriter(Connection c, String storeSchema, List<Commit> commits) throws SQLException {
        this.c = c;
        this.storeSchema = storeSchema;
        this.insertCommit = c.prepareStatement(
                "INSERT INTO commits(revision, time_ms, author, message, catalog) VALUES (?, ?, ?, ?, CAST(? AS json))");
        Set<String> tenants = new HashSet<>();
        for (Commit commit : commits) {
            for (Mutation m : commit.mutations()) {
                switch (m) {
                    case Mutation.PutEntry p -> tenants.add(p.key().tenant());
                    case Mutation.DeleteEntry d -> tenants.add(d.key().tenant());
                    default -> {}
                }
            }
        }
        for (String t : tenants) {
            placeOf.put(t, "");
        }
        for (String t : PgTenantSchemas.dedicatedAmong(c, tenants)) {
            placeOf.put(t, PgTenantSchemas.in(storeSchema, t));
        }
    }

    void write(Commit commit) throws SQLException {
        List<Map.Entry<Integer, Mutation>> catalog = new ArrayList<>();
        List<Mutation> mutations = commit.mutations();
        for (int seq = 0; seq < mutations.size(); seq++) {
            switch (mutations.get(seq)) {
                case Mutation.PutEntry(EntryKey key, Value value, boolean replace) ->
                    target(key.tenant()).version(commit.revision(), seq, key, value, replace);
                case Mutation.DeleteEntry(EntryKey key) -> target(key.tenant()).version(commit.revision(), seq, key, null, false);
                case Mutation.DeleteTenant d -> {
                    flush(); // the purge deletes rows of this batch too
                    java.util.Optional<String> place = PgTenantSchemas.of(c, storeSchema, d.name());
                    if (place.isPresent()) {
                        Target t = targets.remove(place.get());
                        if (t != null) {
                            t.close();
                        }
                        PgTenantSchemas.drop(c, storeSchema, d.name()); // its versions, keyring and leases
                    }
                    PgTenantPurge.purge(c, d.name());
                    placeOf.put(d.name(), "");
                    // earlier mutations of this same commit are purged like those of older commits
                    catalog.removeIf(p -> io.llmcm.core.store.TenantPurgeRule.belongsTo(p.getValue(), d.name()));
                    catalog.add(Map.entry(seq, d));
                    purged = true;
                }
                case Mutation.PutTenant p -> {
                    // putting a live dedicated tenant again keeps its schema (the store contract allows re-puts)
                    boolean hasSchema = PgTenantSchemas.of(c, storeSchema, p.tenant().name()).isPresent();
                    PgCatalog.apply(c, p);
                    if (p.tenant().dedicated() && !hasSchema) {
                        PgTenantSchemas.create(c, storeSchema, p.tenant().name());
                        placeOf.put(p.tenant().name(), PgTenantSchemas.in(storeSchema, p.tenant().name()));
                    }
                    catalog.add(Map.entry(seq, p));
                }
                case Mutation m -> {
                    PgCatalog.apply(c, m);
                    catalog.add(Map.entry(seq, m));
                }
            }
        }
        insertCommit.setLong(1, commit.revision());
        insertCommit.setLong(2, commit.time().toEpochMilli());
        insertCommit.setString(3, commit.author());
        insertCommit.setString(4, commit.message());
        byte[] json = CatalogColumn.encode(catalog);
        if (json == null) {
            insertCommit.setNull(5, Types.VARCHAR);
        } else {
            insertCommit.setString(5, PgCatalog.text(json));
        }
        insertCommit.addBatch();
        pendingCommits++;
    }

    private Target target(String tenant) throws SQLException {
        String place = placeOf.getOrDefault(tenant, "");
        Target t = targets.get(place);
        if (t == null) {
            t = new Target(c, place);
            targets.put(place, t);
        }
        return t;
    }

    /** Sends everything still pending; the caller calls it once the last commit is written. */
    void flush() throws SQLException {
        for (Target t : targets.values()) {
            t.flush();
        }
        if (pendingCommits > 0) {
            insertCommit.executeBatch();
        }
        pendingCommits = 0;
    }

    /** True once a written commit deleted a tenant (its keyring included). */
    boolean purged() {
        return purged;
    }

    private static void bindKey(PreparedStatement ps, int first, EntryKey key) throws SQLException {
        ps.setString(first, key.tenant());
        ps.setString(first + 1, key.path());
        ps.setString(first + 2, key.layer().env());
        ps.setString(first + 3, key.layer().service());
    }

    @Override
    public void close() throws SQLException {
        try (insertCommit) {
            for (Target t : targets.values()) {
                t.close();
            }
        }
    }

    /** One versions table and the batch's pending rows for it. */
    private static final class Target implements AutoCloseable {
        private final PreparedStatement supersede;
        private final PreparedStatement insertVersion;
        /** Rows not yet sent, in order, and the newest pending row of each entry. */
        private final List<Pending> pending = new ArrayList<>();
        private final Map<EntryKey, Pending> pendingHeads = new HashMap<>();
        /** Entries whose head in the database was already superseded by this batch. */
        private final Set<EntryKey> supersededInDatabase = new HashSet<>();

        Target(Connection c, String in) throws SQLException {
            this.supersede = c.prepareStatement("UPDATE " + in + "versions SET superseded = ?"
                    + " WHERE tenant = ? AND path = ? AND env = ? AND service = ? AND superseded IS NULL");
            this.insertVersion = c.prepareStatement("INSERT INTO " + in + "versions"
                    + "(tenant, path, env, service, revision, seq, content_type, replaces, value, superseded)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
        }

        void version(long revision, int seq, EntryKey key, Value value, boolean replace) throws SQLException {
            // the previous head (possibly written earlier in this batch) stops being visible here
            Pending previous = pendingHeads.get(key);
            if (previous != null) {
                previous.superseded = revision;
            } else if (supersededInDatabase.add(key)) {
                supersede.setLong(1, revision);
                bindKey(supersede, 2, key);
                supersede.addBatch();
            }
            Pending row = new Pending(key, revision, seq, value, replace);
            pending.add(row);
            pendingHeads.put(key, row);
        }

        void flush() throws SQLException {
            if (!supersededInDatabase.isEmpty()) {
                supersede.executeBatch(); // before the inserts: the unique index allows one head per entry
            }
            for (Pending p : pending) {
                bindKey(insertVersion, 1, p.key);
                insertVersion.setLong(5, p.revision);
                insertVersion.setInt(6, p.seq);
                if (p.value == null) {
                    insertVersion.setNull(7, Types.VARCHAR);
                    insertVersion.setNull(9, Types.BINARY);
                } else {
                    insertVersion.setString(7, p.value.type().id());
                    insertVersion.setBytes(9, p.value.bytes());
                }
                insertVersion.setBoolean(8, p.replace);
                if (p.superseded == 0) {
                    insertVersion.setNull(10, Types.BIGINT);
                } else {
                    insertVersion.setLong(10, p.superseded);
                }
                insertVersion.addBatch();
            }
            if (!pending.isEmpty()) {
                insertVersion.executeBatch();
            }
            pending.clear();
            pendingHeads.clear();
            supersededInDatabase.clear();
        }

        @Override
        public void close() throws SQLException {
            try (supersede;
                    insertVersion) {
                // closes both, even when one fails
            }
        }
    }

    private static final class Pending {
        final EntryKey key;
        final long revision;
        final int seq;
        final Value value;
        final boolean replace;
        long superseded; // 0: still the head

        Pending(EntryKey key, long revision, int seq, Value value, boolean replace) {
            this.key = key;
            this.revision = revision;
            this.seq = seq;
            this.value = value;
            this.replace = replace;
        }
    }
}
