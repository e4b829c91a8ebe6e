package io.llmcm.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmcm.core.model.Commit;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Property test: random commit sequences, one per seed, applied to the store and to {@link
 * ReferenceLog}, must read back alike before and after pruning and reopening.
 */
public abstract class StoreRandomizedTest extends StoreTestSupport {
    static LongStream seeds() {
        return LongStream.rangeClosed(1, 50);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void randomLogsReadBackLikeTheReferenceModel(long seed) {
        Random random = new Random(seed);
        RandomLog generator = new RandomLog(random);
        ReferenceLog reference = new ReferenceLog();
        for (int batches = 5 + random.nextInt(25); batches > 0; batches--) {
            List<Commit> batch = generator.nextBatch();
            store.append(batch);
            reference.append(batch);
            if (random.nextInt(12) == 0) {
                reopen();
            }
        }
        long last = reference.lastRevision();
        assertMatches(reference, random, 0);
        assertThat(store.commitsAfter(0, Integer.MAX_VALUE)).isEqualTo(reference.commitsAfter(0, Integer.MAX_VALUE));
        long after = random.nextLong(last + 1);
        int limit = 1 + random.nextInt(5);
        assertThat(store.commitsAfter(after, limit)).isEqualTo(reference.commitsAfter(after, limit));

        Instant cutoff = reference.commit(1 + random.nextLong(last)).time();
        Set<Long> tagged = new HashSet<>();
        for (int n = random.nextInt(4); n > 0; n--) {
            tagged.add(1 + random.nextLong(last));
        }
        assertThat(store.prune(cutoff, tagged)).as("versions pruned").isEqualTo(reference.prune(cutoff, tagged));
        assertThat(store.retentionFloor()).isEqualTo(reference.retentionFloor());
        assertMatches(reference, random, reference.retentionFloor());
        for (long t : tagged) {
            for (String tenant : RandomLog.TENANTS) {
                assertThat(store.entriesAt(tenant, "", t)).as("%s at tagged revision %d", tenant, t)
                        .isEqualTo(reference.entriesAt(tenant, "", t));
            }
        }
        long floor = reference.retentionFloor();
        assertThat(store.commitsAfter(floor, Integer.MAX_VALUE))
                .isEqualTo(reference.commitsAfter(floor, Integer.MAX_VALUE));
        reopen();
        assertMatches(reference, random, floor);
    }

    /** Compares current state, point-in-time reads at or above {@code lowest}, and history. */
    private void assertMatches(ReferenceLog reference, Random random, long lowest) {
        long last = reference.lastRevision();
        StoreImage image = store.load();
        assertThat(image.revision()).isEqualTo(last);
        assertThat(store.lastRevision()).isEqualTo(last);
        assertThat(image.heads().stream().sorted(StoreFixtures.BY_KEY).toList()).isEqualTo(reference.heads());
        assertThat(image.tenants()).isEqualTo(reference.tenants());
        assertThat(image.environments()).isEqualTo(reference.environments());
        assertThat(image.tags()).containsExactlyInAnyOrderElementsOf(reference.tags());
        assertThat(image.schemas()).containsExactlyInAnyOrderElementsOf(reference.schemas());
        assertThat(image.rollbackRules()).containsExactlyInAnyOrderElementsOf(reference.rollbackRules());
        assertThat(image.roles()).containsExactlyInAnyOrderElementsOf(reference.roles());
        assertThat(image.bindings()).containsExactlyInAnyOrderElementsOf(reference.bindings());
        assertThat(image.apiKeys()).containsExactlyInAnyOrderElementsOf(reference.apiKeys());
        assertThat(image.tenantStates()).isEqualTo(reference.tenantStates());
        assertThat(image.tenantQuotas()).isEqualTo(reference.tenantQuotas());
        assertThat(image.retentionFloor()).isEqualTo(reference.retentionFloor());
        for (int i = 0; i < 12; i++) {
            long revision = lowest + random.nextLong(last - lowest + 2);
            String tenant = RandomLog.TENANTS.get(random.nextInt(RandomLog.TENANTS.size()));
            String prefix = RandomLog.PREFIXES.get(random.nextInt(RandomLog.PREFIXES.size()));
            assertThat(store.entriesAt(tenant, prefix, revision))
                    .as("entriesAt(%s, '%s', %d)", tenant, prefix, revision)
                    .isEqualTo(reference.entriesAt(tenant, prefix, revision));
        }
        for (String tenant : RandomLog.TENANTS) {
            for (String path : RandomLog.PATHS) {
                long before = random.nextBoolean() ? Long.MAX_VALUE : 1 + random.nextLong(last + 1);
                int limit = 1 + random.nextInt(8);
                assertThat(store.history(tenant, path, before, limit))
                        .as("history(%s, %s, %d, %d)", tenant, path, before, limit)
                        .isEqualTo(reference.history(tenant, path, before, limit));
            }
        }
        long probe = 1 + random.nextLong(last + 1);
        assertThat(store.commitInfo(probe))
                .isEqualTo(probe <= last ? Optional.of(reference.commit(probe).info()) : Optional.empty());
    }
}
