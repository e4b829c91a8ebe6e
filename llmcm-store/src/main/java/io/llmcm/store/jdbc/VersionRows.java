package io.llmcm.store.jdbc;

import io.llmcm.core.model.ContentType;
import io.llmcm.core.model.EntryKey;
import io.llmcm.core.model.EntryVersion;
import io.llmcm.core.model.Layer;
import io.llmcm.core.model.Mutation;
import io.llmcm.core.model.Value;
import java.sql.ResultSet;
import java.sql.SQLException;

/** Maps rows of the {@code versions} table (the same columns in both stores) back to model records. */
public final class VersionRows {
    /** The columns {@link #version} reads, qualified so they also work in joins. */
    public static final String VERSION_COLUMNS =
            "v.tenant, v.path, v.env, v.service, v.revision, v.seq, v.content_type, v.replaces, v.value";

    private VersionRows() {}

    public static EntryVersion version(ResultSet rs) throws SQLException {
        return new EntryVersion(key(rs), rs.getLong("revision"), value(rs), rs.getBoolean("replaces"));
    }

    /** The mutation that wrote this version: a put, or a delete for a tombstone. */
    public static Mutation mutation(ResultSet rs) throws SQLException {
        Value value = value(rs);
        return value == null
                ? new Mutation.DeleteEntry(key(rs))
                : new Mutation.PutEntry(key(rs), value, rs.getBoolean("replaces"));
    }

    private static EntryKey key(ResultSet rs) throws SQLException {
        return new EntryKey(
                rs.getString("tenant"), rs.getString("path"), Layer.of(rs.getString("env"), rs.getString("service")));
    }

    private static Value value(ResultSet rs) throws SQLException {
        byte[] bytes = rs.getBytes("value");
        return bytes == null ? null : Value.fromStore(ContentType.fromId(rs.getString("content_type")), bytes);
    }
}
