package io.llmcm.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmcm.core.ConflictException;
import io.llmcm.core.json.Json;
import io.llmcm.core.model.Commit;
import io.llmcm.core.model.EntryKey;
import io.llmcm.core.model.EntryVersion;
import io.llmcm.core.model.Layer;
import io.llmcm.core.model.Mutation;
import io.llmcm.core.model.Tenant;
import io.llmcm.core.model.Value;
import io.llmcm.core.repo.ChangeRequest;
import io.llmcm.core.repo.Repository;
import io.llmcm.core.repo.Scope;
import io.llmcm.core.repo.WatchEvent;
import io.llmcm.core.repo.WatchFilter;
import io.llmcm.core.repo.WatchListener;
import io.llmcm.core.store.ChangeFeed;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Coherent instances: two repositories, each on its own {@link PostgresStore} (own pool, own
 * LISTEN connection) over one schema of the real PostgreSQL, as two server processes would be.
 * Each follows the other's commits into its state, caches and watchers; concurrent writers on
 * both never lose an acknowledged write and the log stays gap-free.
 */
class PgCoherenceTest {
    private static final Scope ACME_PROD = Scope.of("acme", "prod");
    private static final Duration WAIT = Duration.ofSeconds(5);

    private String schema;
    private Repository a;
    private Repository b;

