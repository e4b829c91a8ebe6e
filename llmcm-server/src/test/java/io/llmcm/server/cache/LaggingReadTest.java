package io.llmcm.server.cache;

import static io.llmcm.server.cache.RedisFixtures.SHARED_PORT;
import static org.assertj.core.api.Assertions.assertThat;

import io.llmcm.core.json.Json;
import io.llmcm.core.model.EntryKey;
import io.llmcm.core.model.Layer;
import io.llmcm.core.model.Mutation;
import io.llmcm.core.model.Tenant;
import io.llmcm.core.model.Value;
import io.llmcm.core.repo.ChangeRequest;
import io.llmcm.core.repo.Repository;
import io.llmcm.core.repo.Scope;
import io.llmcm.core.store.MemoryStore;
import io.llmcm.server.Server;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code minRevision} over HTTP on a server that lags (its repository never follows the store
 * another instance writes): answered at once from Redis with a value at that revision or later,
 * else after the usual wait (412), never with an older value.
 */
class LaggingReadTest {
    private static final String TOKEN = "lagging-read-test-token-0123456789";
    private final String prefix = RedisFixtures.newPrefix();
    private final HttpClient http = HttpClient.newHttpClient();
    private Repository writer;
    private Server lagging;

    @AfterEach
    void stop() {
        if (lagging != null) {
            lagging.close();
        }
        if (writer != null) {
            writer.close();
        }
        RedisFixtures.clean(SHARED_PORT, prefix);
    }

    private Repository open(MemoryStore store) {
        RedisCache cache = RedisCache.open(RedisConfig.parse(RedisFixtures.url(SHARED_PORT, prefix)));
        return Repository.open(store, Repository.Options.defaults().withSharedCache(cache));
    }

    private HttpResponse<String> get(String query) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + lagging.port() + "/v1/tenants/acme/config/llm/chat?env=dev" + query))
                .header("Authorization", "Bearer " + TOKEN).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aReadDemandingARevisionThisServerHasNotReachedIsAnsweredFromRedisOrWaitsButIsNeverOlder() throws Exception {
        MemoryStore store = new MemoryStore();
        writer = open(store);
        writer.initialize("test");
        writer.commit(ChangeRequest.by("test").add(new Mutation.PutTenant(new Tenant("acme", "global"))).build());
        lagging = Server.start(open(store), Server.Options.defaults().withPort(0).withBootstrapToken(TOKEN));
        long at = lagging.revision();

        EntryKey chat = EntryKey.of("acme", "llm/chat", Layer.of("dev"));
        long r1 = writer.commit(ChangeRequest.by("test").put(chat, Value.of(Json.parse("{\"model\":\"gpt-a\"}"))).build()).revision();
        assertThat(writer.get(Scope.of("acme", "dev"), "llm/chat")).isPresent(); // read on the writer: offered to Redis at r1

        HttpResponse<String> ahead = null;
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (System.nanoTime() < deadline) { // the offer lands without the writer waiting for it
            ahead = get("&minRevision=" + r1);
            if (ahead.statusCode() == 200) {
                break;
            }
        }
        assertThat(ahead.statusCode()).as(ahead.body()).isEqualTo(200);
        assertThat(Json.parse(ahead.body()).get("model").asString()).isEqualTo("gpt-a");
        assertThat(ahead.headers().firstValue("X-Revision")).hasValue(Long.toString(r1));
        assertThat(lagging.revision()).isEqualTo(at); // it did not catch up: Redis answered
        assertThat(lagging.metrics().scrape()).containsPattern("llmcm_l2_requests_total\\{result=\"hit\"} [1-9]");

        long r2 = writer.commit(ChangeRequest.by("test").put(chat, Value.of(Json.parse("{\"model\":\"gpt-b\"}"))).build()).revision();
        // nobody computed r2's value: Redis holds r1's, which is older than demanded, so the read waits and fails
        HttpResponse<String> older = get("&minRevision=" + r2);
        assertThat(older.statusCode()).isEqualTo(412);
        assertThat(older.body()).doesNotContain("gpt-a");
    }
}
