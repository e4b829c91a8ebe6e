package io.llmcm.store.jdbc;

import io.llmcm.core.model.Mutation;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * A tenant's data in both stores: which mutations carry it, so that its deletion takes them out of
 * older commits, and the rows that hold it.
 */
public final class TenantData {
    private TenantData() {}

    /**
     * True for the mutations that carry the tenant's data and go with it. Its own creation stays
     * in the log, so that a reader replaying the log sees it created, then deleted.
     */
    public static boolean belongsTo(Mutation m, String tenant) {
        return switch (m) {
            case Mutation.PutEntry p -> p.key().tenant().equals(tenant);
            case Mutation.DeleteEntry d -> d.key().tenant().equals(tenant);
            case Mutation.PutTag p -> p.tag().tenant().equals(tenant);
            case Mutation.DeleteTag d -> d.tenant().equals(tenant);
            case Mutation.PutSchema p -> p.schema().tenant().equals(tenant);
            case Mutation.DeleteSchema d -> d.tenant().equals(tenant);
            case Mutation.PutRollbackRule p -> p.rule().tenant().equals(tenant);
            case Mutation.DeleteRollbackRule d -> d.tenant().equals(tenant);
            case Mutation.PutRole p -> p.role().tenant().equals(tenant);
            case Mutation.DeleteRole d -> d.tenant().equals(tenant);
            case Mutation.PutBinding p -> p.binding().tenant().equals(tenant);
            case Mutation.DeleteBinding d -> d.tenant().equals(tenant);
            case Mutation.PutApiKey p -> p.key().tenant().equals(tenant);
            case Mutation.RevokeApiKey r -> r.tenant().equals(tenant);
            case Mutation.SetTenantState s -> s.tenant().equals(tenant);
            case Mutation.SetTenantQuota q -> q.tenant().equals(tenant);
            case Mutation.PutTenant p -> false;
            case Mutation.DeleteTenant d -> false;
            case Mutation.PutEnvironment p -> false;
        };
    }

    /**
     * Deletes every row that holds the tenant's data (versions, tags, schemas, rollback rules,
     * roles, bindings, API keys, the tenant itself with its state and quota, leases, keyring), in
     * the caller's transaction. Cutting its mutations out of older commits' catalog column is the
     * store's own (the column's type and the query that finds them differ).
     */
    public static void deleteRows(Connection c, String tenant) throws SQLException {
        for (String sql : List.of(
                "DELETE FROM versions WHERE tenant = ?",
                "DELETE FROM tags WHERE tenant = ?",
                "DELETE FROM schemas WHERE tenant = ?",
                "DELETE FROM rollback_rules WHERE tenant = ?",
                "DELETE FROM roles WHERE tenant = ?",
                "DELETE FROM bindings WHERE tenant = ?",
                "DELETE FROM api_keys WHERE tenant = ?",
                "DELETE FROM tenants WHERE name = ?")) {
            JdbcSql.update(c, sql, tenant);
        }
        LeaseTable.deleteTenant(c, tenant);
        KeyringTable.delete(c, tenant);
    }
}
