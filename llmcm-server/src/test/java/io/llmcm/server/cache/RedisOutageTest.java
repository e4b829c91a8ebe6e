package io.llmcm.server.cache;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmcm.core.json.Json;
import io.llmcm.core.model.Mutation;
import io.llmcm.core.model.Tenant;
import io.llmcm.core.repo.ChangeRequest;
import io.llmcm.core.repo.Repository;
import io.llmcm.server.Server;
import io.llmcm.store.sqlite.SqliteStore;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * A server with the Redis L2 whose Redis goes away (a redis-server of the test's own, killed) and
 * comes back: reads and writes keep working from the store, the metrics count what Redis could not
 * answer, and once Redis is back (empty, as after a crash) reads are served from it again.
 */
class RedisOutageTest {
    private static final String TOKEN = "redis-outage-test-token-0123456789";
    private final HttpClient http = HttpClient.newHttpClient();
    private final String prefix = RedisFixtures.newPrefix();
    private RedisFixtures.OwnRedis redis;
    private Server server;
    private Path dir;

    @BeforeEach
    void start() throws Exception {
        redis = new RedisFixtures.OwnRedis();
        dir = Files.createTempDirectory("llmcm-redis-outage");
        RedisCache cache = RedisCache.open(RedisConfig.parse(RedisFixtures.url(redis.port, prefix)));
        Repository repo = Repository.open(SqliteStore.open(dir, Duration.ofSeconds(5)), Repository.Options.defaults().withSharedCache(cache));
        repo.initialize("test");
        repo.commit(ChangeRequest.by("test").add(new Mutation.PutTenant(new Tenant("acme", "global"))).build());
        server = Server.start(repo, Server.Options.defaults().withPort(0).withBootstrapToken(TOKEN));
    }

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.close();
        }
        redis.close();
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private HttpResponse<String> call(String method, String path, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .header("Authorization", "Bearer " + TOKEN).timeout(Duration.ofSeconds(10));
        b = body == null ? b.method(method, HttpRequest.BodyPublishers.noBody())
                : b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body));
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private long put(String json) throws Exception {
        HttpResponse<String> r = call("PUT", "/v1/tenants/acme/config/llm/chat?env=dev", json);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return Json.parse(r.body()).get("revision").asLong();
    }

    private int read(String query) throws Exception {
        HttpResponse<String> r = call("GET", "/v1/tenants/acme/config/llm/chat?env=dev" + query, null);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode v = Json.parse(r.body());
        return v.get("v").asInt();
    }

    private long l2(String result) throws Exception {
        String text = call("GET", "/metrics", null).body();
        Matcher m = Pattern.compile("(?m)^llmcm_l2_requests_total\\{result=\"" + result + "\"} ([0-9.E]+)$").matcher(text);
        assertThat(m.find()).as("llmcm_l2_requests_total{result=\"" + result + "\"} in /metrics").isTrue();
        return (long) Double.parseDouble(m.group(1));
    }

    @Test
    void theServerKeepsAnsweringWhileRedisIsAwayAndUsesItAgainOnceItIsBack() throws Exception {
        long r1 = put("{\"v\":1}");
        long r2 = put("{\"v\":2}");
        assertThat(read("&at=" + r1)).isEqualTo(1); // computed from the store, then shared
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (l2("hit") == 0 && System.nanoTime() < deadline) {
            assertThat(read("&at=" + r1)).isEqualTo(1);
        }
        assertThat(l2("hit")).isPositive();

        redis.kill();
        long hits = l2("hit");
        for (int i = 0; i < 20; i++) { // reads of the past and the present, and writes: all from the store and memory
            assertThat(read("&at=" + r1)).isEqualTo(1);
            assertThat(read("&at=" + r2)).isEqualTo(2);
        }
        long r3 = put("{\"v\":3}");
        assertThat(read("")).isEqualTo(3);
        assertThat(read("&minRevision=" + r3)).isEqualTo(3);
        assertThat(read("&at=" + r2)).isEqualTo(2);
        assertThat(l2("hit")).isEqualTo(hits);
        // every read of r1 looked Redis up (r2 was the current revision then: read from memory), and one of r2 after r3
        assertThat(l2("error") + l2("skipped")).isEqualTo(21);
        assertThat(l2("skipped")).isPositive(); // the breaker opened: Redis is no longer asked

        redis.start(); // back, and empty (no persistence): the first read of each past value fills it again
        deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (l2("hit") == hits && System.nanoTime() < deadline) {
            assertThat(read("&at=" + r1)).isEqualTo(1);
            Thread.sleep(50);
        }
        assertThat(l2("hit")).isGreaterThan(hits);
        assertThat(read("&at=" + r2)).isEqualTo(2);
        assertThat(put("{\"v\":4}")).isGreaterThan(r3);
        assertThat(read("")).isEqualTo(4);
    }
}
