package io.llmcm.store.sqlite;

import io.llmcm.core.model.Mutation;
import io.llmcm.store.jdbc.CatalogColumn;
import io.llmcm.store.jdbc.TenantData;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What a {@link Mutation.DeleteTenant} does inside the append transaction: every row that holds
 * data of the tenant goes (versions, tags, schemas, rollback rules, roles, bindings, API keys, leases, keyring, the
 * tenant itself with its state and quota), and the tenant's tag, schema, role, binding, key, state
 * and quota mutations are cut out of older commits' catalog column. With secure delete on, the freed bytes are zeroed; the caller
 * truncates the WAL after the commit.
 */
final class TenantPurge {
    private TenantPurge() {}

    static void purge(Connection c, String tenant) throws SQLException {
        TenantData.deleteRows(c, tenant);
        stripCatalogs(c, tenant);
    }

    /** See {@link io.llmcm.core.store.TenantPurgeRule#belongsTo}. */
    static boolean belongsTo(Mutation m, String tenant) {
        return io.llmcm.core.store.TenantPurgeRule.belongsTo(m, tenant);
    }

    private static void stripCatalogs(Connection c, String tenant) throws SQLException {
        // instr on the raw JSON skips the (many) commits that cannot mention the tenant; decoding decides
        List<Rewrite> rewritten = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT revision, catalog FROM commits WHERE catalog IS NOT NULL AND instr(catalog, ?) > 0")) {
            ps.setBytes(1, tenant.getBytes(StandardCharsets.UTF_8));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    List<Map.Entry<Integer, Mutation>> catalog = CatalogColumn.decode(rs.getBytes(2));
                    if (catalog.removeIf(p -> belongsTo(p.getValue(), tenant))) {
                        rewritten.add(new Rewrite(rs.getLong(1), CatalogColumn.encode(catalog)));
                    }
                }
            }
        }
        try (PreparedStatement ps = c.prepareStatement("UPDATE commits SET catalog = ? WHERE revision = ?")) {
            for (Rewrite r : rewritten) {
                ps.setBytes(1, r.catalog());
                ps.setLong(2, r.revision());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** A commit's catalog column without the tenant's mutations (null when none are left). */
    private record Rewrite(long revision, byte[] catalog) {}
}
