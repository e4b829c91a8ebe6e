package io.llmcm.store.jdbc;

import io.llmcm.core.auth.ApiKey;
import io.llmcm.core.auth.Binding;
import io.llmcm.core.auth.BindingScope;
import io.llmcm.core.auth.Grant;
import io.llmcm.core.auth.Role;
import io.llmcm.core.model.Environment;
import io.llmcm.core.model.RollbackRule;
import io.llmcm.core.model.SchemaBinding;
import io.llmcm.core.model.Tag;
import io.llmcm.core.model.Tenant;
import io.llmcm.core.model.TenantQuota;
import io.llmcm.core.model.TenantState;
import io.llmcm.core.store.MutationCodec;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The reads of the current catalog state (tenants with states and quotas, environments, tags,
 * schemas, rollback rules, roles, bindings, API keys) that are the same SQL in both stores. The
 * dialect differences stay with the caller: the column that gives creation order ({@code rowid} on
 * SQLite, {@code id} on PostgreSQL) and how a JSON column comes back ({@link JsonColumn}).
 */
public final class CatalogQueries {
    private CatalogQueries() {}

    /** Reads a JSON column (UTF-8 bytes) of the current row. */
    @FunctionalInterface
    public interface JsonColumn {
        byte[] read(ResultSet rs, int column) throws SQLException;
    }

    /** Tenants in creation order, so parents come before their children. */
    public static List<Tenant> tenants(Connection c, String creationOrder) throws SQLException {
        List<Tenant> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT name, parent, isolation FROM tenants ORDER BY " + creationOrder);
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new Tenant(rs.getString(1), rs.getString(2), io.llmcm.core.model.TenantIsolation.parse(rs.getString(3))));
            }
        }
        return out;
    }

    /** The names of the tenants whose data lives in storage of their own, sorted. */
    public static List<String> dedicatedTenants(Connection c) throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT name FROM tenants WHERE isolation = 'dedicated' ORDER BY name");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    /** tenant → state, for every tenant that is not active. */
    public static Map<String, TenantState> tenantStates(Connection c) throws SQLException {
        Map<String, TenantState> out = new TreeMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT name, state FROM tenants WHERE state <> 'active'");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.put(rs.getString(1), TenantState.parse(rs.getString(2)));
            }
        }
        return out;
    }

    /** tenant → quota, for every tenant that has a limit. */
    public static Map<String, TenantQuota> tenantQuotas(Connection c) throws SQLException {
        Map<String, TenantQuota> out = new TreeMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT name, max_keys, max_bytes, requests_per_second, max_watches"
                        + " FROM tenants WHERE max_keys <> 0 OR max_bytes <> 0 OR requests_per_second <> 0 OR max_watches <> 0");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.put(rs.getString(1), new TenantQuota(rs.getLong(2), rs.getLong(3), rs.getDouble(4), rs.getInt(5)));
            }
        }
        return out;
    }

    /** Environments in creation order, so parents come before their children. */
    public static List<Environment> environments(Connection c, String creationOrder) throws SQLException {
        List<Environment> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT name, parent FROM environments ORDER BY " + creationOrder);
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new Environment(rs.getString(1), rs.getString(2)));
            }
        }
        return out;
    }

    public static List<Tag> tags(Connection c) throws SQLException {
        List<Tag> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT tenant, name, revision FROM tags ORDER BY tenant, name");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new Tag(rs.getString(1), rs.getString(2), rs.getLong(3)));
            }
        }
        return out;
    }

    public static List<SchemaBinding> schemas(Connection c, JsonColumn json) throws SQLException {
        List<SchemaBinding> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT binding FROM schemas ORDER BY tenant, name");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(MutationCodec.decodeSchema(json.read(rs, 1)));
            }
        }
        return out;
    }

    public static List<RollbackRule> rollbackRules(Connection c, JsonColumn json) throws SQLException {
        List<RollbackRule> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT rule FROM rollback_rules ORDER BY tenant, name");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(MutationCodec.decodeRollbackRule(json.read(rs, 1)));
            }
        }
        return out;
    }

    public static List<Role> roles(Connection c) throws SQLException {
        List<Role> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT tenant, name, grants FROM roles ORDER BY tenant, name");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                Set<Grant> grants = new TreeSet<>();
                for (String g : rs.getString(3).split(",")) {
                    grants.add(Grant.parse(g));
                }
                out.add(new Role(rs.getString(1), rs.getString(2), grants));
            }
        }
        return out;
    }

    /**
     * {@code include_children} is a boolean on PostgreSQL and 0/1 on SQLite; {@code getBoolean}
     * reads both (the SQLite driver answers {@code getInt(column) != 0}).
     */
    public static List<Binding> bindings(Connection c) throws SQLException {
        List<Binding> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT tenant, id, subject, role, include_children, path_prefix, env, condition"
                        + " FROM bindings ORDER BY tenant, id");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new Binding(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        new BindingScope(rs.getBoolean(5), rs.getString(6), rs.getString(7)), rs.getString(8)));
            }
        }
        return out;
    }

    public static List<ApiKey> apiKeys(Connection c) throws SQLException {
        List<ApiKey> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(
                        "SELECT tenant, id, name, hash, created_ms, expires_ms, revoked_ms FROM api_keys ORDER BY id");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new ApiKey(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        Instant.ofEpochMilli(rs.getLong(5)), instant(rs, 6), instant(rs, 7)));
            }
        }
        return out;
    }

    /** Epoch milliseconds or null, as the {@code *_ms} columns hold an optional instant. */
    public static Long millis(Instant t) {
        return t == null ? null : t.toEpochMilli();
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        long ms = rs.getLong(column);
        return rs.wasNull() ? null : Instant.ofEpochMilli(ms);
    }
}
