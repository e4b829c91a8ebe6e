package io.llmcm.cli.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.llmcm.core.json.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two {@code llmcm serve --redis} processes on one PostgreSQL schema and the machine's Redis
 * (127.0.0.1:6379, under a key prefix of this test's own, removed after): a value as of a past
 * revision that A read from the store is served to B from Redis, which B's {@code /metrics} counts.
 */
class RedisL2IT {
    private static final String BASE =
            System.getenv().getOrDefault("LLMCM_TEST_POSTGRES", "postgresql://127.0.0.1:5432/test?user=postgres");
    private static final Pattern SERVING = Pattern.compile("llmcm serving (http://127\\.0\\.0\\.1:\\d+) ");
    private static final String TOKEN = "redis-it-" + HexFormat.of().formatHex(new SecureRandom().generateSeed(8));

    private final String schema = ItPostgres.newSchema();
    private final String prefix = "llmcm-it-" + HexFormat.of().formatHex(new SecureRandom().generateSeed(4));
    private final List<LlmcmProcess> servers = new ArrayList<>();
    private final HttpClient http = HttpClient.newHttpClient();
    @TempDir
    Path keys;

    @AfterEach
    void stop() throws Exception {
        for (LlmcmProcess p : servers) {
            p.close();
        }
        ItPostgres.drop(schema);
        RedisClient client = RedisClient.create("redis://127.0.0.1:6379/0");
        try (StatefulRedisConnection<String, String> c = client.connect()) {
            RedisCommands<String, String> r = c.sync();
            ScanArgs match = ScanArgs.Builder.matches(prefix + ":*").limit(1000);
            KeyScanCursor<String> cur = r.scan(match);
            while (true) {
                if (!cur.getKeys().isEmpty()) {
                    r.del(cur.getKeys().toArray(new String[0]));
                }
                if (cur.isFinished()) {
                    break;
                }
                cur = r.scan(ScanCursor.of(cur.getCursor()), match);
            }
        } finally {
            client.shutdown();
        }
    }

    private LlmcmProcess start() {
        String store = BASE + (BASE.contains("?") ? "&" : "?") + "schema=" + schema;
        LlmcmProcess p = new LlmcmProcess(List.of("serve", "--store", store, "--port", "0"),
                Map.of("LLMCM_BOOTSTRAP_TOKEN", TOKEN, "LLMCM_MASTER_KEY_FILE", keys.resolve("master.key").toString(),
                        "LLMCM_REDIS", "redis://127.0.0.1:6379/0?prefix=" + prefix), SERVING);
        servers.add(p);
        return p;
    }

    private HttpResponse<String> send(HttpRequest.Builder b) throws Exception {
        return http.send(b.header("Authorization", "Bearer " + TOKEN).build(), HttpResponse.BodyHandlers.ofString());
    }

    private long put(String base, String json) throws Exception {
        HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(base + "/v1/tenants/global/config/l2/chat?env=prod"))
                .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(json)));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return Json.parse(r.body()).get("revision").asLong();
    }

    private HttpResponse<String> readAt(String base, long at) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(base + "/v1/tenants/global/config/l2/chat?env=prod&at=" + at)));
    }

    private long hits(String base) throws Exception {
        String metrics = send(HttpRequest.newBuilder(URI.create(base + "/metrics"))).body();
        Matcher m = Pattern.compile("(?m)^llmcm_l2_requests_total\\{result=\"hit\"} ([0-9.E]+)$").matcher(metrics);
        assertThat(m.find()).as(metrics).isTrue();
        assertThat(metrics).contains("llmcm_l2_requests_total{result=\"miss\"}", "llmcm_l2_requests_total{result=\"error\"}",
                "llmcm_l2_requests_total{result=\"skipped\"}");
        return (long) Double.parseDouble(m.group(1));
    }

    /**
     * A redis-server of this test's own, with a password, killed under a running {@code llmcm serve}
     * and started again: every read and write is answered meanwhile, the outage is logged once when it
     * begins and once when it ends, the password never shows, and Redis answers again afterwards.
     */
    @Test
    void aServeWhoseRedisGoesAwayKeepsServingLogsTheOutageOnceAndUsesRedisAgainWhenItIsBack(@TempDir Path data) throws Exception {
        String password = "pw-" + HexFormat.of().formatHex(new SecureRandom().generateSeed(8));
        int port;
        try (var socket = new java.net.ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Process redis = redisServer(port, password, data);
        try {
            LlmcmProcess p = new LlmcmProcess(List.of("serve", "--store", data.resolve("store").toString(), "--port", "0",
                    "--redis", "redis://:" + password + "@127.0.0.1:" + port + "/0?prefix=" + prefix),
                    Map.of("LLMCM_BOOTSTRAP_TOKEN", TOKEN), SERVING);
            servers.add(p);
            String s = p.matched();
            long r1 = put(s, "{\"model\":\"gpt-a\"}");
            put(s, "{\"model\":\"gpt-b\"}");
            assertThat(readAt(s, r1).statusCode()).isEqualTo(200);

            redis.destroyForcibly();
            redis.waitFor();
            for (int i = 0; i < 10; i++) {
                HttpResponse<String> r = readAt(s, r1);
                assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
                assertThat(Json.parse(r.body()).get("model").asString()).isEqualTo("gpt-a");
            }
            long r3 = put(s, "{\"model\":\"gpt-c\"}");
            assertThat(p.awaitOutput("is unreachable", Duration.ofSeconds(10))).as(p.output()).isTrue();
            long hits = hits(s);

            redis = redisServer(port, password, data);
            assertThat(p.awaitOutput("is reachable again", Duration.ofSeconds(45))).as(p.output()).isTrue();
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (hits(s) == hits && System.nanoTime() < deadline) { // Redis came back empty: a miss fills it, then hits
                assertThat(Json.parse(readAt(s, r1).body()).get("model").asString()).isEqualTo("gpt-a");
                Thread.sleep(20);
            }
            assertThat(hits(s)).isGreaterThan(hits);
            assertThat(Json.parse(readAt(s, r3 - 1).body()).get("model").asString()).isEqualTo("gpt-b");

            String out = p.output();
            assertThat(out.lines().filter(l -> l.contains("is unreachable")).count()).as(out).isEqualTo(1);
            assertThat(out.lines().filter(l -> l.contains("is reachable again")).count()).as(out).isEqualTo(1);
            assertThat(out).doesNotContain(password).doesNotContain("\tat ").doesNotContain("Exception in");
        } finally {
            redis.destroyForcibly();
            redis.waitFor();
        }
    }

    private static Process redisServer(int port, String password, Path dir) throws Exception {
        Process p = new ProcessBuilder("redis-server", "--port", Integer.toString(port), "--bind", "127.0.0.1", "--save", "",
                "--appendonly", "no", "--requirepass", password, "--dir", dir.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("redis.log").toFile()).start();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            try (var socket = new java.net.Socket("127.0.0.1", port)) {
                return p;
            } catch (java.io.IOException e) {
                Thread.sleep(20);
            }
        }
        p.destroyForcibly();
        throw new AssertionError("redis-server did not start on port " + port);
    }

    @Test
    void aPastValueOneInstanceReadFromTheStoreIsServedToAnotherFromRedis() throws Exception {
        LlmcmProcess pa = start(); // initializes the store
        LlmcmProcess pb = start();
        String a = pa.matched();
        String b = pb.matched();
        assertThat(pa.output()).contains("llmcm L2 cache redis://127.0.0.1:6379/0?prefix=" + prefix + " (connected)");

        long r1 = put(a, "{\"model\":\"gpt-a\"}");
        put(a, "{\"model\":\"gpt-b\"}");
        HttpResponse<String> fromStore = readAt(a, r1);
        assertThat(fromStore.statusCode()).isEqualTo(200);
        assertThat(Json.parse(fromStore.body()).get("model").asString()).isEqualTo("gpt-a");
        assertThat(hits(a)).isZero();

        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        HttpResponse<String> fromRedis;
        do { // the entry is written without waiting: B may ask before it lands (a miss, then B shares it too)
            fromRedis = readAt(b, r1);
            assertThat(fromRedis.statusCode()).as(fromRedis.body()).isEqualTo(200);
            assertThat(Json.parse(fromRedis.body()).get("model").asString()).isEqualTo("gpt-a");
            assertThat(fromRedis.headers().firstValue("X-Revision")).hasValue(Long.toString(r1));
        } while (hits(b) == 0 && System.nanoTime() < deadline);
        assertThat(hits(b)).isPositive();
        assertThat(pb.output()).doesNotContain("Exception", "unreachable");
    }
}
