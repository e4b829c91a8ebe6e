package io.llmcm.server.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Status;
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
import io.llmcm.server.cache.RedisCache;
import io.llmcm.server.cache.RedisConfig;
import io.llmcm.server.cache.RedisFixtures;
import io.llmcm.server.grpc.v1.ResolveRequest;
import io.llmcm.server.grpc.v1.ResolveResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * gRPC {@code Resolve} with {@code min_revision} on a server that lags (it never follows the store
 * another instance writes): answered from Redis with a value at that revision or later, never older.
 */
class GrpcLaggingReadTest {
    private static final String TOKEN = "grpc-lagging-test-token-0123456789";
    private final String prefix = RedisFixtures.newPrefix();
    private Repository writer;
    private Server lagging;
    private GrpcClient grpc;

    @AfterEach
    void stop() {
        if (grpc != null) {
            grpc.close();
        }
        if (lagging != null) {
            lagging.close();
        }
        if (writer != null) {
            writer.close();
        }
        RedisFixtures.clean(RedisFixtures.SHARED_PORT, prefix);
    }

    private Repository open(MemoryStore store) {
        RedisCache cache = RedisCache.open(RedisConfig.parse(RedisFixtures.url(RedisFixtures.SHARED_PORT, prefix)));
        return Repository.open(store, Repository.Options.defaults().withSharedCache(cache));
    }

    private static ResolveRequest resolve(long min) {
        return ResolveRequest.newBuilder().setTenant("acme").setEnv("dev").setPath("llm/chat").setMinRevision(min).build();
    }

    @Test
    void resolveWithAMinRevisionNotReachedHereIsAnsweredFromRedisButNeverWithAnOlderValue() throws Exception {
        MemoryStore store = new MemoryStore();
        writer = open(store);
        writer.initialize("test");
        writer.commit(ChangeRequest.by("test").add(new Mutation.PutTenant(new Tenant("acme", "global"))).build());
        lagging = Server.start(open(store), Server.Options.defaults().withPort(0).withGrpcPort(0).withBootstrapToken(TOKEN));
        grpc = GrpcClient.plaintext(lagging.grpcPort());
        long at = lagging.revision();

        EntryKey chat = EntryKey.of("acme", "llm/chat", Layer.of("dev"));
        long r1 = writer.commit(ChangeRequest.by("test").put(chat, Value.of(Json.parse("{\"model\":\"gpt-a\"}"))).build()).revision();
        assertThat(writer.get(Scope.of("acme", "dev"), "llm/chat")).isPresent(); // offered to Redis at r1

        ResolveResponse r = null;
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (r == null && System.nanoTime() < deadline) {
            try {
                r = grpc.call(ConfigServiceMethods.RESOLVE, TOKEN, resolve(r1));
            } catch (io.grpc.StatusRuntimeException e) {
                assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION); // the offer had not landed yet
            }
        }
        assertThat(r).isNotNull();
        assertThat(Json.parse(r.getValueJson()).get("model").asString()).isEqualTo("gpt-a");
        assertThat(r.getRevision()).isEqualTo(r1);
        assertThat(lagging.revision()).isEqualTo(at);

        long r2 = writer.commit(ChangeRequest.by("test").put(chat, Value.of(Json.parse("{\"model\":\"gpt-b\"}"))).build()).revision();
        assertThat(grpc.failure(ConfigServiceMethods.RESOLVE, TOKEN, resolve(r2)).getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
    }
}
