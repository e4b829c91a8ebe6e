package io.llmcm.store.postgres;

import static io.llmcm.store.postgres.PgSql.update;

import io.llmcm.core.auth.ApiKey;
import io.llmcm.core.auth.Binding;
import io.llmcm.core.auth.BindingScope;
import io.llmcm.core.auth.Grant;
import io.llmcm.core.auth.Role;
import io.llmcm.core.model.Environment;
import io.llmcm.core.model.Mutation;
import io.llmcm.core.model.RollbackRule;
import io.llmcm.core.model.SchemaBinding;
import io.llmcm.core.model.Tag;
import io.llmcm.core.model.Tenant;
import io.llmcm.core.model.TenantQuota;
import io.llmcm.core.model.TenantState;
import io.llmcm.core.store.MutationCodec;
import java.nio.charset.StandardCharsets;
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
import java.util.stream.Collectors;

/**
 * The current catalog state (tenants with states and quotas, environments, tags, schemas, rollback
 * rules, roles, bindings, API keys) on PostgreSQL, kept in step with the log inside the append
 * transaction: the same rows as the SQLite store's CatalogTables and AccessTables.
 */
final class PgCatalog {
    private PgCatalog() {}

    static void apply(Connection c, Mutation m) throws SQLException {
        switch (m) {
            case Mutation.PutTenant(Tenant t) -> update(c,
                    "INSERT INTO tenants(name, parent) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET parent = excluded.parent",
                    t.name(), t.parent());
            // a tenant that does not exist has no row to update: the change is dropped, as the store contract says
            case Mutation.SetTenantState(String tenant, TenantState state) ->
                update(c, "UPDATE tenants SET state = ? WHERE name = ?", state.id(), tenant);
            case Mutation.SetTenantQuota(String tenant, TenantQuota q) -> update(c,
                    "UPDATE tenants SET max_keys = ?, max_bytes = ?, requests_per_second = ?, max_watches = ? WHERE name = ?",
                    q.maxKeys(), q.maxBytes(), q.requestsPerSecond(), q.maxWatches(), tenant);
            case Mutation.PutEnvironment(Environment e) -> update(c,
                    "INSERT INTO environments(name, parent) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET parent = excluded.parent",
                    e.name(), e.parent());
            case Mutation.PutTag(Tag t) -> update(c, "INSERT INTO tags(tenant, name, revision) VALUES (?, ?, ?)"
                            + " ON CONFLICT (tenant, name) DO UPDATE SET revision = excluded.revision",
                    t.tenant(), t.name(), t.revision());
            case Mutation.DeleteTag(String tenant, String name) ->
                update(c, "DELETE FROM tags WHERE tenant = ? AND name = ?", tenant, name);
            case Mutation.PutSchema(SchemaBinding s) -> update(c,
                    "INSERT INTO schemas(tenant, name, binding) VALUES (?, ?, CAST(? AS json))"
                            + " ON CONFLICT (tenant, name) DO UPDATE SET binding = excluded.binding",
                    s.tenant(), s.name(), text(MutationCodec.encodeSchema(s)));
            case Mutation.DeleteSchema(String tenant, String name) ->
                update(c, "DELETE FROM schemas WHERE tenant = ? AND name = ?", tenant, name);
            case Mutation.PutRollbackRule(RollbackRule r) -> update(c,
                    "INSERT INTO rollback_rules(tenant, name, rule) VALUES (?, ?, CAST(? AS json))"
                            + " ON CONFLICT (tenant, name) DO UPDATE SET rule = excluded.rule",
                    r.tenant(), r.name(), text(MutationCodec.encodeRollbackRule(r)));
            case Mutation.DeleteRollbackRule(String tenant, String name) ->
                update(c, "DELETE FROM rollback_rules WHERE tenant = ? AND name = ?", tenant, name);
            case Mutation.PutRole(Role r) -> update(c, "INSERT INTO roles(tenant, name, grants) VALUES (?, ?, ?)"
                            + " ON CONFLICT (tenant, name) DO UPDATE SET grants = excluded.grants",
                    r.tenant(), r.name(), r.grants().stream().map(Grant::toString).collect(Collectors.joining(",")));
            case Mutation.DeleteRole(String tenant, String name) ->
                update(c, "DELETE FROM roles WHERE tenant = ? AND name = ?", tenant, name);
            case Mutation.PutBinding(Binding b) -> update(c,
                    "INSERT INTO bindings(tenant, id, subject, role, include_children, path_prefix, env, condition)"
                            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (tenant, id) DO UPDATE SET subject = excluded.subject,"
                            + " role = excluded.role, include_children = excluded.include_children,"
                            + " path_prefix = excluded.path_prefix, env = excluded.env, condition = excluded.condition",
                    b.tenant(), b.id(), b.subject(), b.role(), b.scope().includeChildTenants(),
                    b.scope().pathPrefix(), b.scope().env(), b.condition());
            case Mutation.DeleteBinding(String tenant, String id) ->
                update(c, "DELETE FROM bindings WHERE tenant = ? AND id = ?", tenant, id);
            case Mutation.PutApiKey(ApiKey k) -> update(c,
                    "INSERT INTO api_keys(id, tenant, name, hash, created_ms, expires_ms, revoked_ms) VALUES (?, ?, ?, ?, ?, ?, ?)"
                            + " ON CONFLICT (id) DO UPDATE SET tenant = excluded.tenant, name = excluded.name, hash = excluded.hash,"
                            + " created_ms = excluded.created_ms, expires_ms = excluded.expires_ms, revoked_ms = excluded.revoked_ms",
                    k.id(), k.tenant(), k.name(), k.hash(), k.created().toEpochMilli(), millis(k.expires()), millis(k.revoked()));
            case Mutation.RevokeApiKey(String tenant, String id, Instant at) ->
                update(c, "UPDATE api_keys SET revoked_ms = ? WHERE id = ? AND tenant = ?", at.toEpochMilli(), id, tenant);
            case Mutation.DeleteTenant d -> throw new IllegalArgumentException("a tenant's deletion is a purge (PgTenantPurge)");
            case Mutation.PutEntry p -> throw new IllegalArgumentException("entry mutations are not catalog state");
            case Mutation.DeleteEntry d -> throw new IllegalArgumentException("entry mutations are not catalog state");
        }
    }

