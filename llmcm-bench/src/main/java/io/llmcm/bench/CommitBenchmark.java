package io.llmcm.bench;

import io.llmcm.core.json.Json;
import io.llmcm.core.model.EntryKey;
import io.llmcm.core.model.Layer;
import io.llmcm.core.model.Value;
import io.llmcm.core.repo.ChangeRequest;
import io.llmcm.core.repo.Repository;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Durable commits per second on the embedded store with 1, 8 and 64 concurrent committers, each
 * committing its own keys as fast as it can. Every commit is acknowledged only after SQLite's
 * fsync (WAL, synchronous=FULL); group commit lets concurrent committers share it. Target: ≥ 5,000
 * commits/s with 64 committers.
 *
 * <p>Usage: {@code CommitBenchmark [seconds per run] [committers...]}
 */
public final class CommitBenchmark {
    private CommitBenchmark() {}

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        int[] levels = args.length > 1
                ? Arrays.stream(args).skip(1).mapToInt(Integer::parseInt).toArray()
                : new int[] {1, 8, 64};
        System.out.printf("%-11s %12s %12s %12s %12s%n", "committers", "commits", "commits/s", "p50 µs", "p99 µs");
        for (int c : levels) {
            run(c, seconds);
        }
    }

    private static void run(int committers, int seconds) throws Exception {
        String dir = BenchData.freshLocation("commit-" + committers);
        try (Repository repo = BenchData.openRepository(dir)) {
            // a short warm-up, so the JIT and SQLite's caches are not what is measured
            drive(repo, committers, 2, "warm");
            Result r = drive(repo, committers, seconds, "run");
            long[] lat = r.latenciesNanos();
            Arrays.sort(lat);
            System.out.printf(Locale.ROOT, "%-11d %12d %12.0f %12.0f %12.0f%n",
                    committers, lat.length, lat.length / r.seconds(), pct(lat, 0.50) / 1e3, pct(lat, 0.99) / 1e3);
        } finally {
            BenchData.deleteLocation(dir);
        }
    }

    private record Result(long[] latenciesNanos, double seconds) {}

    private static Result drive(Repository repo, int committers, int seconds, String phase) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        List<long[]> perThread = new ArrayList<>();
        List<int[]> counts = new ArrayList<>();
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < committers; t++) {
            long[] lat = new long[2_000_000 / committers];
            int[] n = new int[1];
            perThread.add(lat);
            counts.add(n);
            int id = t;
            threads.add(Thread.ofPlatform().start(() -> {
                try {
                    start.await();
                    int i = 0;
                    while (System.nanoTime() < deadline && n[0] < lat.length) {
                        EntryKey k = EntryKey.of("global", "bench/" + phase + "/c" + id + "/k" + (i++ % 1000), Layer.BASE);
                        long t0 = System.nanoTime();
                        repo.commit(ChangeRequest.by("bench").put(k, Value.of(Json.parse("{\"i\":" + i + "}"))).build());
                        lat[n[0]++] = System.nanoTime() - t0;
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
        }
        long t0 = System.nanoTime();
        start.countDown();
        for (Thread t : threads) {
            t.join();
        }
        double elapsed = (System.nanoTime() - t0) / 1e9;
        int total = counts.stream().mapToInt(n -> n[0]).sum();
        long[] all = new long[total];
        int at = 0;
        for (int t = 0; t < committers; t++) {
            System.arraycopy(perThread.get(t), 0, all, at, counts.get(t)[0]);
            at += counts.get(t)[0];
        }
        return new Result(all, elapsed);
    }

    private static double pct(long[] sorted, double p) {
        return sorted.length == 0 ? 0 : sorted[(int) Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
    }
}
