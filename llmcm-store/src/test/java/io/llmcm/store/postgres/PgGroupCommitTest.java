package io.llmcm.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmcm.core.json.Json;
import io.llmcm.core.model.Commit;
import io.llmcm.core.model.EntryKey;
import io.llmcm.core.model.Layer;
import io.llmcm.core.model.Value;
import io.llmcm.core.repo.ChangeRequest;
import io.llmcm.core.repo.Repository;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Group commit on the real PostgreSQL: concurrent committers through core's group committer
 * share append transactions (one WAL flush each), every acknowledged commit gets its own revision,
 * and all of them are there after the store is closed and opened again.
 */
class PgGroupCommitTest {
    private static final String SCHEMA = PgTestDatabase.newSchema();
    private static final String URL = PgTestDatabase.url(SCHEMA);

    @AfterAll
    static void dropSchema() {
        PgTestDatabase.drop(SCHEMA);
    }

    private static EntryKey key(String path) {
        return EntryKey.of("global", path, Layer.BASE);
    }

    private static Value json(String text) {
        return Value.of(Json.parse(text));
    }

    @Test
    void concurrentCommittersShareTransactionsAndEveryAcknowledgedCommitSurvivesReopening() throws Exception {
        int threads = 32;
        int perThread = 25;
        int commits = threads * perThread;
        long start;
        long transactions;
        List<Long> acknowledged = Collections.synchronizedList(new ArrayList<>());
        PostgresStore store = PostgresStore.open(URL);
        try (Repository repo = Repository.open(store)) {
            repo.initialize("t");
            start = repo.revision();
            long before = store.appendTransactions();
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int id = t;
                futures.add(pool.submit(() -> {
                    go.await();
                    for (int i = 0; i < perThread; i++) {
                        acknowledged.add(repo.commit(ChangeRequest.by("w" + id)
                                        .put(key("k/" + id), json("{\"i\":" + i + "}"))
                                        .build())
                                .revision());
                    }
                    return null;
                }));
            }
            long t0 = System.nanoTime();
            go.countDown();
            for (Future<?> f : futures) {
                f.get();
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            pool.shutdown();
            transactions = store.appendTransactions() - before;
            System.out.printf("PgGroupCommitTest: %d commits by %d threads in %.2f s (%.0f commits/s) in %d append transactions%n",
                    commits, threads, seconds, commits / seconds, transactions);
            assertThat(transactions).as("append transactions for %d commits", commits).isLessThan(commits / 2);
        }

        List<Long> expected = new ArrayList<>();
        for (long r = start + 1; r <= start + commits; r++) {
            expected.add(r);
        }
        Collections.sort(acknowledged);
        assertThat(acknowledged).isEqualTo(expected);

        try (PostgresStore reopened = PostgresStore.open(URL);
                Repository repo = Repository.open(reopened)) {
            assertThat(reopened.lastRevision()).isEqualTo(start + commits);
            assertThat(repo.revision()).isEqualTo(start + commits);
            for (int t = 0; t < threads; t++) {
                assertThat(repo.raw(key("k/" + t)).orElseThrow().value()).isEqualTo(json("{\"i\":" + (perThread - 1) + "}"));
            }
            List<Commit> log = reopened.commitsAfter(start, commits + 10);
            assertThat(log).extracting(Commit::revision).isEqualTo(expected);
            assertThat(log).allSatisfy(c -> assertThat(c.mutations()).hasSize(1));
            for (int t = 0; t < threads; t++) {
                assertThat(reopened.history("global", "k/" + t, Long.MAX_VALUE, 1000)).hasSize(perThread);
            }
        }
    }

    /** One committer at a time, for comparison: each commit is a transaction of its own. */
    @Test
    void aLoneCommitterUsesOneTransactionPerCommit() {
        try (PostgresStore store = PostgresStore.open(PgTestDatabase.url(SCHEMA));
                Repository repo = Repository.open(store)) {
            if (!repo.isInitialized()) {
                repo.initialize("t");
            }
            long before = store.appendTransactions();
            int commits = 200;
            long t0 = System.nanoTime();
            for (int i = 0; i < commits; i++) {
                repo.commit(ChangeRequest.by("solo").put(key("solo"), json(String.valueOf(i))).build());
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            System.out.printf("PgGroupCommitTest: %d commits by 1 thread in %.2f s (%.0f commits/s)%n",
                    commits, seconds, commits / seconds);
            assertThat(store.appendTransactions() - before).isEqualTo(commits);
        }
    }
}
