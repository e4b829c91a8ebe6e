package io.llmcm.core.store;

import static io.llmcm.core.store.StoreFixtures.T0;
import static io.llmcm.core.store.StoreFixtures.commit;
import static io.llmcm.core.store.StoreFixtures.delete;
import static io.llmcm.core.store.StoreFixtures.json;
import static io.llmcm.core.store.StoreFixtures.key;
import static io.llmcm.core.store.StoreFixtures.put;
import static org.assertj.core.api.Assertions.assertThat;

import io.llmcm.core.auth.ApiKey;
import io.llmcm.core.auth.Binding;
import io.llmcm.core.auth.BindingScope;
import io.llmcm.core.auth.Grant;
import io.llmcm.core.auth.Role;
import io.llmcm.core.model.Commit;
import io.llmcm.core.model.EntryKey;
import io.llmcm.core.model.EntryVersion;
import io.llmcm.core.model.Layer;
import io.llmcm.core.model.Lease;
import io.llmcm.core.model.Mutation;
import io.llmcm.core.model.SchemaBinding;
import io.llmcm.core.model.Tag;
import io.llmcm.core.model.Tenant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * What a {@link Mutation.DeleteTenant} commit does to every {@link Store}: the tenant's versions,
 * tags, schemas, leases and keyring are gone, older commits lose its entry, tag and schema
 * mutations, and other tenants keep everything. Part of {@link StoreConformanceTest}.
 */
public abstract class StoreTenantPurgeTest extends StoreKeysAuditLeasesTest {
    private static final EntryKey ACME_A = key("acme", "a", Layer.BASE);
    private static final EntryKey ACME_A_PROD = key("acme", "a", Layer.of("prod"));
    private static final EntryKey ACME_B = key("acme", "b", Layer.BASE);
    private static final EntryKey BETA_A = key("beta", "a", Layer.BASE);
    private static final SchemaBinding ACME_SCHEMA = new SchemaBinding("acme", "models", "a", json("{\"type\":\"integer\"}"), List.of());
    private static final SchemaBinding GLOBAL_SCHEMA = new SchemaBinding("global", "presets", "p/*", null, List.of());
    private static final io.llmcm.core.model.RollbackRule ACME_RULE = new io.llmcm.core.model.RollbackRule("acme", "r", "prod", "", "a", 1, 1.0);
    private static final io.llmcm.core.model.RollbackRule GLOBAL_RULE = new io.llmcm.core.model.RollbackRule("global", "r", "prod", "", "", 3, 0.5);
    private static final Lease ACME_LEASE = lease("l-acme", ACME_A, "h-acme");
    private static final Lease BETA_LEASE = lease("l-beta", BETA_A, "h-beta");

    private static Lease lease(String id, EntryKey key, String hash) {
        return new Lease(id, key, hash, T0, T0.plusSeconds(60), null, "bob");
    }

    /** Three commits over global, acme and beta; leases and keyrings of acme and beta. */
    private List<Commit> threeTenants() {
        List<Commit> log = List.of(
                commit(1,
                        new Mutation.PutTenant(new Tenant("global", null)),
                        new Mutation.PutTenant(new Tenant("acme", "global")),
                        new Mutation.PutTenant(new Tenant("beta", "global")),
                        put("shared", "1"), put(ACME_A, "1"), put(BETA_A, "1")),
                commit(2,
                        put(ACME_A_PROD, "2"), put(ACME_B, "1"),
                        new Mutation.PutTag(new Tag("acme", "stable", 1)),
                        new Mutation.PutTag(new Tag("global", "v1", 1)),
                        new Mutation.PutSchema(ACME_SCHEMA),
                        new Mutation.PutSchema(GLOBAL_SCHEMA),
                        new Mutation.PutRollbackRule(ACME_RULE),
                        new Mutation.PutRollbackRule(GLOBAL_RULE)),
                commit(3, delete(ACME_B), put(BETA_A, "2"), put(ACME_A, "3")));
        store.append(log);
        store.putLease(ACME_LEASE);
        store.putLease(BETA_LEASE);
        store.putKeyring("acme", new byte[] {1, 2, 3});
        store.putKeyring("beta", new byte[] {4, 5, 6});
        return log;
    }

