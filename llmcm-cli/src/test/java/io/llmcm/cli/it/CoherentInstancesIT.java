package io.llmcm.cli.it;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three {@code llmcm serve} processes on one PostgreSQL schema (the one on 127.0.0.1:5432,
 * database {@code test}; {@code $LLMCM_TEST_POSTGRES} overrides it): a write through A is
 * readable through B with {@code minRevision} at once, and a watcher on C receives it. Prints the
 * write-to-watch latency (A's acknowledgement to C's event) over a few hundred writes.
 */
class CoherentInstancesIT {
    private static final String BASE =
            System.getenv().getOrDefault("LLMCM_TEST_POSTGRES", "postgresql://127.0.0.1:5432/test?user=postgres");
    private static final Pattern SERVING = Pattern.compile("llmcm serving (http://127\\.0\\.0\\.1:\\d+) ");
    private static final String TOKEN = "coherent-it-" + HexFormat.of().formatHex(new SecureRandom().generateSeed(8));
    private static final int WRITES = 300;
    /** Writes before the measured ones, so that the figures are not the three JVMs' warm-up. */
    private static final int WARMUP = 100;

    private final String schema = ItPostgres.newSchema();
    private final List<LlmcmProcess> servers = new ArrayList<>();
    private final HttpClient http = HttpClient.newHttpClient();
    /** The master key file the instances share (the first one creates it). */
    @TempDir
    Path keys;

    @AfterEach
    void stop() throws Exception {
        for (LlmcmProcess p : servers) {
            p.close();
        }
        ItPostgres.drop(schema);
    }

    private String start() {
        String store = BASE + (BASE.contains("?") ? "&" : "?") + "schema=" + schema;
        LlmcmProcess p = new LlmcmProcess(List.of("serve", "--store", store, "--port", "0"),
                Map.of("LLMCM_BOOTSTRAP_TOKEN", TOKEN, "LLMCM_MASTER_KEY_FILE", keys.resolve("master.key").toString()), SERVING);
        servers.add(p);
        return p.matched();
    }

