package io.llmcm.cli.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.llmcm.core.json.Json;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three {@code llmcm serve} processes on a PostgreSQL cluster of the test's own, restarted (fast
 * shutdown, then start) while writers write through A and B and a watcher follows C: the
 * instances turn unready during the outage and ready again by themselves; writes during it fail
 * with a 503 problem; every acknowledged write is readable through every instance afterwards; the
 * watcher receives every commit of the log once, in order, with no gap.
 */
class PostgresRestartIT {
    private static final Pattern SERVING = Pattern.compile("llmcm serving (http://127\\.0\\.0\\.1:\\d+) ");
    private static final String TOKEN = "restart-it-" + HexFormat.of().formatHex(new SecureRandom().generateSeed(8));
    private static final Duration OUTAGE = Duration.ofSeconds(6);

    private final String schema = ItPostgres.newSchema();
    private final List<LlmcmProcess> servers = new ArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private ThrowawayPostgres pg;
    @TempDir
    Path keys;

    @AfterEach
    void stop() throws Exception {
        try {
            for (LlmcmProcess p : servers) {
                p.close();
            }
        } finally {
            if (pg != null) {
                pg.close();
            }
        }
    }

    private String start() {
        LlmcmProcess p = new LlmcmProcess(List.of("serve", "--store", pg.storeUrl(schema), "--port", "0"),
                Map.of("LLMCM_BOOTSTRAP_TOKEN", TOKEN, "LLMCM_MASTER_KEY_FILE", keys.resolve("master.key").toString()), SERVING);
        servers.add(p);
        return p.matched();
    }

    private HttpResponse<String> send(HttpRequest.Builder b) throws Exception {
        return http.send(b.header("Authorization", "Bearer " + TOKEN).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Why each instance said it was not ready, in order (diagnostics). */
    private final Map<String, List<String>> unreadyBecause = new ConcurrentHashMap<>();

    private int ready(String base) {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/health/ready")).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                unreadyBecause.computeIfAbsent(base, k -> new CopyOnWriteArrayList<>()).add(r.statusCode() + " " + r.body());
            }
            return r.statusCode();
        } catch (Exception e) {
            return -1; // no answer in time counts as unready, as it would for a load balancer
        }
    }

    private static long metric(String scrape, String name) {
        Matcher m = Pattern.compile("(?m)^" + name + "(?:\\{[^}]*\\})? ([0-9.Ee+-]+)$").matcher(scrape);
        assertThat(m.find()).as("%s in /metrics", name).isTrue();
        return (long) Double.parseDouble(m.group(1));
    }

