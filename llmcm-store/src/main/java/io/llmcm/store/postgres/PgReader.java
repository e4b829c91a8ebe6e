package io.llmcm.store.postgres;

import io.llmcm.core.model.Commit;
import io.llmcm.core.model.CommitInfo;
import io.llmcm.core.model.EntryVersion;
import io.llmcm.core.store.HistoryEntry;
import io.llmcm.core.store.StoreImage;
import io.llmcm.store.jdbc.CatalogQueries;
import io.llmcm.store.jdbc.CommitQueries;
import io.llmcm.store.jdbc.VersionRows;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The read queries of the PostgreSQL store; each runs inside the caller's snapshot (REPEATABLE READ). */
final class PgReader {
    private PgReader() {}

    /** A json column comes back as text; the codecs take its UTF-8 bytes. */
    private static final CatalogQueries.JsonColumn JSON = (rs, column) -> PgCatalog.bytes(rs.getString(column));

    /** The log's end as the head row says (the head moves in the same transaction as the commits). */
    static long lastRevision(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT revision FROM log_head");
                ResultSet rs = ps.executeQuery()) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }

    static long retentionFloor(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT retention_floor FROM log_head");
                ResultSet rs = ps.executeQuery()) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }

    static StoreImage load(Connection c, String schema) throws SQLException {
        List<EntryVersion> heads = new ArrayList<>();
        // the store's table, then every dedicated tenant's: the order of the heads is by tenant first
        java.util.TreeMap<String, String> tables = new java.util.TreeMap<>(PgTenantSchemas.all(c, schema));
        String union = "SELECT " + VersionRows.VERSION_COLUMNS + " FROM versions v WHERE v.superseded IS NULL AND v.value IS NOT NULL";
        for (String in : tables.values()) {
            union += " UNION ALL SELECT " + VersionRows.VERSION_COLUMNS + " FROM " + in
                    + "versions v WHERE v.superseded IS NULL AND v.value IS NOT NULL";
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT * FROM (" + union + ") v"
                        + " ORDER BY v.tenant, v.path, v.env, v.service")) {
            ps.setFetchSize(1000); // stream the heads instead of holding every row twice
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    heads.add(VersionRows.version(rs));
                }
            }
        }
        return new StoreImage(
                lastRevision(c),
                heads,
                CatalogQueries.tenants(c, "id"),
                CatalogQueries.environments(c, "id"),
                CatalogQueries.tags(c),
                CatalogQueries.schemas(c, JSON),
                CatalogQueries.roles(c),
                CatalogQueries.bindings(c),
                CatalogQueries.apiKeys(c),
                retentionFloor(c),
                CatalogQueries.tenantStates(c),
                CatalogQueries.tenantQuotas(c),
                CatalogQueries.rollbackRules(c, JSON));
    }

    static List<Commit> commitsAfter(Connection c, String schema, long after, int limit) throws SQLException {
        Map<String, String> dedicated = PgTenantSchemas.all(c, schema);
        return CommitQueries.commitsAfter(c, after, limit, rs -> PgCatalog.bytes(rs.getString("catalog")),
                (from, upTo, sink) -> {
                    for (String in : dedicated.values()) {
                        CommitQueries.versionsBetween(c, in + "versions", from, upTo, sink);
                    }
                });
    }

    static Optional<CommitInfo> commitInfo(Connection c, long revision) throws SQLException {
        return CommitQueries.commitInfo(c, revision);
    }

    static List<HistoryEntry> history(Connection c, String schema, String tenant, String path, long before, int limit)
            throws SQLException {
        return CommitQueries.history(c, versions(c, schema, tenant), tenant, path, before, limit);
    }

    static List<EntryVersion> entriesAt(Connection c, String schema, String tenant, String prefix, long revision)
            throws SQLException {
        return CommitQueries.entriesAt(c, versions(c, schema, tenant), tenant, prefix, revision);
    }

    /** The versions table that holds a tenant's entries. */
    private static String versions(Connection c, String schema, String tenant) throws SQLException {
        return PgTenantSchemas.of(c, schema, tenant).orElse("") + "versions";
    }
}
