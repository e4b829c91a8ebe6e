package io.llmcm.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmcm.core.auth.BuiltInRoles;
import io.llmcm.core.model.Tag;
import io.llmcm.core.model.Mutation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Configuration values over HTTP: reads, layering, history points, formats, preconditions. */
class ConfigRoutesTest {
    static TestServer s;
    static String dev;

    @BeforeAll
    static void start() {
        s = TestServer.start();
        dev = s.key("acme", BuiltInRoles.DEVELOPER);
    }

    @AfterAll
    static void stop() {
        s.close();
    }

    private static long put(String path, String json) {
        TestServer.Reply r = s.put(path, dev, json);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json().get("revision").asLong();
    }

    private static TestServer.Reply send(String method, String path, String body, String contentType) {
        return s.call(method, path, dev, body, Map.of("Content-Type", contentType));
    }

    @Test
    void putGetDeleteAndTheAnswerHeaders() {
        TestServer.Reply put = s.put("/v1/tenants/acme/config/crud/one", dev, "{\"a\":1}");
        assertThat(put.status()).isEqualTo(200);
        JsonNode w = put.json();
        assertThat(w.get("changed").asBoolean()).isTrue();
        assertThat(w.get("changes").asInt()).isEqualTo(1);
        long rev = w.get("revision").asLong();
        assertThat(put.header("ETag")).isEqualTo("\"" + rev + "\"");

        TestServer.Reply get = s.get("/v1/tenants/acme/config/crud/one", dev);
        assertThat(get.status()).isEqualTo(200);
        assertThat(get.header("Content-Type")).startsWith("application/json");
        assertThat(get.json().get("a").asInt()).isEqualTo(1);
        assertThat(get.header("X-Mod-Revision")).isEqualTo(Long.toString(rev));
        assertThat(get.header("X-Value-Type")).isEqualTo("json");

        // the same value again changes nothing
        TestServer.Reply same = s.put("/v1/tenants/acme/config/crud/one", dev, "{\"a\":1}");
        assertThat(same.json().get("changed").asBoolean()).isFalse();

        TestServer.Reply del = s.delete("/v1/tenants/acme/config/crud/one", dev);
        assertThat(del.status()).isEqualTo(200);
        assertThat(del.json().get("changed").asBoolean()).isTrue();
        Problem.of(s.get("/v1/tenants/acme/config/crud/one", dev), 404);
        Problem.of(s.delete("/v1/tenants/acme/config/crud/one", dev), 404);
    }

    @Test
    void envAndServiceLayersMergeOverBaseAndReplaceTakesTheLayerAlone() {
        put("/v1/tenants/acme/config/layers/chat", "{\"model\":\"small\",\"temperature\":0.2,\"limits\":{\"rpm\":10,\"tpm\":100}}");
        put("/v1/tenants/acme/config/layers/chat?env=prod", "{\"model\":\"large\",\"limits\":{\"rpm\":50}}");
        put("/v1/tenants/acme/config/layers/chat?env=prod&service=bot", "{\"temperature\":0.9}");

        JsonNode base = s.get("/v1/tenants/acme/config/layers/chat", dev).json();
        assertThat(base.get("model").asString()).isEqualTo("small");
        JsonNode prod = s.get("/v1/tenants/acme/config/layers/chat?env=prod", dev).json();
        assertThat(prod.get("model").asString()).isEqualTo("large");
        assertThat(prod.get("temperature").asDouble()).isEqualTo(0.2);
        assertThat(prod.get("limits").get("rpm").asInt()).isEqualTo(50);
        assertThat(prod.get("limits").get("tpm").asInt()).isEqualTo(100);
        JsonNode bot = s.get("/v1/tenants/acme/config/layers/chat?env=prod&service=bot", dev).json();
        assertThat(bot.get("model").asString()).isEqualTo("large");
        assertThat(bot.get("temperature").asDouble()).isEqualTo(0.9);
        // a service layer in another environment does not apply
        assertThat(s.get("/v1/tenants/acme/config/layers/chat?env=dev&service=bot", dev).json().get("temperature").asDouble()).isEqualTo(0.2);

        // a child tenant inherits
        String eu = s.key("acme-eu", BuiltInRoles.DEVELOPER);
        assertThat(s.get("/v1/tenants/acme-eu/config/layers/chat?env=prod", eu).json().get("model").asString()).isEqualTo("large");

        // replace=true: the prod layer alone, nothing merged from base
        assertThat(s.put("/v1/tenants/acme/config/layers/chat?env=prod&replace=true", dev, "{\"model\":\"only\"}").status()).isEqualTo(200);
        JsonNode replaced = s.get("/v1/tenants/acme/config/layers/chat?env=prod", dev).json();
        assertThat(replaced.get("model").asString()).isEqualTo("only");
        assertThat(replaced.has("temperature")).isFalse();
        assertThat(replaced.has("limits")).isFalse();
    }

