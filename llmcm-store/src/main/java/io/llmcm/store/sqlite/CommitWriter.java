package io.llmcm.store.sqlite;

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
import java.util.List;
import java.util.Map;

/** Writes commits into the tables, inside the caller's transaction. */
final class CommitWriter implements AutoCloseable {
    private final Connection c;
    private final PreparedStatement insertCommit;
    private final PreparedStatement supersede;
    private final PreparedStatement insertVersion;
    private final TenantRouting.Positions elsewhere;
    private boolean purged;

    /** @param elsewhere the entry mutations (by revision and position) that hard-isolated tenants' files hold instead */
    CommitWriter(Connection c, TenantRouting.Positions elsewhere) throws SQLException {
        this.c = c;
        this.elsewhere = elsewhere;
        this.insertCommit = c.prepareStatement(
                "INSERT INTO commits(revision, time_ms, author, message, catalog) VALUES (?, ?, ?, ?, ?)");
        this.supersede = c.prepareStatement("UPDATE versions SET superseded = ?"
                + " WHERE tenant = ? AND path = ? AND env = ? AND service = ? AND superseded IS NULL");
        this.insertVersion = c.prepareStatement("INSERT INTO versions"
                + "(tenant, path, env, service, revision, seq, content_type, replaces, value)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
    }

    void write(Commit commit) throws SQLException {
        List<Map.Entry<Integer, Mutation>> catalog = new ArrayList<>();
        List<Mutation> mutations = commit.mutations();
        for (int seq = 0; seq < mutations.size(); seq++) {
            switch (mutations.get(seq)) {
                case Mutation.PutEntry(EntryKey key, Value value, boolean replace) -> {
                    if (!elsewhere.contains(commit.revision(), seq)) {
                        writeVersion(commit.revision(), seq, key, value, replace);
                    }
                }
                case Mutation.DeleteEntry(EntryKey key) -> {
                    if (!elsewhere.contains(commit.revision(), seq)) {
                        writeVersion(commit.revision(), seq, key, null, false);
                    }
                }
                case Mutation.PutTenant p -> {
                    CatalogTables.apply(c, p);
                    // tells this generation's file from a deleted namesake's (see TenantFiles); a
                    // re-put of a live tenant keeps the revision that created it
                    io.llmcm.store.jdbc.JdbcSql.update(c,
                            "UPDATE tenants SET created_revision = ? WHERE name = ? AND created_revision = 0",
                            commit.revision(), p.tenant().name());
                    catalog.add(Map.entry(seq, p));
                }
                case Mutation.DeleteTenant d -> {
                    // earlier mutations of this same commit are purged like those of older commits
                    TenantPurge.purge(c, d.name());
                    catalog.removeIf(p -> TenantPurge.belongsTo(p.getValue(), d.name()));
                    catalog.add(Map.entry(seq, d));
                    purged = true;
                }
                case Mutation m -> {
                    CatalogTables.apply(c, m);
                    catalog.add(Map.entry(seq, m));
                }
            }
        }
        insertCommit.setLong(1, commit.revision());
        insertCommit.setLong(2, commit.time().toEpochMilli());
        insertCommit.setString(3, commit.author());
        insertCommit.setString(4, commit.message());
        insertCommit.setBytes(5, CatalogColumn.encode(catalog));
        insertCommit.executeUpdate();
    }

    /** True once a written commit deleted a tenant: its bytes are zeroed, but old WAL frames hold them. */
    boolean purged() {
        return purged;
    }

    private void writeVersion(long revision, int seq, EntryKey key, Value value, boolean replace)
            throws SQLException {
        // the previous head (possibly written earlier in this same commit) stops being visible here
        supersede.setLong(1, revision);
        bindKey(supersede, 2, key);
        supersede.executeUpdate();

        bindKey(insertVersion, 1, key);
        insertVersion.setLong(5, revision);
        insertVersion.setInt(6, seq);
        if (value == null) {
            insertVersion.setNull(7, Types.VARCHAR);
            insertVersion.setNull(9, Types.BLOB);
        } else {
            insertVersion.setString(7, value.type().id());
            insertVersion.setBytes(9, value.bytes());
        }
        insertVersion.setBoolean(8, replace);
        insertVersion.executeUpdate();
    }

    private static void bindKey(PreparedStatement ps, int first, EntryKey key) throws SQLException {
        ps.setString(first, key.tenant());
        ps.setString(first + 1, key.path());
        ps.setString(first + 2, key.layer().env());
        ps.setString(first + 3, key.layer().service());
    }

    @Override
    public void close() throws SQLException {
        try (insertCommit;
                supersede;
                insertVersion) {
            // closes all three, even when one fails
        }
    }
}
