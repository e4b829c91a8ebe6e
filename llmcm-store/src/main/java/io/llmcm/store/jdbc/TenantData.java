package io.llmcm.store.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * The rows that hold a tenant's data in both stores. Which mutations of older commits go with it
 * is the Store contract's rule, {@link io.llmcm.core.store.TenantPurgeRule}.
 */
public final class TenantData {
    private TenantData() {}

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
