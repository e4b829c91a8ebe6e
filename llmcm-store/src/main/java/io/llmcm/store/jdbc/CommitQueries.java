package io.llmcm.store.jdbc;

import io.llmcm.core.model.Commit;
import io.llmcm.core.model.CommitInfo;
import io.llmcm.core.model.EntryVersion;
import io.llmcm.core.model.Mutation;
import io.llmcm.core.store.HistoryEntry;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The read queries on {@code commits} and {@code versions} that are the same SQL in both stores;
 * each runs inside the caller's transaction. The one dialect difference, how the {@code catalog}
 * column of a commit comes back, is the caller's {@link CatalogColumnReader}.
 */
public final class CommitQueries {
    private CommitQueries() {}

    /** Reads the encoded {@code catalog} column of the current {@code commits} row. */
    @FunctionalInterface
    public interface CatalogColumnReader {
        byte[] read(ResultSet rs) throws SQLException;
    }

    /** Reads version rows (the {@link VersionRows#VERSION_COLUMNS}) one at a time. */
    @FunctionalInterface
    public interface RowSink {
        void row(ResultSet rs) throws SQLException;
    }

    /**
     * The version rows a store keeps outside the shared {@code versions} table (those of
     * hard-isolated tenants) with a revision in {@code (after, upTo]}.
     */
    @FunctionalInterface
    public interface MoreVersions {
        MoreVersions NONE = (after, upTo, sink) -> {};

        void read(long after, long upTo, RowSink sink) throws SQLException;
    }

    public static List<Commit> commitsAfter(Connection c, long after, int limit, CatalogColumnReader catalog)
            throws SQLException {
        return commitsAfter(c, after, limit, catalog, MoreVersions.NONE);
    }

