package io.llmcm.core.repo;

import static io.llmcm.core.repo.Fixtures.json;
import static io.llmcm.core.repo.Fixtures.key;
import static org.assertj.core.api.Assertions.assertThat;

import io.llmcm.core.ConflictException;
import io.llmcm.core.model.Commit;
import io.llmcm.core.model.Mutation;
import io.llmcm.core.model.Tenant;
import io.llmcm.core.store.MemoryStore;
import io.llmcm.core.store.Store;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class GroupCommitTest {

    /** Counts appends and holds each one for a while, as a real fsync would. */
    private static Store slowCounting(Store delegate, AtomicInteger appends, List<Integer> batchSizes) {
        InvocationHandler h = (proxy, method, args) -> {
            if (method.getName().equals("append")) {
                appends.incrementAndGet();
                @SuppressWarnings("unchecked")
                List<Commit> commits = (List<Commit>) args[0];
                batchSizes.add(commits.size());
                Thread.sleep(2);
            }
            try {
                return method.invoke(delegate, args);
            } catch (java.lang.reflect.InvocationTargetException e) {
                throw e.getCause();
            }
        };
        return (Store) Proxy.newProxyInstance(Store.class.getClassLoader(), new Class<?>[] {Store.class}, h);
    }

    @Test
    void concurrentCommittersShareAppendsAndGetDistinctConsecutiveRevisions() throws Exception {
        AtomicInteger appends = new AtomicInteger();
        List<Integer> sizes = Collections.synchronizedList(new ArrayList<>());
        try (Repository repo = Repository.open(slowCounting(new MemoryStore(), appends, sizes))) {
            repo.initialize("t");
            long start = repo.revision();
            int threads = 64;
            int perThread = 20;
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<List<Long>>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int id = t;
                futures.add(pool.submit(() -> {
                    go.await();
                    List<Long> revs = new ArrayList<>();
                    for (int i = 0; i < perThread; i++) {
                        revs.add(repo.commit(ChangeRequest.by("w" + id)
                                        .put(key("global", "base", "k/" + id), json("{\"i\":" + i + "}"))
                                        .build())
                                .revision());
                    }
                    return revs;
                }));
            }
            go.countDown();
            List<Long> all = new ArrayList<>();
            for (Future<List<Long>> f : futures) {
                List<Long> revs = f.get();
                assertThat(revs).isSorted();
                all.addAll(revs);
            }
            pool.shutdown();
            Collections.sort(all);
            List<Long> expected = new ArrayList<>();
            for (long r = start + 1; r <= start + (long) threads * perThread; r++) {
                expected.add(r);
            }
            assertThat(all).isEqualTo(expected);
            assertThat(repo.revision()).isEqualTo(start + (long) threads * perThread);
            for (int t = 0; t < threads; t++) {
                assertThat(repo.raw(key("global", "base", "k/" + t)).orElseThrow().value())
                        .isEqualTo(json("{\"i\":" + (perThread - 1) + "}"));
            }
            // the point of group commit: far fewer appends than commits
            assertThat(appends.get()).isLessThan(threads * perThread / 4);
            assertThat(sizes).anyMatch(s -> s > 8);
        }
    }

    @Test
    void writersOfOneKeyWithCompareAndSetNeverLoseAnUpdate() throws Exception {
        try (Repository repo = Repository.open(new MemoryStore())) {
            repo.initialize("t");
            var k = key("global", "base", "counter");
            repo.commit(ChangeRequest.by("t").put(k, json("0")).build());
            int threads = 16;
            int increments = 25;
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            AtomicInteger conflicts = new AtomicInteger();
            List<Future<?>> fs = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                fs.add(pool.submit(() -> {
                    for (int done = 0; done < increments; ) {
                        var head = repo.raw(k).orElseThrow();
                        int n = head.value().json().intValue();
                        try {
                            repo.commit(ChangeRequest.by("t").put(k, json(String.valueOf(n + 1))).expect(k, head.revision()).build());
                            done++;
                        } catch (ConflictException e) {
                            conflicts.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : fs) {
                f.get();
            }
            pool.shutdown();
            assertThat(repo.raw(k).orElseThrow().value()).isEqualTo(json(String.valueOf(threads * increments)));
        }
    }

    @Test
    void catalogChangesInterleavedWithWritesAreAppliedInOrder() throws Exception {
        try (Repository repo = Repository.open(new MemoryStore())) {
            repo.initialize("t");
            ExecutorService pool = Executors.newFixedThreadPool(8);
            List<Future<?>> fs = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                String name = "t" + i;
                fs.add(pool.submit(() -> {
                    repo.commit(ChangeRequest.by("x").add(new Mutation.PutTenant(new Tenant(name, "global"))).build());
                    repo.commit(ChangeRequest.by("x").put(key(name, "base", "p"), json("1")).build());
                    return null;
                }));
            }
            for (Future<?> f : fs) {
                f.get();
            }
            pool.shutdown();
            assertThat(repo.tenants()).hasSize(41);
            for (int i = 0; i < 40; i++) {
                assertThat(repo.get(Scope.of("t" + i, "prod"), "p")).isPresent();
            }
        }
    }

    @Test
    void aClosedRepositoryRefusesCommitsClearly() {
        Repository repo = Repository.open(new MemoryStore());
        repo.initialize("t");
        repo.close();
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> repo.commit(ChangeRequest.by("t").put(key("global", "base", "p"), json("1")).build()))
                .hasMessage("the repository is closed");
    }
}
