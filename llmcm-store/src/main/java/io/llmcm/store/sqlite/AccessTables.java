package io.llmcm.store.sqlite;

import static io.llmcm.store.jdbc.JdbcSql.update;

import io.llmcm.core.auth.ApiKey;
import io.llmcm.core.auth.Binding;
import io.llmcm.core.auth.Role;
import io.llmcm.core.model.Mutation;
import io.llmcm.store.jdbc.CatalogWrites;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;

/** The current roles, bindings and API keys (V3), kept in step with the log like the other catalog tables. */
final class AccessTables {
    private AccessTables() {}

    /** Applies one access-control mutation inside the append transaction. */
    static void apply(Connection c, Mutation m) throws SQLException {
        switch (m) {
            case Mutation.PutRole(Role r) -> CatalogWrites.putRole(c, r);
            case Mutation.DeleteRole(String tenant, String name) -> CatalogWrites.deleteNamed(c, "roles", tenant, name);
            case Mutation.PutBinding(Binding b) -> update(c,
                    "INSERT INTO bindings(tenant, id, subject, role, include_children, path_prefix, env, condition)"
                            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(tenant, id) DO UPDATE SET subject = excluded.subject,"
                            + " role = excluded.role, include_children = excluded.include_children,"
                            + " path_prefix = excluded.path_prefix, env = excluded.env, condition = excluded.condition",
                    b.tenant(), b.id(), b.subject(), b.role(), b.scope().includeChildTenants() ? 1 : 0,
                    b.scope().pathPrefix(), b.scope().env(), b.condition());
            case Mutation.DeleteBinding(String tenant, String id) -> CatalogWrites.deleteBinding(c, tenant, id);
            case Mutation.PutApiKey(ApiKey k) -> CatalogWrites.putApiKey(c, k);
            case Mutation.RevokeApiKey(String tenant, String id, Instant at) -> CatalogWrites.revokeApiKey(c, tenant, id, at);
            default -> throw new IllegalArgumentException("not an access-control mutation: " + m.getClass().getSimpleName());
        }
    }
}
