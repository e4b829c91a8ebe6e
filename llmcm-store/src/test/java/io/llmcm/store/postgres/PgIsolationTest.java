package io.llmcm.store.postgres;

import static io.llmcm.core.store.StoreFixtures.commit;
import static org.assertj.core.api.Assertions.assertThat;

import io.llmcm.core.model.Mutation;
import io.llmcm.core.store.Store;
import io.llmcm.core.store.StoreIsolationTest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Hard isolation on PostgreSQL: the contract suite, then where the rows are (the tenant's own
 * schema, never the store's tables) and the schema's removal with the tenant. Every test works in
 * a schema of its own, dropped after it with its tenants' schemas.
 */
class PgIsolationTest extends StoreIsolationTest {
    private final String schema = PgTestDatabase.newSchema();

    @Override
    protected Store open(Path dir) {
        return PostgresStore.open(PgTestDatabase.url(schema));
    }

    @AfterEach
    void dropSchemas() {
        store.close();
        PgTestDatabase.drop(schema);
        assertThat(PgTestDatabase.tenantSchemas(schema)).isEmpty();
    }

    private String acmeSchema() {
        return PgTenantSchemas.name(schema, "acme");
    }

    private static boolean schemaExists(String name) throws SQLException {
        try (Connection c = PgTestDatabase.connect();
                PreparedStatement ps = c.prepareStatement("SELECT 1 FROM pg_namespace WHERE nspname = ?")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** How many rows of a table in a schema hold these bytes (in any bytea column given). */
    private static long rowsHolding(String schemaName, String table, String column, byte[] needle) throws SQLException {
        try (Connection c = PgTestDatabase.connect();
                PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM \"" + schemaName + "\"." + table
                        + " WHERE position(?::bytea in " + column + ") > 0")) {
            ps.setBytes(1, needle);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static long count(String sql) throws SQLException {
        try (Connection c = PgTestDatabase.connect();
                PreparedStatement ps = c.prepareStatement(sql);
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void aDedicatedTenantsRowsAreInItsOwnSchemaOnly() throws SQLException {
        threeTenants();
        byte[] keyring = "acme-keyring-bytes".getBytes(StandardCharsets.UTF_8);
        store.putKeyring("acme", keyring);
        byte[] value = "acme-three".getBytes(StandardCharsets.UTF_8);
        byte[] secret = "llmcm-sealed-acme-ciphertext".getBytes(StandardCharsets.UTF_8);

        assertThat(schemaExists(acmeSchema())).isTrue();
        assertThat(rowsHolding(acmeSchema(), "versions", "value", value)).isEqualTo(1);
        assertThat(rowsHolding(acmeSchema(), "versions", "value", secret)).isEqualTo(1);
        assertThat(rowsHolding(acmeSchema(), "keyrings", "wrapped", keyring)).isEqualTo(1);
        assertThat(rowsHolding(schema, "versions", "value", value)).isZero();
        assertThat(rowsHolding(schema, "versions", "value", secret)).isZero();
        assertThat(rowsHolding(schema, "keyrings", "wrapped", keyring)).isZero();
        assertThat(count("SELECT count(*) FROM \"" + schema + "\".versions WHERE tenant = 'acme'")).isZero();
        assertThat(count("SELECT count(*) FROM \"" + schema + "\".versions WHERE tenant = 'beta'")).isEqualTo(2);
        assertThat(count("SELECT count(*) FROM \"" + schema + "\".tenants WHERE name = 'acme' AND isolation = 'dedicated'"))
                .isEqualTo(1);
    }

    @Test
    void deletingADedicatedTenantDropsItsSchemaInTheSameTransaction() throws SQLException {
        threeTenants();
        store.putKeyring("acme", new byte[] {1, 2, 3});

        store.append(List.of(commit(4, new Mutation.DeleteTenant("acme"))));

        assertThat(schemaExists(acmeSchema())).isFalse();
        store.append(List.of(commit(5, dedicated("acme"))));
        assertThat(schemaExists(acmeSchema())).isTrue();
        assertThat(count("SELECT count(*) FROM \"" + acmeSchema() + "\".versions")).isZero();
    }

    /** A commit that fails rolls the schema's creation back with it: no schema without its tenant. */
    @Test
    void aRefusedCreationLeavesNoSchema() throws SQLException {
        threeTenants();
        // gamma's schema is created, then delta's creation fails (a schema of that name is in the
        // way, made here by hand): the batch rolls back whole
        PgTestDatabase.exec("CREATE SCHEMA \"" + PgTenantSchemas.name(schema, "delta") + '"');
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> store.append(List.of(commit(4, dedicated("gamma")), commit(5, dedicated("delta")))))
                .isInstanceOf(io.llmcm.core.StoreException.class);
        assertThat(schemaExists(PgTenantSchemas.name(schema, "gamma"))).isFalse();
        assertThat(store.lastRevision()).isEqualTo(3);
        store.append(List.of(commit(4, dedicated("gamma"))));
        assertThat(schemaExists(PgTenantSchemas.name(schema, "gamma"))).isTrue();
    }

    @Test
    void aLongNameIsHashedToFitAnIdentifier() {
        String tenant = "t".repeat(60);
        String name = PgTenantSchemas.name(schema, tenant);
        assertThat(name.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(63);
        assertThat(name).startsWith(schema.substring(0, 20) + "_t_").isNotEqualTo(PgTenantSchemas.name(schema, "t".repeat(61)));
        assertThat(PgTenantSchemas.name(schema, "acme")).isEqualTo(schema + "_t_acme");
    }
}
