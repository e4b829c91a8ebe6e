package io.llmcm.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmcm.core.NotFoundException;
import io.llmcm.core.crypto.EnvironmentKeyProvider;
import io.llmcm.core.json.Json;
import io.llmcm.core.model.EntryKey;
import io.llmcm.core.model.Layer;
import io.llmcm.core.model.Mutation;
import io.llmcm.core.model.Tenant;
import io.llmcm.core.model.Value;
import io.llmcm.core.repo.Caller;
import io.llmcm.core.repo.ChangeRequest;
import io.llmcm.core.repo.Repository;
import io.llmcm.core.repo.Scope;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What one instance changes outside the commit log — a tenant's keyring rotated, history pruned —
 * seen by another instance on the same PostgreSQL schema without a restart.
 */
class PgFollowKeysAndRetentionTest {
    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final Scope ACME_PROD = Scope.of("acme", "prod");
    private static final Caller CALLER = Caller.trusted("test");

    private final Map<String, String> env = new HashMap<>(Map.of("LLMCM_MASTER_KEY", EnvironmentKeyProvider.newKey()));
    /** A's clock: ten days ago until the retention test moves it to now (commit times never go back). */
    private final io.llmcm.core.repo.MutableClock clock = new io.llmcm.core.repo.MutableClock(Instant.now().minus(Duration.ofDays(10)));
    private String schema;
    private Repository a;
    private Repository b;

    @BeforeEach
    void open() throws Exception {
        schema = PgTestDatabase.newSchema();
        Repository.Options options = Repository.Options.defaults()
                .withKeyProviders(record -> new EnvironmentKeyProvider("LLMCM_MASTER_KEY", env));
        a = Repository.open(PostgresStore.open(PgTestDatabase.url(schema)), options.withClock(clock));
        b = Repository.open(PostgresStore.open(PgTestDatabase.url(schema)), options);
        a.initialize("a");
        a.secrets().initialize(new EnvironmentKeyProvider("LLMCM_MASTER_KEY", env), "a");
        long r = a.commit(ChangeRequest.by("a").add(new Mutation.PutTenant(new Tenant("acme", "global"))).build()).revision();
        b.awaitRevision(r - 1, WAIT);
    }

    @AfterEach
    void close() {
        a.close();
        b.close();
        PgTestDatabase.drop(schema);
    }

    private static EntryKey key(String path) {
        return EntryKey.of("acme", path, Layer.BASE);
    }

    private static String revealed(Repository r, String path) {
        return r.secrets().reveal(ACME_PROD, path, CALLER).value().toString();
    }

    private long commitSecret(Repository through, Repository sealer, String path, String text) throws Exception {
        EntryKey k = key(path);
        long r = through.commit(ChangeRequest.by("t").put(k, sealer.secrets().seal(k, Value.text(text), null)).build()).revision();
        a.awaitRevision(r - 1, WAIT);
        b.awaitRevision(r - 1, WAIT);
        return r;
    }

    @Test
    void aKeyRotationThroughAIsUsedByBWithoutRestart() throws Exception {
        commitSecret(a, a, "keys/old", "sealed-before");
        assertThat(revealed(b, "keys/old")).contains("sealed-before"); // B now holds the keyring, version 1 only

        int primary = a.secrets().rotate("acme", "a", (done, total) -> {});
        assertThat(primary).isGreaterThan(1);
        b.awaitRevision(a.revision() - 1, WAIT); // the rotation resealed keys/old under the new version

        // sealed by A under the new version and committed through B: B's pre-commit check opens it
        commitSecret(b, a, "keys/new", "sealed-after");
        assertThat(revealed(b, "keys/new")).contains("sealed-after");
        assertThat(revealed(b, "keys/old")).contains("sealed-before");

        // B seals under the new version too now, and A opens it
        EntryKey k = key("keys/from-b");
        Value sealedByB = b.secrets().seal(k, Value.text("sealed-by-b"), null);
        assertThat(io.llmcm.core.crypto.Sealer.metadata(sealedByB).dekVersion()).isEqualTo(primary);
        commitSecret(a, b, "keys/from-b", "sealed-by-b");
        assertThat(revealed(a, "keys/from-b")).contains("sealed-by-b");

        // a second rotation through B keeps A's version (B rotates the stored keyring, not its copy)
        int next = b.secrets().rotate("acme", "b", (done, total) -> {});
        assertThat(next).isEqualTo(primary + 1);
        commitSecret(a, b, "keys/third", "third");
        assertThat(revealed(a, "keys/third")).contains("third");
        assertThat(revealed(a, "keys/new")).contains("sealed-after");
    }

    @Test
    void rotationsThroughBothInstancesAtOnceKeepEveryNewKey() throws Exception {
        commitSecret(a, a, "keys/old", "sealed-before");
        int rounds = 5;
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            java.util.concurrent.CyclicBarrier together = new java.util.concurrent.CyclicBarrier(2);
            java.util.List<java.util.concurrent.Future<java.util.List<Integer>>> primaries = new java.util.ArrayList<>();
            for (Repository r : java.util.List.of(a, b)) {
                primaries.add(pool.submit(() -> {
                    java.util.List<Integer> mine = new java.util.ArrayList<>();
                    for (int i = 0; i < rounds; i++) {
                        together.await();
                        mine.add(r.secrets().rotate("acme", r == a ? "a" : "b", (done, total) -> {}));
                    }
                    return mine;
                }));
            }
            java.util.Set<Integer> all = new java.util.TreeSet<>();
            for (var f : primaries) {
                all.addAll(f.get());
            }
            assertThat(all).as("every rotation made its own version").hasSize(2 * rounds);
        } finally {
            pool.shutdown();
        }
        // whatever either sealed under its last version opens on both
        commitSecret(a, a, "keys/by-a", "sealed-by-a");
        commitSecret(b, b, "keys/by-b", "sealed-by-b");
        for (Repository r : java.util.List.of(a, b)) {
            assertThat(revealed(r, "keys/by-a")).contains("sealed-by-a");
            assertThat(revealed(r, "keys/by-b")).contains("sealed-by-b");
            assertThat(revealed(r, "keys/old")).contains("sealed-before");
        }
    }

    @Test
    void aPruneThroughARaisesTheRetentionFloorOnB() throws Exception {
        long first = a.commit(ChangeRequest.by("a").put(key("p"), Value.of(Json.parse("1"))).build()).revision();
        a.commit(ChangeRequest.by("a").put(key("p"), Value.of(Json.parse("2"))).build());
        clock.advance(Duration.ofDays(10));
        long last = a.commit(ChangeRequest.by("a").put(key("p"), Value.of(Json.parse("3"))).build()).revision();
        b.awaitRevision(last - 1, WAIT);
        assertThat(b.get(ACME_PROD, "p", first)).as("readable on B before the prune").isPresent();

        assertThat(a.prune(Duration.ofDays(1))).isPositive();
        long floor = a.retentionFloor();
        assertThat(floor).isGreaterThan(first);

        assertThat(b.retentionFloor()).as("B's view of the floor").isEqualTo(floor);
        for (Repository r : java.util.List.of(a, b)) {
            assertThatThrownBy(() -> r.get(ACME_PROD, "p", first))
                    .isInstanceOf(NotFoundException.class)
                    .hasMessageContaining("older than the retention window");
        }
        assertThat(b.get(ACME_PROD, "p", last).orElseThrow().value().toString()).isEqualTo("3");
    }
}
