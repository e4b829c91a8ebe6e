package io.llmcm.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmcm.core.ConflictException;
import io.llmcm.core.QuotaExceededException;
import io.llmcm.core.json.Json;
import io.llmcm.core.model.EntryKey;
import io.llmcm.core.model.Layer;
import io.llmcm.core.model.Mutation;
import io.llmcm.core.model.Tenant;
import io.llmcm.core.model.TenantQuota;
import io.llmcm.core.model.TenantState;
import io.llmcm.core.model.TenantUsage;
import io.llmcm.core.model.Value;
import io.llmcm.core.repo.ChangeRequest;
import io.llmcm.core.repo.Repository;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tenant states, quotas and usage counters on the embedded store, across reopening and upgrading. */
class SqliteTenantLifecycleTest {
    @TempDir
    Path tmp;

    private Repository open() {
        return Repository.open(SqliteStore.open(tmp, Duration.ofSeconds(5)));
    }

    private static EntryKey key(String tenant, String path) {
        return EntryKey.of(tenant, path, Layer.BASE);
    }

    private static void put(Repository r, EntryKey k, String json) {
        r.commit(ChangeRequest.by("t").put(k, Value.of(Json.parse(json))).build());
    }

    @Test
    void statesQuotasAndCountersComeBackAfterReopening() {
        TenantQuota quota = new TenantQuota(3, 1000, 5, 2);
        try (Repository r = open()) {
            r.initialize("t");
            for (String t : new String[] {"acme", "beta"}) {
                r.commit(ChangeRequest.by("t").add(new Mutation.PutTenant(new Tenant(t, "global"))).build());
            }
            put(r, key("acme", "a"), "\"hello\"");
            put(r, key("acme", "b"), "12");
            put(r, key("acme", "b"), "1234"); // replaced: counted once, at its new size
            put(r, key("beta", "a"), "1");
            r.commit(ChangeRequest.by("t").delete(key("beta", "a")).build());
            r.setTenantQuota("acme", quota, "t", "");
            r.setTenantState("beta", TenantState.ARCHIVED, "t", "");
        }
        try (Repository r = open()) {
            assertThat(r.tenantUsage("acme")).isEqualTo(new TenantUsage(2, 7 + 4));
            assertThat(r.tenantUsage("beta")).isEqualTo(TenantUsage.NONE);
            assertThat(r.tenantQuota("acme")).isEqualTo(quota);
            assertThat(r.tenantState("beta")).isEqualTo(TenantState.ARCHIVED);
            assertThatThrownBy(() -> put(r, key("beta", "a"), "1")).isInstanceOf(ConflictException.class)
                    .hasMessageStartingWith("tenant 'beta' is archived");
            put(r, key("acme", "c"), "1");
            assertThatThrownBy(() -> put(r, key("acme", "d"), "1")).isInstanceOf(QuotaExceededException.class)
                    .hasMessageStartingWith("tenant 'acme' would hold 4 keys; its quota allows 3");

            r.secrets().deleteTenant("acme", "t", null);
            r.commit(ChangeRequest.by("t").add(new Mutation.PutTenant(new Tenant("acme", "global"))).build());
            assertThat(r.tenantUsage("acme")).isEqualTo(TenantUsage.NONE);
        }
        try (Repository r = open()) {
            assertThat(r.tenantQuota("acme")).isEqualTo(TenantQuota.UNLIMITED);
            assertThat(r.tenantUsage("acme")).isEqualTo(TenantUsage.NONE);
            assertThat(r.tenantState("acme")).isEqualTo(TenantState.ACTIVE);
        }
    }

    @Test
    void aStoreFromBeforeTenantStatesOpensWithEveryTenantActiveAndUnlimited() throws Exception {
        String url = "jdbc:sqlite:" + tmp.resolve(SqliteStore.DATABASE_FILE);
        Flyway.configure().dataSource(url, null, null).locations(Migrations.LOCATION).target("3").load().migrate();
        try (Connection c = DriverManager.getConnection(url);
                Statement s = c.createStatement()) {
            s.executeUpdate("INSERT INTO commits(revision, time_ms, author, message, catalog) VALUES (1, 0, 't', '', NULL)");
            s.executeUpdate("INSERT INTO tenants(name, parent) VALUES ('global', NULL), ('acme', 'global')");
        }
        try (Repository r = open()) {
            assertThat(r.tenantState("acme")).isEqualTo(TenantState.ACTIVE);
            assertThat(r.tenantQuota("acme")).isEqualTo(TenantQuota.UNLIMITED);
            r.setTenantState("acme", TenantState.SUSPENDED, "t", "");
        }
        try (Repository r = open()) {
            assertThat(r.tenantState("acme")).isEqualTo(TenantState.SUSPENDED);
        }
    }
}