    /** Tenants in creation order, so parents come before their children. */
    static List<Tenant> tenants(Connection c) throws SQLException {
        List<Tenant> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT name, parent FROM tenants ORDER BY id");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new Tenant(rs.getString(1), rs.getString(2)));
            }
        }
        return out;
    }

    static Map<String, TenantState> tenantStates(Connection c) throws SQLException {
        Map<String, TenantState> out = new TreeMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT name, state FROM tenants WHERE state <> 'active'");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.put(rs.getString(1), TenantState.parse(rs.getString(2)));
            }
        }
        return out;
    }

    static Map<String, TenantQuota> tenantQuotas(Connection c) throws SQLException {
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

    static List<Environment> environments(Connection c) throws SQLException {
        List<Environment> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT name, parent FROM environments ORDER BY id");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new Environment(rs.getString(1), rs.getString(2)));
            }
        }
        return out;
    }

    static List<Tag> tags(Connection c) throws SQLException {
        List<Tag> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT tenant, name, revision FROM tags ORDER BY tenant, name");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new Tag(rs.getString(1), rs.getString(2), rs.getLong(3)));
            }
        }
        return out;
    }

    static List<SchemaBinding> schemas(Connection c) throws SQLException {
        List<SchemaBinding> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT binding FROM schemas ORDER BY tenant, name");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(MutationCodec.decodeSchema(bytes(rs.getString(1))));
            }
        }
        return out;
    }

    static List<RollbackRule> rollbackRules(Connection c) throws SQLException {
        List<RollbackRule> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT rule FROM rollback_rules ORDER BY tenant, name");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(MutationCodec.decodeRollbackRule(bytes(rs.getString(1))));
            }
        }
        return out;
    }

    static List<Role> roles(Connection c) throws SQLException {
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

    static List<Binding> bindings(Connection c) throws SQLException {
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

    static List<ApiKey> apiKeys(Connection c) throws SQLException {
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

    /** JSON bytes (UTF-8) as the text a json column takes; a json column keeps it verbatim. */
    static String text(byte[] json) {
        return json == null ? null : new String(json, StandardCharsets.UTF_8);
    }

    static byte[] bytes(String json) {
        return json == null ? null : json.getBytes(StandardCharsets.UTF_8);
    }

    private static Long millis(Instant t) {
        return t == null ? null : t.toEpochMilli();
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        long ms = rs.getLong(column);
        return rs.wasNull() ? null : Instant.ofEpochMilli(ms);
    }
}