    @Test
    void restartingPostgresUnderLoadLosesNothingAndDuplicatesNothing() throws Exception {
        Path bin = ThrowawayPostgres.binaries().orElse(null);
        assumeTrue(bin != null, "no PostgreSQL server programs under /usr/lib/postgresql to make a throwaway cluster");
        pg = ThrowawayPostgres.create(bin);
        String a = start();
        String b = start();
        String c = start();
        List<String> all = List.of(a, b, c);

        Watcher watcher = new Watcher(c);
        watcher.start();
        assertThat(watcher.ready.await(10, TimeUnit.SECONDS)).as("C's stream is ready").isTrue();

        // readiness of every instance, sampled all along
        Map<String, List<Integer>> readiness = new ConcurrentHashMap<>();
        AtomicBoolean stop = new AtomicBoolean();
        Thread prober = Thread.ofPlatform().daemon(true).start(() -> {
            while (!stop.get()) {
                for (String s : all) {
                    readiness.computeIfAbsent(s, k -> new CopyOnWriteArrayList<>()).add(ready(s));
                }
                sleep(100);
            }
        });

        Map<String, Long> acked = new ConcurrentHashMap<>(); // path -> revision
        List<String> refusals = new CopyOnWriteArrayList<>(); // what a refused write answered
        List<Thread> writers = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            String target = t % 2 == 0 ? a : b;
            String who = (t % 2 == 0 ? "a" : "b") + t;
            writers.add(Thread.ofPlatform().start(() -> {
                for (int i = 0; !stop.get(); i++) {
                    String path = "load/" + who + "-" + i;
                    try {
                        HttpResponse<String> put = send(HttpRequest.newBuilder(URI.create(target + "/v1/tenants/global/config/" + path + "?env=prod"))
                                .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString("{\"i\":" + i + "}")));
                        if (put.statusCode() == 200) {
                            acked.put(path, Json.parse(put.body()).get("revision").asLong());
                        } else {
                            refusals.add(put.statusCode() + " " + put.headers().firstValue("Content-Type").orElse("") + " " + put.body());
                            sleep(50);
                        }
                    } catch (Exception e) {
                        refusals.add("no answer: " + e);
                    }
                }
            }));
        }

        awaitMore(acked, 0, 30, refusals);
        refusals.clear(); // only those of the outage are looked at
        int beforeOutage = acked.size();
        long scrapeBefore = metric(scrape(c), "llmcm_followed_commits_total");
        pg.stop();
        long stoppedAt = System.nanoTime();
        Thread.sleep(OUTAGE.toMillis());
        long lagDuringOutage = metric(scrape(c), "llmcm_follow_lag_milliseconds");
        pg.start();
        long restartedAt = System.nanoTime();
        long deadline = restartedAt + TimeUnit.SECONDS.toNanos(60);
        while (!all.stream().allMatch(s -> ready(s) == 200) && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        double recoverySeconds = (System.nanoTime() - restartedAt) / 1e9;
        int afterRecovery = acked.size();
        awaitMore(acked, afterRecovery, 30, refusals);
        stop.set(true);
        for (Thread w : writers) {
            w.join(60_000);
        }
        prober.join(10_000);

        for (String s : all) {
            List<Integer> seen = readiness.get(s);
            assertThat(seen).as("%s was unready during the outage", s).containsAnyOf(503, -1);
            assertThat(seen.getLast()).as("%s is ready again by itself (%s)", s, unreadyBecause.get(s)).isEqualTo(200);
            assertThat(seen.getFirst()).as("%s was ready before (%s)", s, unreadyBecause.get(s)).isEqualTo(200);
        }
        assertThat(acked.size()).as("writes after PostgreSQL came back").isGreaterThan(afterRecovery);
        assertThat(refusals).as("writes failed during the outage").isNotEmpty();
        for (String r : refusals) {
            assertThat(r).as("a refusal is a 503 problem without a stack trace")
                    .startsWith("503 application/problem+json").doesNotContain("\tat ").doesNotContain("Exception");
        }

        // every acknowledged write, through every instance
        long newest = acked.values().stream().mapToLong(Long::longValue).max().orElseThrow();
        for (String s : all) {
            for (Map.Entry<String, Long> e : acked.entrySet()) {
                HttpResponse<String> get = send(HttpRequest.newBuilder(
                        URI.create(s + "/v1/tenants/global/config/" + e.getKey() + "?env=prod&minRevision=" + newest)));
                assertThat(get.statusCode()).as("acknowledged %s (revision %d) read through %s", e.getKey(), e.getValue(), s)
                        .isEqualTo(200);
            }
        }

        // the watcher saw every commit of the log after it started, once, in order
        List<Long> log = new ArrayList<>();
        try (Connection conn = DriverManager.getConnection(pg.jdbcUrl(), "postgres", "");
                Statement st = conn.createStatement();
                ResultSet rs = st.executeQuery("SELECT revision FROM \"" + schema + "\".commits ORDER BY revision")) {
            while (rs.next()) {
                log.add(rs.getLong(1));
            }
        }
        assertThat(log).as("gap-free log").containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(1, log.size()).boxed().toList());
        long last = log.getLast();
        long waitUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while ((watcher.ids.isEmpty() || watcher.ids.getLast() < last) && System.nanoTime() < waitUntil) {
            Thread.sleep(20);
        }
        watcher.close();
        List<Long> ids = List.copyOf(watcher.ids);
        assertThat(ids).as("C's events are the log's commits after the watch began, once each, in order")
                .containsExactlyElementsOf(log.subList(log.indexOf(ids.getFirst()), log.size()));
        assertThat(ids).as("every acknowledged write was watched").containsAll(Set.copyOf(acked.values()));

        String after = scrape(c);
        assertThat(metric(after, "llmcm_followed_commits_total")).as("C applied the commits A and B made").isGreaterThan(scrapeBefore);
        assertThat(lagDuringOutage).as("C's follow lag during the outage (ms)").isGreaterThan(1000);
        assertThat(metric(after, "llmcm_follow_lag_milliseconds")).as("C's follow lag after").isLessThan(5000);
        metric(scrape(a), "llmcm_replanned_batches_total");

        System.out.printf("PostgreSQL restarted under load (outage %.1f s): %d writes acknowledged (%d before), %d refused"
                        + " during the outage with 503, all instances ready %.1f s after PostgreSQL was back; C watched %d commits"
                        + " (stream reconnections %d), none twice, none missing%n",
                (restartedAt - stoppedAt) / 1e9, acked.size(), beforeOutage, refusals.size(), recoverySeconds, ids.size(),
                watcher.reconnections);
    }

    /** Waits (a minute at most: the machine may be busy) until {@code more} writes were acknowledged after {@code from}. */
    private static void awaitMore(Map<String, Long> acked, int from, int more, List<String> refusals) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (acked.size() < from + more && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(acked.size()).as("writes acknowledged (refusals: %s)", refusals.stream().limit(5).toList())
                .isGreaterThanOrEqualTo(from + more);
    }

    private String scrape(String base) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base + "/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * An SSE client of C's watch on {@code load/}: records each change event's id (its revision);
     * when the stream ends it reconnects with {@code Last-Event-ID}, as a browser's EventSource does.
     */
    private final class Watcher implements AutoCloseable {
        final String base;
        final List<Long> ids = new CopyOnWriteArrayList<>();
        final java.util.concurrent.CountDownLatch ready = new java.util.concurrent.CountDownLatch(1);
        volatile boolean closed;
        volatile int reconnections = -1;
        private Thread thread;
        private volatile InputStream body;

        Watcher(String base) {
            this.base = base;
        }

        void start() {
            thread = Thread.ofPlatform().daemon(true).start(this::run);
        }

        private void run() {
            while (!closed) {
                reconnections++;
                try {
                    HttpRequest.Builder req = HttpRequest.newBuilder(URI.create(base + "/v1/watch?tenant=global&env=prod&prefix=load/"))
                            .header("Authorization", "Bearer " + TOKEN).header("Accept", "text/event-stream");
                    if (!ids.isEmpty()) {
                        req.header("Last-Event-ID", Long.toString(ids.getLast()));
                    }
                    HttpResponse<InputStream> stream = http.send(req.build(), HttpResponse.BodyHandlers.ofInputStream());
                    body = stream.body();
                    if (stream.statusCode() != 200) {
                        stream.body().close();
                        sleep(200);
                        continue;
                    }
                    try (BufferedReader r = new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8))) {
                        String event = null;
                        for (String line = r.readLine(); line != null; line = r.readLine()) {
                            if (line.startsWith("event: ")) {
                                event = line.substring(7);
                                if (event.equals("ready")) {
                                    ready.countDown();
                                }
                            } else if (line.startsWith("id: ") && "change".equals(event)) {
                                ids.add(Long.parseLong(line.substring(4).strip())); // duplicates kept: the test looks for them
                            }
                        }
                    }
                } catch (Exception e) {
                    sleep(200);
                }
            }
        }

        @Override
        public void close() throws Exception {
            closed = true;
            InputStream b = body;
            if (b != null) {
                b.close();
            }
            thread.join(5000);
        }
    }
}
