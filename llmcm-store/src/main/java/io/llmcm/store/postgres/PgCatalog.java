package io.llmcm.store.postgres;

import static io.llmcm.store.jdbc.CatalogQueries.millis;
import static io.llmcm.store.jdbc.JdbcSql.update;

import io.llmcm.core.auth.ApiKey;
import io.llmcm.core.auth.Binding;
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
import java.sql.SQLException;
import java.time.Instant;
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

    /** JSON bytes (UTF-8) as the text a json column takes; a json column keeps it verbatim. */
    static String text(byte[] json) {
        return json == null ? null : new String(json, StandardCharsets.UTF_8);
    }

    static byte[] bytes(String json) {
        return json == null ? null : json.getBytes(StandardCharsets.UTF_8);
    }

}