    private HttpResponse<String> send(HttpRequest.Builder b) throws Exception {
        return http.send(b.header("Authorization", "Bearer " + TOKEN).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aWriteThroughAIsReadThroughBAndWatchedOnC() throws Exception {
        String a = start(); // initializes the store; the others open it initialized
        String b = start();
        String c = start();

        // C's watch stream: arrival time of every change event, by revision
        Map<Long, Long> arrived = new ConcurrentHashMap<>();
        HttpResponse<InputStream> stream = http.send(HttpRequest.newBuilder(
                                URI.create(c + "/v1/watch?tenant=global&env=prod&prefix=bench/"))
                        .header("Authorization", "Bearer " + TOKEN).header("Accept", "text/event-stream").build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertThat(stream.statusCode()).isEqualTo(200);
        java.util.concurrent.CountDownLatch ready = new java.util.concurrent.CountDownLatch(1);
        Thread reader = Thread.ofPlatform().daemon(true).start(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8))) {
                String event = null;
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                    if (line.startsWith("event: ")) {
                        event = line.substring(7);
                        if (event.equals("ready")) {
                            ready.countDown();
                        }
                    } else if (line.startsWith("id: ") && "change".equals(event)) {
                        arrived.putIfAbsent(Long.parseLong(line.substring(4).strip()), System.nanoTime());
                    }
                }
            } catch (Exception ignored) {
                // the stream closed with the test
            }
        });
        assertThat(ready.await(10, TimeUnit.SECONDS)).as("C's stream is ready").isTrue();

        int total = WARMUP + WRITES;
        long[] latencies = new long[total];
        long[] readLatencies = new long[total];
        long[] acked = new long[total];
        long[] ackTimes = new long[total];
        for (int i = 0; i < total; i++) {
            String value = "{\"i\":" + i + "}";
            HttpResponse<String> put = send(HttpRequest.newBuilder(URI.create(a + "/v1/tenants/global/config/bench/k" + (i % 10) + "?env=prod"))
                    .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(value)));
            long ackAt = System.nanoTime();
            assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
            long revision = Json.parse(put.body()).get("revision").asLong();
            acked[i] = revision;
            ackTimes[i] = ackAt;

            HttpResponse<String> get = send(HttpRequest.newBuilder(
                    URI.create(b + "/v1/tenants/global/config/bench/k" + (i % 10) + "?env=prod&minRevision=" + revision)));
            readLatencies[i] = System.nanoTime() - ackAt;
            assertThat(get.statusCode()).as(get.body()).isEqualTo(200);
            assertThat(Json.parse(get.body())).isEqualTo(Json.parse(value));
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (arrived.size() < total && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        for (int i = 0; i < total; i++) {
            Long at = arrived.get(acked[i]);
            assertThat(at).as("C saw revision %d", acked[i]).isNotNull();
            latencies[i] = Math.max(0, at - ackTimes[i]);
        }
        assertThat(arrived).as("one event per write, no other").hasSize(total);
        reader.interrupt();

        long[] watch = java.util.Arrays.copyOfRange(latencies, WARMUP, total);
        long[] read = java.util.Arrays.copyOfRange(readLatencies, WARMUP, total);
        System.out.printf("three instances, %d writes through A after %d to warm up (%d CPUs, load %.1f):"
                        + " watch on C after A's ack p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, max %.2f ms;"
                        + " read through B with minRevision after A's ack p50 %.2f ms, p99 %.2f ms%n",
                WRITES, WARMUP, Runtime.getRuntime().availableProcessors(),
                java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
                pct(watch, 50), pct(watch, 90), pct(watch, 99), pct(watch, 100), pct(read, 50), pct(read, 99));
        // the goal (issue 7) is p99 < 100 ms; this bound only catches a follower that waits for the poll
        assertThat(pct(watch, 99)).as("write-to-watch p99 (ms)").isLessThan(900);
    }

    /**
     * Writers on A and B, A killed with SIGKILL mid-load: every write either instance acknowledged
     * is readable through C, B keeps accepting writes, and the log has no gap.
     */
    @Test
    void killingAnInstanceMidLoadLosesNoAcknowledgedWrite() throws Exception {
        String a = start();
        String b = start();
        String c = start();
        LlmcmProcess killed = servers.getFirst();

        Map<String, Long> acked = new ConcurrentHashMap<>(); // path -> revision
        java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
        List<String> failedOnB = new java.util.concurrent.CopyOnWriteArrayList<>();
        List<Thread> writers = new ArrayList<>();
        for (int t = 0; t < 6; t++) {
            String target = t % 2 == 0 ? a : b;
            String who = (t % 2 == 0 ? "a" : "b") + t;
            writers.add(Thread.ofPlatform().start(() -> {
                for (int i = 0; !stop.get(); i++) {
                    String path = "load/" + who + "-" + i;
                    try {
                        HttpResponse<String> put = send(HttpRequest.newBuilder(URI.create(target + "/v1/tenants/global/config/" + path + "?env=prod"))
                                .timeout(Duration.ofSeconds(10))
                                .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString("{\"i\":" + i + "}")));
                        if (put.statusCode() == 200) {
                            acked.put(path, Json.parse(put.body()).get("revision").asLong());
                        } else if (target.equals(b)) {
                            failedOnB.add(put.statusCode() + " " + put.body());
                        }
                    } catch (Exception e) {
                        if (target.equals(a)) {
                            return; // A is gone: what it did not acknowledge is not owed
                        }
                        failedOnB.add(e.toString());
                    }
                }
            }));
        }
        Thread.sleep(1500);
        int beforeKill = acked.size();
        killed.process().destroyForcibly().waitFor(10, TimeUnit.SECONDS); // SIGKILL
        Thread.sleep(1000);
        stop.set(true);
        for (Thread w : writers) {
            w.join(20_000);
        }
        assertThat(beforeKill).as("writes before the kill").isGreaterThan(20);
        assertThat(failedOnB).as("B refused nothing").isEmpty();
        long after = acked.entrySet().stream().filter(e -> e.getKey().contains("/b")).count();
        assertThat(after).as("B kept accepting writes").isGreaterThan(0);

        long newest = acked.values().stream().mapToLong(Long::longValue).max().orElseThrow();
        for (Map.Entry<String, Long> e : acked.entrySet()) {
            HttpResponse<String> get = send(HttpRequest.newBuilder(
                    URI.create(c + "/v1/tenants/global/config/" + e.getKey() + "?env=prod&minRevision=" + newest)));
            assertThat(get.statusCode()).as("acknowledged %s (revision %d) read through C", e.getKey(), e.getValue()).isEqualTo(200);
        }
        List<Long> revisions = new ArrayList<>();
        try (Connection conn = ItPostgres.connect();
                Statement s = conn.createStatement();
                java.sql.ResultSet rs = s.executeQuery("SELECT revision FROM \"" + schema + "\".commits ORDER BY revision")) {
            while (rs.next()) {
                revisions.add(rs.getLong(1));
            }
        }
        assertThat(revisions).as("gap-free").containsExactlyElementsOf(
                java.util.stream.LongStream.rangeClosed(1, revisions.size()).boxed().toList());
        System.out.printf("SIGKILL of A mid-load: %d writes acknowledged (%d before the kill), all read through C;"
                + " log of %d revisions without a gap%n", acked.size(), beforeKill, revisions.size());
    }

    private static double pct(long[] nanos, int p) {
        long[] s = nanos.clone();
        java.util.Arrays.sort(s);
        int i = Math.min(s.length - 1, (int) Math.ceil(p / 100.0 * s.length) - 1);
        return s[Math.max(0, i)] / 1e6;
    }
}
