package io.llmcm.core.store;

import static io.llmcm.core.store.StoreFixtures.T0;
import static io.llmcm.core.store.StoreFixtures.commit;
import static io.llmcm.core.store.StoreFixtures.delete;
import static io.llmcm.core.store.StoreFixtures.json;
import static io.llmcm.core.store.StoreFixtures.key;
import static io.llmcm.core.store.StoreFixtures.put;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmcm.core.model.Commit;
import io.llmcm.core.model.ContentType;
import io.llmcm.core.model.EntryKey;
import io.llmcm.core.model.EntryVersion;
import io.llmcm.core.model.Layer;
import io.llmcm.core.model.Lease;
import io.llmcm.core.model.Mutation;
import io.llmcm.core.model.Tag;
import io.llmcm.core.model.Tenant;
import io.llmcm.core.model.TenantIsolation;
import io.llmcm.core.model.Value;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The store contract with hard-isolated ({@link TenantIsolation#DEDICATED}) tenants: whatever a
 * store does with their data, it reads back exactly as a shared tenant's would, beside shared
 * tenants, across pruning, tags, deletion, re-creation and reopening. A store's runner extends
 * this class (the store-specific checks of where the bytes are live beside the runner).
 */
public abstract class StoreIsolationTest extends StoreTestSupport {
    protected static final EntryKey ACME_A = key("acme", "a", Layer.BASE);
    protected static final EntryKey ACME_A_PROD = key("acme", "a", Layer.of("prod"));
    protected static final EntryKey ACME_B = key("acme", "b/c", Layer.BASE);
    protected static final EntryKey BETA_A = key("beta", "a", Layer.BASE);
    /** A sealed secret's stored bytes stand in here: the store never sees plaintext. */
    protected static final Value SEALED = Value.fromStore(ContentType.SECRET, "llmcm-sealed-acme-ciphertext".getBytes());

    protected static Mutation.PutTenant dedicated(String name) {
        return new Mutation.PutTenant(new Tenant(name, "global", TenantIsolation.DEDICATED));
    }

    protected static Mutation.PutTenant shared(String name) {
        return new Mutation.PutTenant(new Tenant(name, "global"));
    }

    /** global (shared), acme (dedicated) and beta (shared), with history in each. */
    protected List<Commit> threeTenants() {
        List<Commit> log = List.of(
                commit(1, new Mutation.PutTenant(new Tenant("global", null)), dedicated("acme"), shared("beta"),
                        put("shared", "1"), put(ACME_A, "\"acme-one\""), put(BETA_A, "\"beta-one\"")),
                commit(2, put(ACME_A_PROD, "\"acme-prod\""), put(ACME_B, "1"),
                        new Mutation.PutEntry(key("acme", "secret", Layer.BASE), SEALED, false)),
                commit(3, delete(ACME_B), put(BETA_A, "\"beta-two\""), put(ACME_A, "\"acme-three\"")));
        store.append(log);
        return log;
    }

    @Test
    void aDedicatedTenantReadsBackLikeASharedOne() {
        List<Commit> log = threeTenants();

        assertThat(store.commitsAfter(0, 10)).isEqualTo(log);
        assertThat(store.commitsAfter(1, 1)).isEqualTo(log.subList(1, 2));
        assertThat(store.entriesAt("acme", "", 1)).containsExactly(new EntryVersion(ACME_A, 1, json("\"acme-one\""), false));
        assertThat(store.entriesAt("acme", "", 2)).extracting(v -> v.key().path()).containsExactly("a", "a", "b/c", "secret");
        assertThat(store.entriesAt("acme", "b", 3)).isEmpty();
        assertThat(store.entriesAt("acme", "", Long.MAX_VALUE)).containsExactly(
                new EntryVersion(ACME_A, 3, json("\"acme-three\""), false),
                new EntryVersion(ACME_A_PROD, 2, json("\"acme-prod\""), false),
                new EntryVersion(key("acme", "secret", Layer.BASE), 2, SEALED, false));
        List<HistoryEntry> history = store.history("acme", "a", Long.MAX_VALUE, 10);
        assertThat(history).extracting(h -> h.version().revision()).containsExactly(3L, 2L, 1L);
        assertThat(history.getFirst().commit()).isEqualTo(store.commitInfo(3).orElseThrow());
        assertThat(store.history("acme", "a", 3, 1)).extracting(h -> h.version().revision()).containsExactly(2L);
        assertThat(store.history("acme", "b/c", Long.MAX_VALUE, 10)).extracting(h -> h.version().value())
                .containsExactly(null, json("1"));
        assertThat(store.entriesAt("beta", "", Long.MAX_VALUE)).containsExactly(
                new EntryVersion(BETA_A, 3, json("\"beta-two\""), false));

        StoreImage image = store.load();
        assertThat(image.tenants()).contains(new Tenant("acme", "global", TenantIsolation.DEDICATED), new Tenant("beta", "global"));
        assertThat(image.heads()).filteredOn(v -> v.key().tenant().equals("acme")).hasSize(3);

        reopen();
        assertThat(store.load()).isEqualTo(image);
        assertThat(store.commitsAfter(0, 10)).isEqualTo(log);
        assertThat(store.history("acme", "a", Long.MAX_VALUE, 10)).isEqualTo(history);
    }

    @Test
    void pruningCoversDedicatedTenantsAndKeepsTaggedRevisions() {
        threeTenants();
        store.append(List.of(commit(4, new Mutation.PutTag(new Tag("acme", "stable", 2)))));

        // tag 2 sees acme/a@1 (base), beta/a@1 and acme/b/c@2: only the old deletion marker of acme/b/c goes
        assertThat(store.prune(StoreFixtures.time(10), Set.of(2L))).isEqualTo(1);
        assertThat(store.entriesAt("acme", "", 2)).extracting(v -> v.key().path()).containsExactly("a", "a", "b/c", "secret");
        assertThat(store.history("acme", "b/c", Long.MAX_VALUE, 10)).extracting(h -> h.version().revision()).containsExactly(2L);

        // untagged, the superseded versions of both tenants go; heads stay
        assertThat(store.prune(StoreFixtures.time(10), Set.of())).isEqualTo(3);
        assertThat(store.history("acme", "a", Long.MAX_VALUE, 10)).extracting(h -> h.version().revision())
                .containsExactly(3L, 2L);
        assertThat(store.history("acme", "b/c", Long.MAX_VALUE, 10)).isEmpty();
        assertThat(store.history("beta", "a", Long.MAX_VALUE, 10)).hasSize(1);
        reopen();
        assertThat(store.retentionFloor()).isEqualTo(4);
        assertThat(store.entriesAt("acme", "", Long.MAX_VALUE)).extracting(v -> v.key().path()).containsExactly("a", "a", "secret");
        assertThat(store.commitsAfter(0, 10).get(0).mutations()).doesNotContain(put(ACME_A, "\"acme-one\""));
    }

    @Test
    void keyringsAndLeasesOfADedicatedTenant() {
        threeTenants();
        Lease acme = new Lease("l-acme", ACME_A, "h-acme", T0, T0.plusSeconds(60), null, "bob");
        Lease beta = new Lease("l-beta", BETA_A, "h-beta", T0, T0.plusSeconds(60), null, "bob");

        store.putKeyring("acme", new byte[] {1, 2, 3});
        store.putKeyring("beta", new byte[] {4, 5, 6});
        assertThat(store.createKeyring("acme", new byte[] {9})).isFalse();
        store.putLease(acme);
        store.putLease(beta);

        assertThat(store.keyrings()).containsOnlyKeys("acme", "beta");
        assertThat(store.keyrings().get("acme")).containsExactly(1, 2, 3);
        assertThat(store.lease("l-acme")).contains(acme);
        assertThat(store.leaseByCredential("h-acme")).contains(acme);
        assertThat(store.leases("acme", 10)).containsExactly(acme);
        assertThatThrownBy(() -> store.putLease(new Lease("l-other", BETA_A, "h-acme", T0, T0.plusSeconds(9), null, "x")))
                .isInstanceOf(io.llmcm.core.StoreException.class);
        Lease revoked = new Lease("l-acme", ACME_A, "h-acme", T0, T0.plusSeconds(60), T0.plusSeconds(5), "bob");
        store.putLease(revoked);
        reopen();
        assertThat(store.lease("l-acme")).contains(revoked);
        assertThat(store.keyrings().get("acme")).containsExactly(1, 2, 3);

        store.deleteKeyring("acme");
        assertThat(store.keyrings()).containsOnlyKeys("beta");
    }

    @Test
    void aDeletedDedicatedTenantLeavesNothingAndCanBeCreatedAgain() {
        threeTenants();
        store.putKeyring("acme", new byte[] {1, 2, 3});
        store.putLease(new Lease("l-acme", ACME_A, "h-acme", T0, T0.plusSeconds(60), null, "bob"));

        store.append(List.of(commit(4, new Mutation.DeleteTenant("acme"))));

        assertThat(store.entriesAt("acme", "", 3)).isEmpty();
        assertThat(store.history("acme", "a", Long.MAX_VALUE, 10)).isEmpty();
        assertThat(store.keyrings()).doesNotContainKey("acme");
        assertThat(store.lease("l-acme")).isEmpty();
        assertThat(store.commitsAfter(0, 10)).allSatisfy(c -> assertThat(c.mutations())
                .noneMatch(m -> m instanceof Mutation.PutEntry p && p.key().tenant().equals("acme")));
        assertThat(store.load().tenants()).extracting(Tenant::name).containsExactly("global", "beta");

        store.append(List.of(commit(5, dedicated("acme"), put(ACME_A, "\"again\""))));
        assertThat(store.entriesAt("acme", "", Long.MAX_VALUE)).containsExactly(new EntryVersion(ACME_A, 5, json("\"again\""), false));
        reopen();
        assertThat(store.entriesAt("acme", "", Long.MAX_VALUE)).containsExactly(new EntryVersion(ACME_A, 5, json("\"again\""), false));
        assertThat(store.history("acme", "a", Long.MAX_VALUE, 10)).hasSize(1);
    }

    @Test
    void oneBatchDeletesADedicatedTenantAndCreatesItAgain() {
        threeTenants();
        List<Commit> batch = List.of(
                commit(4, put(ACME_A, "\"four\"")),
                commit(5, new Mutation.DeleteTenant("acme")),
                commit(6, dedicated("acme"), put(ACME_A, "\"six\"")),
                commit(7, put(ACME_A, "\"seven\""), dedicated("gamma"), put(key("gamma", "x", Layer.BASE), "1")),
                commit(8, new Mutation.DeleteTenant("gamma")));

        store.append(batch);

        assertThat(store.entriesAt("acme", "", Long.MAX_VALUE)).containsExactly(new EntryVersion(ACME_A, 7, json("\"seven\""), false));
        assertThat(store.entriesAt("acme", "", 4)).isEmpty();
        assertThat(store.history("acme", "a", Long.MAX_VALUE, 10)).extracting(h -> h.version().revision()).containsExactly(7L, 6L);
        assertThat(store.entriesAt("gamma", "", Long.MAX_VALUE)).isEmpty();
        List<Commit> read = store.commitsAfter(3, 10);
        reopen();
        assertThat(store.commitsAfter(3, 10)).isEqualTo(read);
        assertThat(read.get(2).mutations()).containsExactly(dedicated("acme"), put(ACME_A, "\"six\""));
        assertThat(store.entriesAt("acme", "", Long.MAX_VALUE)).containsExactly(new EntryVersion(ACME_A, 7, json("\"seven\""), false));
        assertThat(store.load().tenants()).extracting(Tenant::name).containsExactly("global", "beta", "acme");
    }

    /** The store contract allows putting a live tenant again (core never does): its storage stays. */
    @Test
    void puttingADedicatedTenantAgainKeepsItsData() {
        threeTenants();
        store.putKeyring("acme", new byte[] {7});

        store.append(List.of(commit(4, dedicated("acme"), put(ACME_A, "\"four\""))));

        assertThat(store.history("acme", "a", Long.MAX_VALUE, 10)).extracting(h -> h.version().revision())
                .containsExactly(4L, 3L, 2L, 1L);
        reopen();
        assertThat(store.entriesAt("acme", "", 2)).extracting(v -> v.key().path()).containsExactly("a", "a", "b/c", "secret");
        assertThat(store.keyrings().get("acme")).containsExactly(7);
    }

    @Test
    void aTenantsIsolationReadsBackFromTheLog() {
        threeTenants();
        Mutation first = store.commitsAfter(0, 1).getFirst().mutations().get(1);
        assertThat(first).isEqualTo(dedicated("acme"));
        assertThat(store.commitsAfter(0, 1).getFirst().mutations().get(2)).isEqualTo(shared("beta"));
        assertThat(Instant.EPOCH).isBefore(store.commitInfo(1).orElseThrow().time());
    }
}