    @Test
    void aDeletedTenantLeavesNothingReadableAndOthersKeepEverything() {
        threeTenants();
        List<HistoryEntry> betaHistory = store.history("beta", "a", Long.MAX_VALUE, 10);
        List<EntryVersion> betaAtOne = store.entriesAt("beta", "", 1);
        List<EntryVersion> otherHeads = store.load().heads().stream().filter(v -> !v.key().tenant().equals("acme")).toList();

        store.append(List.of(commit(4, new Mutation.DeleteTenant("acme"))));

        for (int pass = 0; pass < 2; pass++) {
            StoreImage image = store.load();
            assertThat(image.revision()).isEqualTo(4);
            assertThat(image.tenants()).extracting(Tenant::name).containsExactly("global", "beta");
            assertThat(image.heads()).containsExactlyInAnyOrderElementsOf(otherHeads);
            assertThat(image.tags()).containsExactly(new Tag("global", "v1", 1));
            assertThat(image.schemas()).containsExactly(GLOBAL_SCHEMA);
            assertThat(image.rollbackRules()).containsExactly(GLOBAL_RULE);
            for (long revision = 0; revision <= 4; revision++) {
                assertThat(store.entriesAt("acme", "", revision)).as("acme at %d", revision).isEmpty();
            }
            assertThat(store.history("acme", "a", Long.MAX_VALUE, 10)).isEmpty();
            assertThat(store.history("acme", "b", Long.MAX_VALUE, 10)).isEmpty();
            assertThat(store.lease("l-acme")).isEmpty();
            assertThat(store.leaseByCredential("h-acme")).isEmpty();
            assertThat(store.leases("acme", 10)).isEmpty();
            assertThat(store.keyrings()).containsOnlyKeys("beta");

            assertThat(store.history("beta", "a", Long.MAX_VALUE, 10)).isEqualTo(betaHistory);
            assertThat(store.entriesAt("beta", "", 1)).isEqualTo(betaAtOne);
            assertThat(store.leases("beta", 10)).containsExactly(BETA_LEASE);
            assertThat(store.keyrings().get("beta")).isEqualTo(new byte[] {4, 5, 6});
            assertThat(store.commitInfo(2)).contains(commit(2).info());
            reopen();
        }
    }

    @Test
    void olderCommitsLoseTheTenantsEntryTagAndSchemaMutationsButKeepItsCreation() {
        threeTenants();
        Commit deletion = commit(4, put("shared", "4"), new Mutation.DeleteTenant("acme"));

        store.append(List.of(deletion));

        List<Commit> expected = List.of(
                commit(1,
                        new Mutation.PutTenant(new Tenant("global", null)),
                        new Mutation.PutTenant(new Tenant("acme", "global")),
                        new Mutation.PutTenant(new Tenant("beta", "global")),
                        put("shared", "1"), put(BETA_A, "1")),
                commit(2, new Mutation.PutTag(new Tag("global", "v1", 1)), new Mutation.PutSchema(GLOBAL_SCHEMA),
                        new Mutation.PutRollbackRule(GLOBAL_RULE)),
                commit(3, put(BETA_A, "2")),
                deletion);
        assertThat(store.commitsAfter(0, 10)).isEqualTo(expected);
        reopen();
        assertThat(store.commitsAfter(0, 10)).isEqualTo(expected);
        assertThat(store.commitsAfter(1, 1)).isEqualTo(expected.subList(1, 2));
    }

    /** Within a batch, and within one commit, only what comes before the deletion is purged. */
    @Test
    void aDeletionInABatchPurgesWhatCameBeforeItAndKeepsWhatFollows() {
        List<Commit> batch = List.of(
                commit(1, new Mutation.PutTenant(new Tenant("global", null)), new Mutation.PutTenant(new Tenant("acme", "global")),
                        put(ACME_A, "1"), put("g", "1")),
                commit(2, put(ACME_A, "2"), new Mutation.PutTag(new Tag("acme", "old", 1)),
                        new Mutation.DeleteTenant("acme"),
                        new Mutation.PutTenant(new Tenant("acme", "global")), put(ACME_A, "3"),
                        new Mutation.PutTag(new Tag("acme", "new", 2))),
                commit(3, put(ACME_B, "1")));

        store.append(batch);

        List<Commit> expected = List.of(
                commit(1, new Mutation.PutTenant(new Tenant("global", null)), new Mutation.PutTenant(new Tenant("acme", "global")),
                        put("g", "1")),
                commit(2, new Mutation.DeleteTenant("acme"), new Mutation.PutTenant(new Tenant("acme", "global")),
                        put(ACME_A, "3"), new Mutation.PutTag(new Tag("acme", "new", 2))),
                batch.get(2));
        for (int pass = 0; pass < 2; pass++) {
            assertThat(store.commitsAfter(0, 10)).isEqualTo(expected);
            assertThat(store.history("acme", "a", Long.MAX_VALUE, 10)).extracting(h -> h.version())
                    .containsExactly(new EntryVersion(ACME_A, 2, json("3"), false));
            assertThat(store.entriesAt("acme", "", 1)).isEmpty();
            assertThat(store.entriesAt("acme", "", 3)).extracting(v -> v.key().path()).containsExactly("a", "b");
            assertThat(store.load().tags()).containsExactly(new Tag("acme", "new", 2));
            assertThat(store.load().tenants()).extracting(Tenant::name).containsExactly("global", "acme");
            reopen();
        }
    }

