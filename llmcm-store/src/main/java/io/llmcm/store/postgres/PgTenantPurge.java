package io.llmcm.store.postgres;

import io.llmcm.core.model.Mutation;
import io.llmcm.store.jdbc.CatalogColumn;
import io.llmcm.store.jdbc.TenantData;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What a {@link Mutation.DeleteTenant} does inside the append transaction on PostgreSQL: every row
 * holding the tenant's data goes, and its mutations are cut out of older commits' catalog column,
 * as on SQLite. Unlike SQLite's secure delete, PostgreSQL leaves deleted rows as dead tuples until
 * VACUUM reuses their space, and in its WAL: see {@link PostgresStore} for what is shredded.
 */
final class PgTenantPurge {
    private PgTenantPurge() {}

    static void purge(Connection c, String tenant) throws SQLException {
        TenantData.deleteRows(c, tenant);
        stripCatalogs(c, tenant);
    }

    private static void stripCatalogs(Connection c, String tenant) throws SQLException {
        // every mutation that belongs to a tenant names it in "tenant": the json column finds the
        // commits that may hold one, decoding decides
        List<Object[]> rewritten = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT revision, catalog FROM commits WHERE catalog IS NOT NULL"
                + " AND EXISTS (SELECT 1 FROM json_array_elements(catalog) m WHERE m->>'tenant' = ?)")) {
            ps.setString(1, tenant);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    List<Map.Entry<Integer, Mutation>> catalog = CatalogColumn.decode(PgCatalog.bytes(rs.getString(2)));
                    if (catalog.removeIf(p -> io.llmcm.core.store.TenantPurgeRule.belongsTo(p.getValue(), tenant))) {
                        rewritten.add(new Object[] {rs.getLong(1), PgCatalog.text(CatalogColumn.encode(catalog))});
                    }
                }
            }
        }
        if (rewritten.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("UPDATE commits SET catalog = CAST(? AS json) WHERE revision = ?")) {
            for (Object[] r : rewritten) {
                if (r[1] == null) {
                    ps.setNull(1, Types.VARCHAR);
                } else {
                    ps.setString(1, (String) r[1]);
                }
                ps.setLong(2, (Long) r[0]);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }
}