    @BeforeEach
    void open() {
        schema = PgTestDatabase.newSchema();
        a = Repository.open(PostgresStore.open(PgTestDatabase.url(schema)));
        b = Repository.open(PostgresStore.open(PgTestDatabase.url(schema)));
        a.initialize("a");
        long r = a.commit(ChangeRequest.by("a").add(new Mutation.PutTenant(new Tenant("acme", "global"))).build()).revision();
        try {
            b.awaitRevision(r - 1, WAIT); // B follows A within milliseconds, but not before it is told
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
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

    private static Value json(String text) {
        return Value.of(Json.parse(text));
    }

    private static String value(Repository r, String path) {
        return r.get(ACME_PROD, path).map(x -> x.value().toString()).orElse(null);
    }

    @Test
    void aWriteThroughAIsReadableThroughBAtThatRevision() throws Exception {
        assertThat(b.isFollowing()).isTrue();
        assertThat(b.revision()).isEqualTo(a.revision());
        assertThat(b.tenants()).extracting(Tenant::name).as("catalog followed").contains("global", "acme");

        assertThat(value(b, "models/chat")).isNull(); // cached as absent on B: the follow must invalidate it
        long r = a.commit(ChangeRequest.by("a").put(key("models/chat"), json("{\"model\":\"x\"}")).build()).revision();
        long t0 = System.nanoTime();
        assertThat(b.awaitRevision(r - 1, WAIT)).isGreaterThanOrEqualTo(r);
        long micros = (System.nanoTime() - t0) / 1000;
        assertThat(value(b, "models/chat")).isEqualTo("{\"model\":\"x\"}");
        assertThat(b.followedCommits()).isGreaterThanOrEqualTo(3);
        System.out.printf("A's commit visible on B after %d us%n", micros);

        // and the other way round, with a delete and a precondition checked against the followed head
        long head = b.raw(key("models/chat")).orElseThrow().revision();
        long r2 = b.commit(ChangeRequest.by("b").delete(key("models/chat")).expect(key("models/chat"), head).build()).revision();
        assertThat(r2).isEqualTo(r + 1);
        assertThat(a.awaitRevision(r2 - 1, WAIT)).isEqualTo(r2);
        assertThat(value(a, "models/chat")).isNull();
    }

    /** A client that wrote through A, or watched there, goes on through B at once (a failover, say). */
    @Test
    void revisionsMadeThroughAAreReadableAndWatchableOnBRightAway() throws Exception {
        for (int i = 0; i < 20; i++) {
            long r = a.commit(ChangeRequest.by("a").put(key("models/m"), json("{\"i\":" + i + "}")).build()).revision();
            // no wait for B's notification: B finds the revision in the store and catches up first
            assertThat(b.raw(key("models/m"), r).orElseThrow().value().toString()).isEqualTo("{\"i\":" + i + "}");
            long r2 = a.commit(ChangeRequest.by("a").put(key("models/m"), json("{\"j\":" + i + "}")).build()).revision();
            // a watcher resuming on B from the last event A sent it (SSE Last-Event-ID)
            assertThat(b.watch(WatchFilter.under(ACME_PROD, "models"), r2).position()).isEqualTo(r2);
            assertThat(b.revision()).isGreaterThanOrEqualTo(r2);
        }
        long t0 = System.nanoTime();
        long beyond = a.revision() + 1000;
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> b.raw(key("models/m"), beyond))
                .isInstanceOf(io.llmcm.core.NotFoundException.class);
        assertThat(System.nanoTime() - t0).as("a revision that is nowhere is refused at once").isLessThan(TimeUnit.SECONDS.toNanos(1));
    }

    @Test
    void aWatcherOnBReceivesWhatIsWrittenThroughAInOrder() throws Exception {
        LinkedBlockingQueue<Long> seen = new LinkedBlockingQueue<>();
        List<String> values = new CopyOnWriteArrayList<>();
        WatchListener listener = new WatchListener() {
            @Override
            public void onEvents(List<WatchEvent> events, long revision) {
                for (WatchEvent e : events) {
                    e.changes().forEach(c -> values.add(c.value().map(v -> v.value().toString()).orElse("-")));
                    seen.add(e.revision());
                }
            }

            @Override
            public void onHeartbeat(long revision) {}

            @Override
            public void onEnd(RuntimeException reason) {}
        };
        int n = 50;
        List<Long> written = new ArrayList<>();
        try (var sub = b.subscribe(WatchFilter.under(ACME_PROD, "models"), -1, Duration.ofSeconds(10), listener)) {
            for (int i = 0; i < n; i++) {
                written.add(a.commit(ChangeRequest.by("a").put(key("models/m" + (i % 5)), json("{\"i\":" + i + "}")).build())
                        .revision());
                a.commit(ChangeRequest.by("a").put(key("other/x"), json("{\"i\":" + i + "}")).build()); // out of view
            }
            List<Long> got = new ArrayList<>();
            while (got.size() < n) {
                Long r = seen.poll(5, TimeUnit.SECONDS);
                assertThat(r).as("event %d of %d", got.size() + 1, n).isNotNull();
                got.add(r);
            }
            assertThat(got).containsExactlyElementsOf(written);
            assertThat(values).containsExactlyElementsOf(
                    LongStream.range(0, n).mapToObj(i -> "{\"i\":" + i + "}").toList());
            Thread.sleep(200);
            assertThat(seen).as("no duplicates").isEmpty();
        }
    }

    @Test
    void concurrentWritersOnBothInstancesLoseNoAcknowledgedWriteAndLeaveNoGap() throws Exception {
        int threads = 8; // per instance
        int perThread = 40;
        long start = a.revision();
        Map<Long, String> acked = new ConcurrentHashMap<>();
        List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(2 * threads);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < 2 * threads; t++) {
            Repository r = t % 2 == 0 ? a : b;
            String who = (t % 2 == 0 ? "a" : "b") + t;
            futures.add(pool.submit(() -> {
                go.await();
                for (int i = 0; i < perThread; i++) {
                    // shared paths too, so that batches of both instances collide on heads
                    String path = i % 3 == 0 ? "shared/k" + (i % 4) : "own/" + who;
                    String v = "{\"w\":\"" + who + "\",\"i\":" + i + "}";
                    try {
                        long rev = r.commit(ChangeRequest.by(who).put(key(path), json(v)).build()).revision();
                        assertThat(acked.put(rev, path + "=" + v)).as("revision %d acknowledged twice", rev).isNull();
                    } catch (RuntimeException e) {
                        failures.add(e);
                    }
                }
                return null;
            }));
        }
        go.countDown();
        for (Future<?> f : futures) {
            f.get();
        }
        pool.shutdown();
        assertThat(failures).isEmpty();
        assertThat(acked).hasSize(2 * threads * perThread);

        long end = start + 2L * threads * perThread;
        assertThat(a.awaitRevision(end - 1, WAIT)).isEqualTo(end);
        assertThat(b.awaitRevision(end - 1, WAIT)).isEqualTo(end);
        List<Commit> log = new ArrayList<>();
        try (PostgresStore reader = PostgresStore.open(PgTestDatabase.url(schema))) {
            log.addAll(reader.commitsAfter(start, 100_000));
        }
        assertThat(log).extracting(Commit::revision).as("gap-free")
                .containsExactlyElementsOf(LongStream.rangeClosed(start + 1, end).boxed().toList());
        for (Commit c : log) {
            Mutation.PutEntry p = (Mutation.PutEntry) c.mutations().getFirst();
            assertThat(acked.get(c.revision())).isEqualTo(p.key().path() + "=" + p.value());
        }
        List<EntryVersion> onA = a.entries("acme", "");
        assertThat(b.entries("acme", "")).as("both instances hold the same heads").isEqualTo(onA);
        System.out.printf("%d commits through two instances; batches planned again: a=%d b=%d%n",
                acked.size(), a.replannedBatches(), b.replannedBatches());
    }