    @Test
    void aDeletedTenantTakesItsRolesBindingsAndKeysAlong() {
        Role acmeRole = new Role("acme", "reader", Set.of(Grant.parse("config:read")));
        Role betaRole = new Role("beta", "reader", Set.of(Grant.parse("config:read")));
        Binding acmeBinding = new Binding("acme", "b", "key:acmekey000000001", "reader", BindingScope.TENANT, "request.env == 'prod'");
        Binding storeBinding = new Binding("", "b", "key:acmekey000000001", "viewer", BindingScope.TENANT, "");
        ApiKey acmeKey = new ApiKey("acme", "acmekey000000001", "ci", "ab".repeat(32), T0, null, null);
        ApiKey betaKey = new ApiKey("beta", "betakey000000001", "ci", "cd".repeat(32), T0, null, null);
        Commit setup = commit(1,
                new Mutation.PutTenant(new Tenant("global", null)),
                new Mutation.PutTenant(new Tenant("acme", "global")),
                new Mutation.PutTenant(new Tenant("beta", "global")),
                new Mutation.PutRole(acmeRole), new Mutation.PutRole(betaRole),
                new Mutation.PutBinding(acmeBinding), new Mutation.PutBinding(storeBinding),
                new Mutation.PutApiKey(acmeKey), new Mutation.PutApiKey(betaKey));
        Commit revoke = commit(2, new Mutation.RevokeApiKey("acme", "acmekey000000001", StoreFixtures.time(2)),
                new Mutation.DeleteRole("acme", "reader"));
        store.append(List.of(setup, revoke, commit(3, new Mutation.DeleteTenant("acme"))));

        for (int pass = 0; pass < 2; pass++) {
            StoreImage image = store.load();
            assertThat(image.roles()).containsExactly(betaRole);
            assertThat(image.bindings()).containsExactly(storeBinding);
            assertThat(image.apiKeys()).containsExactly(betaKey);
            assertThat(store.commitsAfter(0, 10)).containsExactly(
                    commit(1,
                            new Mutation.PutTenant(new Tenant("global", null)),
                            new Mutation.PutTenant(new Tenant("acme", "global")),
                            new Mutation.PutTenant(new Tenant("beta", "global")),
                            new Mutation.PutRole(betaRole), new Mutation.PutBinding(storeBinding), new Mutation.PutApiKey(betaKey)),
                    commit(2),
                    commit(3, new Mutation.DeleteTenant("acme")));
            reopen();
        }
    }

    @Test
    void aRecreatedTenantStartsEmptyAndComesLastInCreationOrder() {
        threeTenants();

        store.append(List.of(
                commit(4, new Mutation.DeleteTenant("acme")),
                commit(5, new Mutation.PutTenant(new Tenant("acme", "beta")))));

        assertThat(store.load().tenants()).containsExactly(
                new Tenant("global", null), new Tenant("beta", "global"), new Tenant("acme", "beta"));
        assertThat(store.entriesAt("acme", "", 5)).isEmpty();
        assertThat(store.keyrings()).doesNotContainKey("acme");
        store.putKeyring("acme", new byte[] {7});
        store.putLease(ACME_LEASE);
        assertThat(store.leases("acme", 10)).containsExactly(ACME_LEASE);
        assertThat(store.keyrings().get("acme")).isEqualTo(new byte[] {7});
    }
}
