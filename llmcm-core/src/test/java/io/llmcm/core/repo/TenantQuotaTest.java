package io.llmcm.core.repo;

import static io.llmcm.core.repo.Fixtures.json;
import static io.llmcm.core.repo.Fixtures.key;
import static io.llmcm.core.repo.Fixtures.put;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmcm.core.ErrorKind;
import io.llmcm.core.InvalidInputException;
import io.llmcm.core.NotFoundException;
import io.llmcm.core.QuotaExceededException;
import io.llmcm.core.model.EntryKey;
import io.llmcm.core.model.EntryVersion;
import io.llmcm.core.model.Mutation;
import io.llmcm.core.model.TenantQuota;
import io.llmcm.core.model.TenantUsage;
import io.llmcm.core.model.Value;
import io.llmcm.core.store.MemoryStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Key and byte quotas: enforced at commit time from counters kept in memory, right after reopening. */
class TenantQuotaTest {
    private final MemoryStore store = new MemoryStore();
    private final MutableClock clock = Fixtures.clock();
    private Repository repo;

    @BeforeEach
    void setUp() {
        repo = open();
        repo.initialize("test");
        Fixtures.tenant(repo, "acme", "global");
        Fixtures.tenant(repo, "beta", "global");
    }

    private Repository open() {
        return Repository.open(store, new Repository.Options(1000, clock, null));
    }

    private void quota(String tenant, TenantQuota q) {
        repo.setTenantQuota(tenant, q, "test", "");
    }

    private static EntryKey k(String path) {
        return key("acme", "base", path);
    }

    /** What the counters must say: a count over the tenant's live entries. */
    private TenantUsage recount(String tenant) {
        long bytes = 0;
        List<EntryVersion> all = repo.entries(tenant, "");
        for (EntryVersion v : all) {
            bytes += v.value().size();
        }
        return new TenantUsage(all.size(), bytes);
    }

