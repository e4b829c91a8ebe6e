package io.llmcm.store.jdbc;

import static io.llmcm.store.jdbc.CatalogQueries.millis;
import static io.llmcm.store.jdbc.JdbcSql.update;

import io.llmcm.core.auth.ApiKey;
import io.llmcm.core.auth.Grant;
import io.llmcm.core.auth.Role;
import io.llmcm.core.model.Environment;
import io.llmcm.core.model.Tag;
import io.llmcm.core.model.Tenant;
import io.llmcm.core.model.TenantQuota;
import io.llmcm.core.model.TenantState;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.stream.Collectors;

/**
 * The catalog writes that are the same SQL in both stores, applied inside the append transaction.
 * The ones that differ by dialect (schemas and rollback rules: a json column on PostgreSQL;
 * bindings: a boolean against 0/1) stay in each store's own {@code apply}.
 */
public final class CatalogWrites {
    private CatalogWrites() {}

    public static void putTenant(Connection c, Tenant t) throws SQLException {
        update(c, "INSERT INTO tenants(name, parent, isolation) VALUES (?, ?, ?)"
                        + " ON CONFLICT (name) DO UPDATE SET parent = excluded.parent, isolation = excluded.isolation",
                t.name(), t.parent(), t.isolation().id());
    }

    /** A tenant that does not exist has no row to update: the change is dropped, as the store contract says. */
    public static void setTenantState(Connection c, String tenant, TenantState state) throws SQLException {
        update(c, "UPDATE tenants SET state = ? WHERE name = ?", state.id(), tenant);
    }

    /** Like {@link #setTenantState}, dropped for a tenant that does not exist. */
    public static void setTenantQuota(Connection c, String tenant, TenantQuota q) throws SQLException {
        update(c, "UPDATE tenants SET max_keys = ?, max_bytes = ?, requests_per_second = ?, max_watches = ? WHERE name = ?",
                q.maxKeys(), q.maxBytes(), q.requestsPerSecond(), q.maxWatches(), tenant);
    }

    public static void putEnvironment(Connection c, Environment e) throws SQLException {
        update(c, "INSERT INTO environments(name, parent) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET parent = excluded.parent",
                e.name(), e.parent());
    }

    public static void putTag(Connection c, Tag t) throws SQLException {
        update(c, "INSERT INTO tags(tenant, name, revision) VALUES (?, ?, ?)"
                        + " ON CONFLICT (tenant, name) DO UPDATE SET revision = excluded.revision",
                t.tenant(), t.name(), t.revision());
    }

    /** Deletes the row {@code tenant, name} of tags, schemas, rollback_rules or roles. */
    public static void deleteNamed(Connection c, String table, String tenant, String name) throws SQLException {
        update(c, "DELETE FROM " + table + " WHERE tenant = ? AND name = ?", tenant, name);
    }

    public static void putRole(Connection c, Role r) throws SQLException {
        update(c, "INSERT INTO roles(tenant, name, grants) VALUES (?, ?, ?)"
                        + " ON CONFLICT (tenant, name) DO UPDATE SET grants = excluded.grants",
                r.tenant(), r.name(), r.grants().stream().map(Grant::toString).collect(Collectors.joining(",")));
    }

    public static void deleteBinding(Connection c, String tenant, String id) throws SQLException {
        update(c, "DELETE FROM bindings WHERE tenant = ? AND id = ?", tenant, id);
    }

    public static void putApiKey(Connection c, ApiKey k) throws SQLException {
        update(c, "INSERT INTO api_keys(id, tenant, name, hash, created_ms, expires_ms, revoked_ms) VALUES (?, ?, ?, ?, ?, ?, ?)"
                        + " ON CONFLICT (id) DO UPDATE SET tenant = excluded.tenant, name = excluded.name, hash = excluded.hash,"
                        + " created_ms = excluded.created_ms, expires_ms = excluded.expires_ms, revoked_ms = excluded.revoked_ms",
                k.id(), k.tenant(), k.name(), k.hash(), k.created().toEpochMilli(), millis(k.expires()), millis(k.revoked()));
    }

    public static void revokeApiKey(Connection c, String tenant, String id, Instant at) throws SQLException {
        update(c, "UPDATE api_keys SET revoked_ms = ? WHERE id = ? AND tenant = ?", at.toEpochMilli(), id, tenant);
    }
}
