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
import io.llmcm.store.jdbc.CatalogWrites;
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
            case Mutation.PutTenant(Tenant t) -> CatalogWrites.putTenant(c, t);
            case Mutation.SetTenantState(String tenant, TenantState state) -> CatalogWrites.setTenantState(c, tenant, state);
            case Mutation.SetTenantQuota(String tenant, TenantQuota q) -> CatalogWrites.setTenantQuota(c, tenant, q);
            case Mutation.PutEnvironment(Environment e) -> CatalogWrites.putEnvironment(c, e);
            case Mutation.PutTag(Tag t) -> CatalogWrites.putTag(c, t);
            case Mutation.DeleteTag(String tenant, String name) -> CatalogWrites.deleteNamed(c, "tags", tenant, name);
            case Mutation.PutSchema(SchemaBinding s) -> update(c,
                    "INSERT INTO schemas(tenant, name, binding) VALUES (?, ?, ?)"
                            + " ON CONFLICT(tenant, name) DO UPDATE SET binding = excluded.binding",
                    s.tenant(), s.name(), MutationCodec.encodeSchema(s));
            case Mutation.DeleteSchema(String tenant, String name) -> CatalogWrites.deleteNamed(c, "schemas", tenant, name);
            case Mutation.PutRollbackRule(RollbackRule r) -> update(c,
                    "INSERT INTO rollback_rules(tenant, name, rule) VALUES (?, ?, ?)"
                            + " ON CONFLICT(tenant, name) DO UPDATE SET rule = excluded.rule",
                    r.tenant(), r.name(), MutationCodec.encodeRollbackRule(r));
            case Mutation.DeleteRollbackRule(String tenant, String name) ->
                CatalogWrites.deleteNamed(c, "rollback_rules", tenant, name);
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