    @Test
    void atReadsARevisionOrATagAndExplainNamesTheLayers() {
        long r1 = put("/v1/tenants/acme/config/past/x", "{\"v\":1}");
        s.commit(new Mutation.PutTag(new Tag("acme", "release-1", r1)));
        put("/v1/tenants/acme/config/past/x", "{\"v\":2}");
        put("/v1/tenants/acme/config/past/x?env=prod", "{\"w\":3}");

        assertThat(s.get("/v1/tenants/acme/config/past/x", dev).json().get("v").asInt()).isEqualTo(2);
        TestServer.Reply atRev = s.get("/v1/tenants/acme/config/past/x?at=" + r1, dev);
        assertThat(atRev.json().get("v").asInt()).isEqualTo(1);
        assertThat(atRev.header("X-Revision")).isEqualTo(Long.toString(r1));
        assertThat(s.get("/v1/tenants/acme/config/past/x?at=release-1", dev).json().get("v").asInt()).isEqualTo(1);
        // the list at a revision
        JsonNode listed = s.get("/v1/tenants/acme/config?prefix=past&at=release-1", dev).json();
        assertThat(listed.get("revision").asLong()).isEqualTo(r1);
        assertThat(listed.get("items").get(0).get("value").get("v").asInt()).isEqualTo(1);

        JsonNode e = s.get("/v1/tenants/acme/config/past/x?env=prod&explain=true", dev).json();
        assertThat(e.get("path").asString()).isEqualTo("past/x");
        assertThat(e.get("value").get("v").asInt()).isEqualTo(2);
        assertThat(e.get("value").get("w").asInt()).isEqualTo(3);
        List<String> fromEnvs = new ArrayList<>();
        e.get("fields").forEach(f -> fromEnvs.add(f.get("pointer").asString() + "@" + f.get("layer").get("env").asString()));
        assertThat(fromEnvs).contains("/v@base", "/w@prod");
        JsonNode old = s.get("/v1/tenants/acme/config/past/x?env=prod&explain=true&at=release-1", dev).json();
        assertThat(old.get("value").get("v").asInt()).isEqualTo(1);
        assertThat(old.get("value").has("w")).isFalse();
        Problem.of(s.get("/v1/tenants/acme/config/past/nothing?explain=true", dev), 404);
    }

    @Test
    void minRevisionReachedAnswersAndOneNotReachedInTimeIs412() throws Exception {
        long r = put("/v1/tenants/acme/config/min/x", "1");
        assertThat(s.get("/v1/tenants/acme/config/min/x?minRevision=" + r, dev).status()).isEqualTo(200);

        // a revision one above: a concurrent writer commits it while the read waits
        long want = s.server().revision() + 1;
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<?> writer = pool.submit(() -> {
                Thread.sleep(200);
                return put("/v1/tenants/acme/config/min/y", "2");
            });
            TestServer.Reply waited = s.get("/v1/tenants/acme/config/min/x?minRevision=" + want, dev);
            assertThat(waited.status()).isEqualTo(200);
            assertThat(Long.parseLong(waited.header("X-Revision"))).isGreaterThanOrEqualTo(want);
            writer.get();
        } finally {
            pool.shutdownNow();
        }