    /** Compare-and-set increments from both instances: the preconditions are checked against the other's writes. */
    @Test
    void preconditionsAreCheckedAgainstTheOtherInstancesWrites() throws Exception {
        EntryKey counter = key("counter");
        a.commit(ChangeRequest.by("a").put(counter, json("0")).build());
        b.awaitRevision(a.revision() - 1, WAIT);
        int perThread = 25;
        List<Integer> won = Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            Repository r = t % 2 == 0 ? a : b;
            futures.add(pool.submit(() -> {
                int done = 0;
                while (done < perThread) {
                    EntryVersion head = r.raw(counter).orElseThrow();
                    int n = Integer.parseInt(head.value().toString());
                    try {
                        r.commit(ChangeRequest.by("inc").put(counter, json(Integer.toString(n + 1)))
                                .expect(counter, head.revision()).build());
                        won.add(n + 1);
                        done++;
                    } catch (ConflictException lost) {
                        // someone (on either instance) incremented first: read again
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : futures) {
            f.get();
        }
        pool.shutdown();
        assertThat(new HashSet<>(won)).as("no increment was acknowledged twice").hasSize(4 * perThread);
        long end = Math.max(a.revision(), b.revision());
        a.awaitRevision(end - 1, WAIT);
        b.awaitRevision(end - 1, WAIT);
        assertThat(value(a, "counter")).isEqualTo(Integer.toString(4 * perThread));
        assertThat(value(b, "counter")).isEqualTo(Integer.toString(4 * perThread));
    }

    /**
     * Two instances sealing a new tenant's first secret at the same moment end up with one keyring:
     * what either sealed opens on both. A tenant deleted through one and created again gets a new
     * keyring the other uses too (not its cached copy of the destroyed one).
     */
    @Test
    void instancesShareOneKeyringPerTenantWhenSealingAtOnceAndAfterADeletion() throws Exception {
        Map<String, String> env = new java.util.HashMap<>(Map.of("LLMCM_MASTER_KEY", io.llmcm.core.crypto.EnvironmentKeyProvider.newKey()));
        Repository.Options options = Repository.Options.defaults()
                .withKeyProviders(record -> new io.llmcm.core.crypto.EnvironmentKeyProvider("LLMCM_MASTER_KEY", env));
        String s2 = PgTestDatabase.newSchema();
        try (Repository x = Repository.open(PostgresStore.open(PgTestDatabase.url(s2)), options);
                Repository y = Repository.open(PostgresStore.open(PgTestDatabase.url(s2)), options)) {
            x.initialize("x");
            x.secrets().initialize(new io.llmcm.core.crypto.EnvironmentKeyProvider("LLMCM_MASTER_KEY", env), "x");
            int tenants = 20;
            for (int i = 0; i < tenants; i++) {
                x.commit(ChangeRequest.by("x").add(new Mutation.PutTenant(new Tenant("t" + i, "global"))).build());
            }
            y.awaitRevision(x.revision() - 1, WAIT);
            ExecutorService pool = Executors.newFixedThreadPool(2);

            // keys made on first use: both instances need them at once, one makes them, both use them
            y.secrets().checkMasterKey();
            java.util.concurrent.CyclicBarrier together = new java.util.concurrent.CyclicBarrier(2);
            List<Future<byte[]>> made = new ArrayList<>();
            for (Repository r : List.of(x, y)) {
                made.add(pool.submit(() -> {
                    together.await();
                    for (int i = 0; i < 20; i++) {
                        r.audit().record(io.llmcm.core.audit.AuditEvent.of(java.time.Instant.now(), "k", "config.read", "global", "p", "allowed", ""));
                    }
                    r.audit().flush();
                    return r.secrets().wrappedSetting("service-token-keys", () -> new java.security.SecureRandom().generateSeed(32));
                }));
            }
            assertThat(made.get(0).get()).isEqualTo(made.get(1).get());
            // the export-signing pair too: one setting made if absent holds both halves
            together.reset();
            List<Future<String>> signing = new ArrayList<>();
            for (Repository r : List.of(x, y)) {
                signing.add(pool.submit(() -> {
                    together.await();
                    return r.secrets().signingPublicKey();
                }));
            }
            assertThat(signing.get(0).get()).contains("BEGIN PUBLIC KEY").isEqualTo(signing.get(1).get());
            assertThat(x.secrets().signingPublicKey()).isEqualTo(y.secrets().signingPublicKey());
            for (Repository r : List.of(x, y)) {
                var v = r.verifyAudit();
                assertThat(v.ok()).as("audit verify: %s", v.problem()).isTrue();
            }

            List<Future<?>> done = new ArrayList<>();
            for (Repository r : List.of(x, y)) {
                String who = r == x ? "x" : "y";
                done.add(pool.submit(() -> {
                    for (int i = 0; i < tenants; i++) {
                        EntryKey k = EntryKey.of("t" + i, "keys/" + who, Layer.BASE);
                        r.commit(ChangeRequest.by(who).put(k, r.secrets().seal(k, Value.text("secret-" + who + i), null)).build());
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
            pool.shutdown();
            long end = Math.max(x.revision(), y.revision());
            x.awaitRevision(end - 1, WAIT);
            y.awaitRevision(end - 1, WAIT);
            var caller = io.llmcm.core.repo.Caller.trusted("test");
            for (Repository r : List.of(x, y)) {
                for (int i = 0; i < tenants; i++) {
                    for (String who : List.of("x", "y")) {
                        assertThat(r.secrets().reveal(Scope.of("t" + i, "prod"), "keys/" + who, caller).value().toString())
                                .contains("secret-" + who + i);
                    }
                }
            }

            // t0 deleted through x (its keyring destroyed) and created again: y must not seal with its cached keyring
            x.secrets().deleteTenant("t0", "x", "");
            x.commit(ChangeRequest.by("x").add(new Mutation.PutTenant(new Tenant("t0", "global"))).build());
            y.awaitRevision(x.revision() - 1, WAIT);
            EntryKey again = EntryKey.of("t0", "keys/again", Layer.BASE);
            long r = y.commit(ChangeRequest.by("y").put(again, y.secrets().seal(again, Value.text("secret-again"), null)).build()).revision();
            x.awaitRevision(r - 1, WAIT);
            assertThat(x.secrets().reveal(Scope.of("t0", "prod"), "keys/again", caller).value().toString()).contains("secret-again");
        } finally {
            PgTestDatabase.drop(s2);
        }
    }

    /** Both instances audit at once into one trail: numbering and hash chain stay whole. */
    @Test
    void auditEventsFromBothInstancesFormOneChain() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            Repository r = t % 2 == 0 ? a : b;
            String who = "actor" + t;
            done.add(pool.submit(() -> {
                for (int i = 0; i < 200; i++) {
                    r.audit().record(io.llmcm.core.audit.AuditEvent.of(java.time.Instant.now(), who, "config.read", "acme",
                            "models/m" + i, "allowed", ""));
                    if (i % 50 == 0) {
                        r.audit().flush();
                    }
                }
                r.audit().flush();
                return null;
            }));
        }
        for (Future<?> f : done) {
            f.get();
        }
        pool.shutdown();
        for (Repository r : List.of(a, b)) {
            var v = r.verifyAudit();
            assertThat(v.ok()).as("audit verify: %s", v.problem()).isTrue();
            assertThat(v.events()).isGreaterThanOrEqualTo(800);
        }
    }

    @Test
    void aKilledListenConnectionIsReplacedAndThePollCoversTheGap() throws Exception {
        try (PostgresStore store = PostgresStore.open(PgTestDatabase.url(schema))) {
            List<Long> told = new CopyOnWriteArrayList<>();
            try (PgChangeFeed feed = store.follow(told::add, 200)) {
                waitUntil(feed::connected);
                int pid = feed.backendPid();
                Thread.sleep(700);
                assertThat(told.stream().filter(r -> r == ChangeFeed.UNKNOWN).count()).as("periodic checks").isGreaterThanOrEqualTo(3);

                PgTestDatabase.exec("SELECT pg_terminate_backend(" + pid + ")");
                // notifications sent while nobody listens are lost for this feed; the periodic check is not
                long r = a.commit(ChangeRequest.by("a").put(key("while-down"), json("1")).build()).revision();
                told.clear();
                waitUntil(() -> told.contains(ChangeFeed.UNKNOWN));
                waitUntil(feed::connected);
                assertThat(feed.backendPid()).isNotEqualTo(pid);
                told.clear();
                long r2 = a.commit(ChangeRequest.by("a").put(key("after"), json("2")).build()).revision();
                waitUntil(() -> told.contains(r2));
                assertThat(r2).isEqualTo(r + 1);
            }
        }
        // the repository B on its own feed: kill its LISTEN backend, write through A, B still gets it
        PgTestDatabase.exec("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'llmcm-listen/"
                + schema + "'");
        long r3 = a.commit(ChangeRequest.by("a").put(key("models/late"), json("3")).build()).revision();
        assertThat(b.awaitRevision(r3 - 1, WAIT)).isGreaterThanOrEqualTo(r3);
        assertThat(value(b, "models/late")).isEqualTo("3");
        waitUntil(b::followingPromptly);
    }

    private static void waitUntil(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition not met in 10 s").isLessThan(deadline);
            Thread.sleep(10);
        }
    }
}