    @Test
    void aTenantIsUnlimitedUntilAQuotaIsSetAndTheQuotaSurvivesReopening() {
        assertThat(repo.tenantQuota("acme")).isEqualTo(TenantQuota.UNLIMITED);
        TenantQuota q = new TenantQuota(100, 1 << 20, 12.5, 3);
        quota("acme", q);
        assertThat(repo.tenantQuota("acme")).isEqualTo(q);
        assertThat(repo.tenantQuota("beta")).isEqualTo(TenantQuota.UNLIMITED);
        repo = open();
        assertThat(repo.tenantQuota("acme")).isEqualTo(q);
        quota("acme", TenantQuota.UNLIMITED);
        assertThat(repo.tenantQuota("acme")).isEqualTo(TenantQuota.UNLIMITED);
        assertThatThrownBy(() -> repo.tenantQuota("nope")).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> repo.tenantUsage("nope")).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> quota("nope", q)).isInstanceOf(NotFoundException.class);
    }

    @Test
    void quotasRefuseNegativesAndRatesThatAreNotNumbers() {
        assertThatThrownBy(() -> new TenantQuota(-1, 0, 0, 0)).isInstanceOf(InvalidInputException.class)
                .hasMessage("max keys must be 0 or more (0 = unlimited), got -1");
        assertThatThrownBy(() -> new TenantQuota(0, -5, 0, 0)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("max bytes");
        assertThatThrownBy(() -> new TenantQuota(0, 0, 0, -1)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("max watches");
        for (double bad : new double[] {-0.5, Double.NaN, Double.POSITIVE_INFINITY}) {
            assertThatThrownBy(() -> new TenantQuota(0, 0, bad, 0)).isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("requests per second must be a finite number");
        }
        assertThat(new TenantQuota(0, 0, -0.0, 0)).isEqualTo(TenantQuota.UNLIMITED);
    }

    @Test
    void maxKeysCountsEveryLayerAndRefusesTheKeyTooMany() {
        quota("acme", new TenantQuota(3, 0, 0, 0));
        put(repo, k("a"), "1");
        put(repo, key("acme", "prod", "a"), "1"); // another layer of the same path is another key
        put(repo, key("acme", "prod", "chat", "a"), "1");
        assertThat(repo.tenantUsage("acme").keys()).isEqualTo(3);
        long before = repo.revision();

        assertThatThrownBy(() -> put(repo, k("b"), "1"))
                .isInstanceOf(QuotaExceededException.class)
                .hasMessage("tenant 'acme' would hold 4 keys; its quota allows 3 (max-keys): delete entries or raise the quota")
                .extracting(e -> ((QuotaExceededException) e).kind())
                .isEqualTo(ErrorKind.QUOTA_EXCEEDED);
        assertThat(ErrorKind.QUOTA_EXCEEDED.exitCode()).isEqualTo(7);
        assertThat(repo.revision()).isEqualTo(before);

        put(repo, k("a"), "2"); // a new version of a key it holds is not another key
        put(repo, key("beta", "base", "b"), "1"); // other tenants are not counted
        repo.commit(ChangeRequest.by("test").delete(k("a")).build());
        put(repo, k("b"), "1");
        assertThat(repo.tenantUsage("acme")).isEqualTo(recount("acme"));
    }

    @Test
    void aBatchThatGoesOverMidwayAppliesNothing() {
        quota("acme", new TenantQuota(4, 0, 0, 0));
        put(repo, k("x"), "1");
        long before = repo.revision();
        TenantUsage usage = repo.tenantUsage("acme");
        ChangeRequest.Builder b = ChangeRequest.by("test");
        for (int i = 0; i < 6; i++) {
            b.put(k("batch/" + i), json(String.valueOf(i)));
        }
        assertThatThrownBy(() -> repo.commit(b.build()))
                .isInstanceOf(QuotaExceededException.class)
                .hasMessageStartingWith("tenant 'acme' would hold 7 keys; its quota allows 4");
        assertThat(repo.revision()).isEqualTo(before);
        assertThat(repo.tenantUsage("acme")).isEqualTo(usage);
        assertThat(repo.entries("acme", "batch")).isEmpty();

        // a batch that deletes as much as it adds fits
        ChangeRequest.Builder swap = ChangeRequest.by("test").delete(k("x"));
        for (int i = 0; i < 4; i++) {
            swap.put(k("batch/" + i), json(String.valueOf(i)));
        }
        repo.commit(swap.build());
        assertThat(repo.tenantUsage("acme")).isEqualTo(new TenantUsage(4, 4));
    }

    @Test
    void maxBytesCountsStoredValueSizesAndRefusesGrowthOnly() {
        Value big = Value.text("x".repeat(100)); // stored as a JSON string: 102 bytes
        Value small = Value.text("y");
        assertThat(big.size()).isEqualTo(102);
        quota("acme", new TenantQuota(0, 250, 0, 0));
        repo.commit(ChangeRequest.by("test").put(k("a"), big).put(k("b"), big).build());
        assertThat(repo.tenantUsage("acme")).isEqualTo(new TenantUsage(2, 204));

        assertThatThrownBy(() -> repo.commit(ChangeRequest.by("test").put(k("c"), big).build()))
                .isInstanceOf(QuotaExceededException.class)
                .hasMessage("tenant 'acme' would hold 306 bytes of values; its quota allows 250 (max-bytes):"
                        + " delete or shrink entries, or raise the quota");
        assertThatThrownBy(() -> repo.commit(ChangeRequest.by("test").put(k("a"), Value.text("x".repeat(150))).build()))
                .isInstanceOf(QuotaExceededException.class)
                .hasMessageStartingWith("tenant 'acme' would hold 254 bytes");

        repo.commit(ChangeRequest.by("test").put(k("a"), small).build()); // shrinking a value frees bytes
        repo.commit(ChangeRequest.by("test").put(k("c"), big).build());
        assertThat(repo.tenantUsage("acme")).isEqualTo(new TenantUsage(3, 3 + 204)).isEqualTo(recount("acme"));
    }

    @Test
    void aQuotaLoweredBelowUsageRefusesGrowthButNotShrinking() {
        for (int i = 0; i < 5; i++) {
            put(repo, k("k" + i), "1");
        }
        quota("acme", new TenantQuota(2, 0, 0, 0)); // accepted: it never removes what is there
        assertThatThrownBy(() -> put(repo, k("k9"), "1")).isInstanceOf(QuotaExceededException.class)
                .hasMessageStartingWith("tenant 'acme' would hold 6 keys; its quota allows 2");
        put(repo, k("k0"), "2"); // no growth
        repo.commit(ChangeRequest.by("test").delete(k("k1")).delete(k("k2")).build());
        assertThat(repo.tenantUsage("acme").keys()).isEqualTo(3);
    }

    @Test
    void aQuotaSetInTheSameCommitAppliesToThatCommit() {
        ChangeRequest.Builder b = ChangeRequest.by("test").add(new Mutation.SetTenantQuota("acme", new TenantQuota(1, 0, 0, 0)));
        b.put(k("a"), json("1")).put(k("b"), json("1"));
        assertThatThrownBy(() -> repo.commit(b.build())).isInstanceOf(QuotaExceededException.class);
        assertThat(repo.tenantQuota("acme")).isEqualTo(TenantQuota.UNLIMITED);
    }

    @Test
    void countersAreRebuiltOnReopenAndSurvivePruning() {
        Random random = new Random(7);
        for (int i = 0; i < 200; i++) {
            EntryKey key = key(random.nextBoolean() ? "acme" : "beta", random.nextBoolean() ? "base" : "prod", "p" + random.nextInt(30));
            if (random.nextInt(4) == 0 && repo.raw(key).isPresent()) {
                repo.commit(ChangeRequest.by("test").delete(key).build());
            } else {
                repo.commit(ChangeRequest.by("test").put(key, Value.text("v".repeat(random.nextInt(50)))).build());
            }
            clock.advance(Duration.ofMinutes(1));
        }
        TenantUsage acme = recount("acme");
        TenantUsage beta = recount("beta");
        assertThat(repo.tenantUsage("acme")).isEqualTo(acme);
        assertThat(repo.tenantUsage("beta")).isEqualTo(beta);
        assertThat(acme.keys()).isPositive();

        clock.advance(Duration.ofDays(1));
        assertThat(repo.prune(Duration.ofHours(1))).isPositive();
        assertThat(repo.tenantUsage("acme")).isEqualTo(acme);

        repo = open();
        assertThat(repo.tenantUsage("acme")).isEqualTo(acme);
        assertThat(repo.tenantUsage("beta")).isEqualTo(beta);
        quota("acme", new TenantQuota(acme.keys(), 0, 0, 0));
        assertThatThrownBy(() -> put(repo, k("brand-new"), "1")).isInstanceOf(QuotaExceededException.class);
    }

    @Test
    void deletingATenantDropsItsCountersAndARecreatedTenantStartsFromNothing() {
        quota("acme", new TenantQuota(2, 0, 0, 0));
        put(repo, k("a"), "1");
        put(repo, k("b"), "1");
        repo.commit(ChangeRequest.by("test").add(new Mutation.DeleteTenant("acme")).build());
        Fixtures.tenant(repo, "acme", "global");
        assertThat(repo.tenantUsage("acme")).isEqualTo(TenantUsage.NONE);
        assertThat(repo.tenantQuota("acme")).isEqualTo(TenantQuota.UNLIMITED);
        put(repo, k("c"), "1");
        assertThat(repo.tenantUsage("acme")).isEqualTo(new TenantUsage(1, 1));
        repo = open();
        assertThat(repo.tenantUsage("acme")).isEqualTo(new TenantUsage(1, 1));
    }

    /**
     * Concurrent writers on different paths of one tenant are group-committed together; the batch
     * must count what each planned commit adds, or together they would go over.
     */
    @ParameterizedTest(name = "{0} writers")
    @ValueSource(ints = {4, 16})
    void concurrentWritersNeverTakeATenantOverItsQuota(int writers) throws Exception {
        quota("acme", new TenantQuota(25, 0, 0, 0));
        AtomicInteger accepted = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < writers; t++) {
            int id = t;
            threads.add(Thread.ofPlatform().start(() -> {
                for (int i = 0; i < 10; i++) {
                    try {
                        put(repo, k("w" + id + "/" + i), "1");
                        accepted.incrementAndGet();
                    } catch (QuotaExceededException e) {
                        refused.incrementAndGet();
                    }
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        assertThat(accepted.get()).isEqualTo(25);
        assertThat(refused.get()).isEqualTo(writers * 10 - 25);
        assertThat(repo.tenantUsage("acme")).isEqualTo(new TenantUsage(25, 25)).isEqualTo(recount("acme"));
    }
}