        // nobody writes: 412 after the wait (5 s), naming the parameter
        long before = s.server().revision();
        JsonNode p = Problem.field(s.get("/v1/tenants/acme/config/min/x?minRevision=" + (before + 1000), dev), 412, "query:minRevision");
        assertThat(p.get("detail").asString()).contains("not reached");
    }

    @Test
    void listWithAPrefixShowsOnlyThatSubtree() {
        put("/v1/tenants/acme/config/tree/a", "1");
        put("/v1/tenants/acme/config/tree/b/c", "2");
        put("/v1/tenants/acme/config/treehouse", "3");
        JsonNode l = s.get("/v1/tenants/acme/config?prefix=tree", dev).json();
        List<String> paths = new ArrayList<>();
        l.get("items").forEach(i -> paths.add(i.get("path").asString()));
        assertThat(paths).containsExactly("tree/a", "tree/b/c");
        assertThat(l.get("scope").asString()).isEqualTo("acme:base");
        JsonNode item = l.get("items").get(0);
        assertThat(item.get("type").asString()).isEqualTo("json");
        assertThat(item.get("from").get("tenant").asString()).isEqualTo("acme");
    }

    @Test
    void textYamlAndTomlBodiesAreStoredAsValues() {
        assertThat(send("PUT", "/v1/tenants/acme/config/fmt/text", "You are helpful.\nBe brief.", "text/plain").status()).isEqualTo(200);
        TestServer.Reply text = s.get("/v1/tenants/acme/config/fmt/text", dev);
        assertThat(text.json().asString()).isEqualTo("You are helpful.\nBe brief.");
        assertThat(text.header("X-Value-Type")).isEqualTo("text");

        assertThat(send("PUT", "/v1/tenants/acme/config/fmt/yaml", "model: gpt\nstop: [a, b]\nnested:\n  k: 1\n", "application/yaml").status()).isEqualTo(200);
        JsonNode y = s.get("/v1/tenants/acme/config/fmt/yaml", dev).json();
        assertThat(y.get("model").asString()).isEqualTo("gpt");
        assertThat(y.get("stop").size()).isEqualTo(2);
        assertThat(y.get("nested").get("k").asInt()).isEqualTo(1);

        assertThat(send("PUT", "/v1/tenants/acme/config/fmt/toml", "model = \"gpt\"\n[limits]\nrpm = 5\n", "application/toml").status()).isEqualTo(200);
        JsonNode t = s.get("/v1/tenants/acme/config/fmt/toml", dev).json();
        assertThat(t.get("model").asString()).isEqualTo("gpt");
        assertThat(t.get("limits").get("rpm").asInt()).isEqualTo(5);

        assertThat(send("PUT", "/v1/tenants/acme/config/fmt/json", "{\"x\":[1,2]}", "application/json; charset=utf-8").status()).isEqualTo(200);
        assertThat(s.get("/v1/tenants/acme/config/fmt/json", dev).json().get("x").size()).isEqualTo(2);
        assertThat(send("PUT", "/v1/tenants/acme/config/fmt/json", "{\"x\":[1,2,3]}", "application/json;charset=\"UTF-8\"").status()).isEqualTo(200);
        assertThat(s.get("/v1/tenants/acme/config/fmt/json", dev).json().get("x").size()).isEqualTo(3);
    }

    @Test
    void ifMatchAndIfNoneMatchAreCompareAndSet() {
        TestServer.Reply created = s.call("PUT", "/v1/tenants/acme/config/cas/x", dev, "1",
                Map.of("Content-Type", "application/json", "If-None-Match", "*"));
        assertThat(created.status()).isEqualTo(200);
        Problem.field(s.call("PUT", "/v1/tenants/acme/config/cas/x", dev, "2",
                Map.of("Content-Type", "application/json", "If-None-Match", "*")), 412, "header:If-None-Match");
        Problem.field(s.call("PUT", "/v1/tenants/acme/config/cas/x", dev, "2",
                Map.of("Content-Type", "application/json", "If-None-Match", "\"3\"")), 400, "header:If-None-Match");

        String etag = s.get("/v1/tenants/acme/config/cas/x", dev).header("ETag");
        assertThat(s.call("PUT", "/v1/tenants/acme/config/cas/x", dev, "3",
                Map.of("Content-Type", "application/json", "If-Match", "W/" + etag)).status()).isEqualTo(200);
        Problem.field(s.call("PUT", "/v1/tenants/acme/config/cas/x", dev, "4",
                Map.of("Content-Type", "application/json", "If-Match", etag)), 412, "header:If-Match");
        Problem.field(s.call("PUT", "/v1/tenants/acme/config/cas/x", dev, "4",
                Map.of("Content-Type", "application/json", "If-Match", "\"abc\"")), 400, "header:If-Match");
        Problem.of(s.call("PUT", "/v1/tenants/acme/config/cas/nothing", dev, "4",
                Map.of("Content-Type", "application/json", "If-Match", etag)), 412);
        assertThat(s.get("/v1/tenants/acme/config/cas/x", dev).json().asInt()).isEqualTo(3);
        // If-Match: * — the entry must exist
        assertThat(s.call("PUT", "/v1/tenants/acme/config/cas/x", dev, "3",
                Map.of("Content-Type", "application/json", "If-Match", "*")).status()).isEqualTo(200);
        Problem.field(s.call("PUT", "/v1/tenants/acme/config/cas/absent", dev, "3",
                Map.of("Content-Type", "application/json", "If-Match", "*")), 412, "header:If-Match");

        // a conditional delete with a stale tag fails; a fresh one deletes
        Problem.of(s.call("DELETE", "/v1/tenants/acme/config/cas/x", dev, null, Map.of("If-Match", etag)), 412);
        String fresh = s.get("/v1/tenants/acme/config/cas/x", dev).header("ETag");
        assertThat(s.call("DELETE", "/v1/tenants/acme/config/cas/x", dev, null, Map.of("If-Match", fresh)).status()).isEqualTo(200);
    }

    @Test
    void twoWritersWithTheSameETagExactlyOneWins() throws Exception {
        put("/v1/tenants/acme/config/race/x", "0");
        for (int round = 0; round < 5; round++) {
            String etag = s.get("/v1/tenants/acme/config/race/x", dev).header("ETag");
            int writers = 4;
            CountDownLatch go = new CountDownLatch(1);
            ExecutorService pool = Executors.newFixedThreadPool(writers);
            try {
                List<Future<TestServer.Reply>> all = new ArrayList<>();
                for (int i = 0; i < writers; i++) {
                    String value = "{\"round\":" + round + ",\"writer\":" + i + "}";
                    Callable<TestServer.Reply> c = () -> {
                        go.await();
                        return s.call("PUT", "/v1/tenants/acme/config/race/x", dev, value,
                                Map.of("Content-Type", "application/json", "If-Match", etag));
                    };
                    all.add(pool.submit(c));
                }
                go.countDown();
                int won = 0;
                int lost = 0;
                int winner = -1;
                for (int i = 0; i < writers; i++) {
                    TestServer.Reply r = all.get(i).get();
                    if (r.status() == 200) {
                        won++;
                        winner = i;
                    } else {
                        Problem.of(r, 412);
                        lost++;
                    }
                }
                assertThat(won).isEqualTo(1);
                assertThat(lost).isEqualTo(writers - 1);
                assertThat(s.get("/v1/tenants/acme/config/race/x", dev).json().get("writer").asInt()).isEqualTo(winner);
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void aCommitMessageHeaderIsRecordedInHistory() {
        s.call("PUT", "/v1/tenants/acme/config/msg/x", dev, "1", Map.of("Content-Type", "application/json", "X-Commit-Message", "tune it"));
        JsonNode h = s.get("/v1/tenants/acme/history/msg/x", dev).json();
        assertThat(h.get("items").get(0).get("message").asString()).isEqualTo("tune it");
    }
}
