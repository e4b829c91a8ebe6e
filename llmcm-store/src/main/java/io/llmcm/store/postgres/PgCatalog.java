package io.llmcm.store.postgres;

import static io.llmcm.store.jdbc.JdbcSql.update;

import io.llmcm.core.auth.ApiKey;
import io.llmcm.core.auth.Binding;
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
import io.llmcm.store.jdbc.CatalogWrites;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;

/**
 * The current catalog state (tenants with states and quotas, environments, tags, schemas, rollback
 * rules, roles, bindings, API keys) on PostgreSQL, kept in step with the log inside the append
 * transaction: the same rows as the SQLite store's CatalogTables and AccessTables.
 */
final class PgCatalog {
    private PgCatalog() {}

    static void apply(Connection c, Mutation m) throws SQLException {
        switch (m) {
            case Mutation.PutTenant(Tenant t) -> CatalogWrites.putTenant(c, t);
            case Mutation.SetTenantState(String tenant, TenantState state) -> CatalogWrites.setTenantState(c, tenant, state);
            case Mutation.SetTenantQuota(String tenant, TenantQuota q) -> CatalogWrites.setTenantQuota(c, tenant, q);
            case Mutation.PutEnvironment(Environment e) -> CatalogWrites.putEnvironment(c, e);
            case Mutation.PutTag(Tag t) -> CatalogWrites.putTag(c, t);
            case Mutation.DeleteTag(String tenant, String name) -> CatalogWrites.deleteNamed(c, "tags", tenant, name);
            case Mutation.PutSchema(SchemaBinding s) -> update(c,
                    "INSERT INTO schemas(tenant, name, binding) VALUES (?, ?, CAST(? AS json))"
                            + " ON CONFLICT (tenant, name) DO UPDATE SET binding = excluded.binding",
                    s.tenant(), s.name(), text(MutationCodec.encodeSchema(s)));
            case Mutation.DeleteSchema(String tenant, String name) -> CatalogWrites.deleteNamed(c, "schemas", tenant, name);
            case Mutation.PutRollbackRule(RollbackRule r) -> update(c,
                    "INSERT INTO rollback_rules(tenant, name, rule) VALUES (?, ?, CAST(? AS json))"
                            + " ON CONFLICT (tenant, name) DO UPDATE SET rule = excluded.rule",
                    r.tenant(), r.name(), text(MutationCodec.encodeRollbackRule(r)));
            case Mutation.DeleteRollbackRule(String tenant, String name) ->
                CatalogWrites.deleteNamed(c, "rollback_rules", tenant, name);
            case Mutation.PutRole(Role r) -> CatalogWrites.putRole(c, r);
            case Mutation.DeleteRole(String tenant, String name) -> CatalogWrites.deleteNamed(c, "roles", tenant, name);
            case Mutation.PutBinding(Binding b) -> update(c,
                    "INSERT INTO bindings(tenant, id, subject, role, include_children, path_prefix, env, condition)"
                            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (tenant, id) DO UPDATE SET subject = excluded.subject,"
                            + " role = excluded.role, include_children = excluded.include_children,"
                            + " path_prefix = excluded.path_prefix, env = excluded.env, condition = excluded.condition",
                    b.tenant(), b.id(), b.subject(), b.role(), b.scope().includeChildTenants(),
                    b.scope().pathPrefix(), b.scope().env(), b.condition());
            case Mutation.DeleteBinding(String tenant, String id) -> CatalogWrites.deleteBinding(c, tenant, id);
            case Mutation.PutApiKey(ApiKey k) -> CatalogWrites.putApiKey(c, k);
            case Mutation.RevokeApiKey(String tenant, String id, Instant at) -> CatalogWrites.revokeApiKey(c, tenant, id, at);
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
