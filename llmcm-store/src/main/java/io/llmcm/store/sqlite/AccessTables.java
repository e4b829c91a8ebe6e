package io.llmcm.store.sqlite;

import static io.llmcm.store.jdbc.CatalogQueries.millis;
import static io.llmcm.store.jdbc.JdbcSql.update;

import io.llmcm.core.auth.ApiKey;
import io.llmcm.core.auth.Binding;
import io.llmcm.core.auth.Grant;
import io.llmcm.core.auth.Role;
import io.llmcm.core.model.Mutation;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;

/** The current roles, bindings and API keys (V3), kept in step with the log like the other catalog tables. */
final class AccessTables {
    private AccessTables() {}

    /** Applies one access-control mutation inside the append transaction. */
    static void apply(Connection c, Mutation m) throws SQLException {
        switch (m) {
            case Mutation.PutRole(Role r) -> update(c,
                    "INSERT INTO roles(tenant, name, grants) VALUES (?, ?, ?)"
                            + " ON CONFLICT(tenant, name) DO UPDATE SET grants = excluded.grants",
                    r.tenant(), r.name(), r.grants().stream().map(Grant::toString).collect(Collectors.joining(",")));
            case Mutation.DeleteRole(String tenant, String name) ->
                update(c, "DELETE FROM roles WHERE tenant = ? AND name = ?", tenant, name);
            case Mutation.PutBinding(Binding b) -> update(c,
                    "INSERT INTO bindings(tenant, id, subject, role, include_children, path_prefix, env, condition)"
                            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(tenant, id) DO UPDATE SET subject = excluded.subject,"
                            + " role = excluded.role, include_children = excluded.include_children,"
                            + " path_prefix = excluded.path_prefix, env = excluded.env, condition = excluded.condition",
                    b.tenant(), b.id(), b.subject(), b.role(), b.scope().includeChildTenants() ? 1 : 0,
                    b.scope().pathPrefix(), b.scope().env(), b.condition());
            case Mutation.DeleteBinding(String tenant, String id) ->
                update(c, "DELETE FROM bindings WHERE tenant = ? AND id = ?", tenant, id);
            case Mutation.PutApiKey(ApiKey k) -> update(c,
                    "INSERT INTO api_keys(id, tenant, name, hash, created_ms, expires_ms, revoked_ms) VALUES (?, ?, ?, ?, ?, ?, ?)"
                            + " ON CONFLICT(id) DO UPDATE SET tenant = excluded.tenant, name = excluded.name, hash = excluded.hash,"
                            + " created_ms = excluded.created_ms, expires_ms = excluded.expires_ms, revoked_ms = excluded.revoked_ms",
                    k.id(), k.tenant(), k.name(), k.hash(), k.created().toEpochMilli(), millis(k.expires()), millis(k.revoked()));
            case Mutation.RevokeApiKey(String tenant, String id, Instant at) ->
                update(c, "UPDATE api_keys SET revoked_ms = ? WHERE id = ? AND tenant = ?", at.toEpochMilli(), id, tenant);
            default -> throw new IllegalArgumentException("not an access-control mutation: " + m.getClass().getSimpleName());
        }
    }
}
