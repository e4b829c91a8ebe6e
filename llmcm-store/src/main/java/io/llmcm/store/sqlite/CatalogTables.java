package io.llmcm.store.sqlite;

import static io.llmcm.store.jdbc.JdbcSql.update;

import io.llmcm.core.model.Environment;
import io.llmcm.core.model.Mutation;
import io.llmcm.core.model.RollbackRule;
import io.llmcm.core.model.SchemaBinding;
import io.llmcm.core.model.Tag;
import io.llmcm.core.model.Tenant;
import io.llmcm.core.model.TenantQuota;
import io.llmcm.core.model.TenantState;
import io.llmcm.core.store.MutationCodec;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * The current catalog state (tenants with their states and quotas, environments, tags, schemas,
 * rollback rules;
 * roles, bindings and keys through {@link AccessTables}), kept in step with the log.
 */
final class CatalogTables {
    private CatalogTables() {}

    /** Applies one catalog mutation inside the append transaction. */
    static void apply(Connection c, Mutation m) throws SQLException {
        switch (m) {
            case Mutation.PutTenant(Tenant t) -> update(c,
                    "INSERT INTO tenants(name, parent) VALUES (?, ?) ON CONFLICT(name) DO UPDATE SET parent = excluded.parent",
                    t.name(), t.parent());
            // a tenant that does not exist has no row to update: the change is dropped, as the
            // store contract says
            case Mutation.SetTenantState(String tenant, TenantState state) ->
                update(c, "UPDATE tenants SET state = ? WHERE name = ?", state.id(), tenant);
            case Mutation.SetTenantQuota(String tenant, TenantQuota q) -> update(c,
                    "UPDATE tenants SET max_keys = ?, max_bytes = ?, requests_per_second = ?, max_watches = ? WHERE name = ?",
                    q.maxKeys(), q.maxBytes(), q.requestsPerSecond(), q.maxWatches(), tenant);
            case Mutation.PutEnvironment(Environment e) -> update(c,
                    "INSERT INTO environments(name, parent) VALUES (?, ?) ON CONFLICT(name) DO UPDATE SET parent = excluded.parent",
                    e.name(), e.parent());
            case Mutation.PutTag(Tag t) -> update(c,
                    "INSERT INTO tags(tenant, name, revision) VALUES (?, ?, ?)"
                            + " ON CONFLICT(tenant, name) DO UPDATE SET revision = excluded.revision",
                    t.tenant(), t.name(), t.revision());
            case Mutation.DeleteTag(String tenant, String name) ->
                update(c, "DELETE FROM tags WHERE tenant = ? AND name = ?", tenant, name);
            case Mutation.PutSchema(SchemaBinding s) -> update(c,
                    "INSERT INTO schemas(tenant, name, binding) VALUES (?, ?, ?)"
                            + " ON CONFLICT(tenant, name) DO UPDATE SET binding = excluded.binding",
                    s.tenant(), s.name(), MutationCodec.encodeSchema(s));
            case Mutation.DeleteSchema(String tenant, String name) ->
                update(c, "DELETE FROM schemas WHERE tenant = ? AND name = ?", tenant, name);
            case Mutation.PutRollbackRule(RollbackRule r) -> update(c,
                    "INSERT INTO rollback_rules(tenant, name, rule) VALUES (?, ?, ?)"
                            + " ON CONFLICT(tenant, name) DO UPDATE SET rule = excluded.rule",
                    r.tenant(), r.name(), MutationCodec.encodeRollbackRule(r));
            case Mutation.DeleteRollbackRule(String tenant, String name) ->
                update(c, "DELETE FROM rollback_rules WHERE tenant = ? AND name = ?", tenant, name);
            case Mutation.PutRole r -> AccessTables.apply(c, r);
            case Mutation.DeleteRole r -> AccessTables.apply(c, r);
            case Mutation.PutBinding b -> AccessTables.apply(c, b);
            case Mutation.DeleteBinding b -> AccessTables.apply(c, b);
            case Mutation.PutApiKey k -> AccessTables.apply(c, k);
            case Mutation.RevokeApiKey k -> AccessTables.apply(c, k);
            case Mutation.DeleteTenant d -> throw new IllegalArgumentException("a tenant's deletion is a purge (TenantPurge)");
            case Mutation.PutEntry p -> throw new IllegalArgumentException("entry mutations are not catalog state");
            case Mutation.DeleteEntry d -> throw new IllegalArgumentException("entry mutations are not catalog state");
        }
    }
}