    /** The commits above {@code after}, their entry mutations read from {@code versions} and from {@code more}. */
    public static List<Commit> commitsAfter(
            Connection c, long after, int limit, CatalogColumnReader catalog, MoreVersions more) throws SQLException {
        List<CommitInfo> infos = new ArrayList<>();
        Map<Long, TreeMap<Integer, Mutation>> mutations = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT revision, time_ms, author, message, catalog"
                + " FROM commits WHERE revision > ? ORDER BY revision LIMIT ?")) {
            ps.setLong(1, after);
            ps.setInt(2, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    CommitInfo info = info(rs);
                    infos.add(info);
                    TreeMap<Integer, Mutation> positioned = new TreeMap<>();
                    for (Map.Entry<Integer, Mutation> e : CatalogColumn.decode(catalog.read(rs))) {
                        positioned.put(e.getKey(), e.getValue());
                    }
                    mutations.put(info.revision(), positioned);
                }
            }
        }
        if (infos.isEmpty()) {
            return List.of();
        }
        RowSink sink = rs -> {
            TreeMap<Integer, Mutation> of = mutations.get(rs.getLong("revision"));
            if (of != null) { // a row of a commit outside this page (another source's snapshot) is not ours
                of.put(rs.getInt("seq"), VersionRows.mutation(rs));
            }
        };
        versionsBetween(c, "versions", after, infos.getLast().revision(), sink);
        more.read(after, infos.getLast().revision(), sink);
        List<Commit> out = new ArrayList<>(infos.size());
        for (CommitInfo i : infos) {
            List<Mutation> ms = List.copyOf(mutations.get(i.revision()).values());
            out.add(new Commit(i.revision(), i.time(), i.author(), i.message(), ms));
        }
        return out;
    }

    /** Feeds the rows of a versions table with a revision in {@code (after, upTo]} to the sink. */
    public static void versionsBetween(Connection c, String table, long after, long upTo, RowSink sink)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + VersionRows.VERSION_COLUMNS
                + " FROM " + table + " v WHERE v.revision > ? AND v.revision <= ?")) {
            ps.setLong(1, after);
            ps.setLong(2, upTo);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    sink.row(rs);
                }
            }
        }
    }

    /** Who made each of these commits and when, by revision (missing revisions are left out). */
    public static Map<Long, CommitInfo> commitInfos(Connection c, java.util.Collection<Long> revisions)
            throws SQLException {
        Map<Long, CommitInfo> out = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT revision, time_ms, author, message FROM commits WHERE revision = ?")) {
            for (long r : new java.util.TreeSet<>(revisions)) {
                ps.setLong(1, r);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        out.put(r, info(rs));
                    }
                }
            }
        }
        return out;
    }

    public static Optional<CommitInfo> commitInfo(Connection c, long revision) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT revision, time_ms, author, message FROM commits WHERE revision = ?")) {
            ps.setLong(1, revision);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(info(rs)) : Optional.empty();
            }
        }
    }

    public static List<HistoryEntry> history(Connection c, String tenant, String path, long before, int limit)
            throws SQLException {
        return history(c, "versions", tenant, path, before, limit);
    }

    /** {@link #history(Connection, String, String, long, int)} from another versions table joined with this connection's commits. */
    public static List<HistoryEntry> history(Connection c, String table, String tenant, String path, long before, int limit)
            throws SQLException {
        List<HistoryEntry> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT " + VersionRows.VERSION_COLUMNS
                + ", c.time_ms, c.author, c.message FROM " + table + " v JOIN commits c ON c.revision = v.revision"
                + " WHERE v.tenant = ? AND v.path = ? AND v.revision < ?"
                + " ORDER BY v.revision DESC, v.seq DESC LIMIT ?")) {
            ps.setString(1, tenant);
            ps.setString(2, path);
            ps.setLong(3, before);
            ps.setInt(4, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new HistoryEntry(VersionRows.version(rs), info(rs)));
                }
            }
        }
        return out;
    }

    /** Versions of one path, newest first, below {@code before}, without their commits (they are elsewhere). */
    public static List<EntryVersion> historyVersions(Connection c, String tenant, String path, long before, int limit)
            throws SQLException {
        List<EntryVersion> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT " + VersionRows.VERSION_COLUMNS + " FROM versions v"
                + " WHERE v.tenant = ? AND v.path = ? AND v.revision < ?"
                + " ORDER BY v.revision DESC, v.seq DESC LIMIT ?")) {
            ps.setString(1, tenant);
            ps.setString(2, path);
            ps.setLong(3, before);
            ps.setInt(4, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(VersionRows.version(rs));
                }
            }
        }
        return out;
    }

    /**
     * A version is visible at R when it was written at or below R and not yet superseded at R. The
     * prefix matches whole segments through a range on the path (SQLite: the path index; PostgreSQL:
     * the primary key, byte order, COLLATE "C"): {@code _} and {@code %} are ordinary characters
     * here, unlike in LIKE.
     */
    public static List<EntryVersion> entriesAt(Connection c, String tenant, String prefix, long revision)
            throws SQLException {
        return entriesAt(c, "versions", tenant, prefix, revision);
    }

    /** {@link #entriesAt(Connection, String, String, long)} from another versions table. */
    public static List<EntryVersion> entriesAt(Connection c, String table, String tenant, String prefix, long revision)
            throws SQLException {
        String where = prefix.isEmpty() ? "" : " AND v.path >= ? AND v.path < ? AND (v.path = ? OR v.path > ?)";
        List<EntryVersion> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT " + VersionRows.VERSION_COLUMNS + " FROM " + table + " v"
                + " WHERE v.tenant = ?" + where
                + " AND v.revision <= ? AND (v.superseded IS NULL OR v.superseded > ?) AND v.value IS NOT NULL"
                + " ORDER BY v.path, v.env, v.service")) {
            int i = 1;
            ps.setString(i++, tenant);
            if (!prefix.isEmpty()) {
                ps.setString(i++, prefix); // the prefix itself ...
                ps.setString(i++, prefix + '0'); // ... up to everything below it ('0' follows '/')
                ps.setString(i++, prefix);
                ps.setString(i++, prefix + '/'); // but not siblings like prefix-x or prefix.x
            }
            ps.setLong(i++, revision);
            ps.setLong(i, revision);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(VersionRows.version(rs));
                }
            }
        }
        return out;
    }

    private static CommitInfo info(ResultSet rs) throws SQLException {
        return new CommitInfo(
                rs.getLong("revision"),
                Instant.ofEpochMilli(rs.getLong("time_ms")),
                rs.getString("author"),
                rs.getString("message"));
    }
}
