package io.llmcm.store.sqlite;

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
import java.util.Optional;

/** The read queries of the SQLite store; each runs inside the caller's read transaction. */
final class CommitReader {
    private CommitReader() {}

    static long lastRevision(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT COALESCE(MAX(revision), 0) FROM commits");
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    static StoreImage load(Connection c) throws SQLException {
        List<EntryVersion> heads = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT " + VersionRows.VERSION_COLUMNS + " FROM versions v"
                        + " WHERE v.superseded IS NULL AND v.value IS NOT NULL"
                        + " ORDER BY v.tenant, v.path, v.env, v.service");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                heads.add(VersionRows.version(rs));
            }
        }
        return new StoreImage(
                lastRevision(c),
                heads,
                CatalogQueries.tenants(c, "rowid"),
                CatalogQueries.environments(c, "rowid"),
                CatalogQueries.tags(c),
                CatalogQueries.schemas(c, ResultSet::getBytes),
                CatalogQueries.roles(c),
                CatalogQueries.bindings(c),
                CatalogQueries.apiKeys(c),
                Retention.floor(c),
                CatalogQueries.tenantStates(c),
                CatalogQueries.tenantQuotas(c),
                CatalogQueries.rollbackRules(c, ResultSet::getBytes));
    }

    static List<Commit> commitsAfter(Connection c, long after, int limit, CommitQueries.MoreVersions more)
            throws SQLException {
        return CommitQueries.commitsAfter(c, after, limit, rs -> rs.getBytes("catalog"), more);
    }

    static Optional<CommitInfo> commitInfo(Connection c, long revision) throws SQLException {
        return CommitQueries.commitInfo(c, revision);
    }

    static List<HistoryEntry> history(Connection c, String tenant, String path, long before, int limit)
            throws SQLException {
        return CommitQueries.history(c, tenant, path, before, limit);
    }

    static List<EntryVersion> entriesAt(Connection c, String tenant, String prefix, long revision)
            throws SQLException {
        return CommitQueries.entriesAt(c, tenant, prefix, revision);
    }
}
