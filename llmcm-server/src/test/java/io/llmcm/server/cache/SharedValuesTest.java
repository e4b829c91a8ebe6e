package io.llmcm.server.cache;

import static io.llmcm.server.cache.RedisFixtures.SHARED_PORT;
import static org.assertj.core.api.Assertions.assertThat;

import io.llmcm.core.cache.SharedCache;
import io.llmcm.core.crypto.EnvironmentKeyProvider;
import io.llmcm.core.json.Json;
import io.llmcm.core.model.EntryKey;
import io.llmcm.core.model.Layer;
import io.llmcm.core.model.Mutation;
import io.llmcm.core.model.Tenant;
import io.llmcm.core.model.Value;
import io.llmcm.core.repo.ChangeRequest;
import io.llmcm.core.repo.Repository;
import io.llmcm.core.repo.Resolved;
import io.llmcm.core.repo.Scope;
import io.llmcm.core.store.ChangeFeed;
import io.llmcm.core.store.MemoryStore;
import io.llmcm.core.store.Store;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The repository with the Redis L2: values as of past revisions, current values for an instance
 * that lags, commit announcements, and what must never come out of (or go into) the cache.
 * Instances are repositories on one in-memory store, each with a {@link RedisCache} of its own on
 * the machine's Redis under this test's prefix.
 */
class SharedValuesTest {
    private static final Scope ACME_DEV = Scope.of("acme", "dev");
    private static final EntryKey MODEL = EntryKey.of("acme", "llm/model", Layer.of("dev"));

    private final String prefix = RedisFixtures.newPrefix();
    private final List<AutoCloseable> opened = new ArrayList<>();
    private final MemoryStore store = new MemoryStore();

    @AfterEach
    void cleanUp() throws Exception {
        for (AutoCloseable c : opened.reversed()) {
            c.close();
        }
        RedisFixtures.clean(SHARED_PORT, prefix);
    }

    private RedisCache redis() {
        RedisCache c = RedisCache.open(RedisConfig.parse(RedisFixtures.url(SHARED_PORT, prefix)));
        assertThat(c.available()).as("connected to the machine's Redis").isTrue();
        return c;
    }

    /** An instance on the shared store; {@code follows}: it has a store feed that never announces, so only Redis wakes it. */
    private Repository instance(SharedCache cache, boolean follows, Map<String, String> env) {
        Store s = follows ? silentFeed(store) : unclosed(store);
        Repository r = Repository.open(s, Repository.Options.defaults()
                .withKeyProviders(env == null ? null : rec -> new EnvironmentKeyProvider("LLMCM_MASTER_KEY", env))
                .withSharedCache(cache));
        opened.add(r);
        if (!r.isInitialized()) {
            r.initialize("test");
            if (env != null) {
                r.secrets().initialize(new EnvironmentKeyProvider("LLMCM_MASTER_KEY", env), "test");
            }
            r.commit(ChangeRequest.by("test").add(new Mutation.PutTenant(new Tenant("acme", "global"))).build());
        }
        return r;
    }

    private Repository instance() {
        return instance(redis(), false, null);
    }

    private static long put(Repository r, EntryKey k, String json) {
        return r.commit(ChangeRequest.by("test").put(k, Value.of(Json.parse(json))).build()).revision();
    }

    private static String text(Optional<Resolved> r) {
        return r.map(x -> x.value().toString()).orElse(null);
    }

    private Map<String, byte[]> redisKeys(String kind) {
        Map<String, byte[]> all = RedisFixtures.dump(SHARED_PORT, prefix);
        all.keySet().removeIf(k -> !k.startsWith(prefix + ":" + kind + ":"));
        return all;
    }

    @Test
    void aValueAsOfAPastRevisionIsComputedOnceAndThenServedFromRedisToEveryInstance() throws Exception {
        Repository a = instance();
        long r1 = put(a, MODEL, "\"gpt-a\"");
        put(a, MODEL, "\"gpt-b\"");
        Repository b = instance(); // opened after the commits: it knows the tenants as they are now
        assertThat(text(a.get(ACME_DEV, "llm/model", r1))).isEqualTo("\"gpt-a\"");
        assertThat(a.sharedCacheStats().misses()).isEqualTo(1);
        RedisFixtures.eventually(() -> assertThat(redisKeys("at")).hasSize(1));

        Resolved fromRedis = b.get(ACME_DEV, "llm/model", r1).orElseThrow();
        assertThat(b.sharedCacheStats().hits()).isEqualTo(1);
        assertThat(fromRedis).isEqualTo(a.get(ACME_DEV, "llm/model", r1).orElseThrow()); // value, revision, modRevision, layer
        assertThat(fromRedis.revision()).isEqualTo(r1);
        assertThat(a.sharedCacheStats().hits()).isEqualTo(1); // the second read on a: from Redis too

        List<Resolved> listed = a.list(ACME_DEV, "llm", r1); // a listing as of r1: from the store, then shared
        assertThat(listed).extracting(x -> x.value().toString()).containsExactly("\"gpt-a\"");
        RedisFixtures.eventually(() -> assertThat(redisKeys("list")).hasSize(1));
        assertThat(b.list(ACME_DEV, "llm", r1)).isEqualTo(listed);
        assertThat(b.sharedCacheStats().hits()).isEqualTo(2);
        assertThat(b.list(ACME_DEV, "other", r1)).isEmpty();
    }

    @Test
    void aLaggingInstanceIsAnsweredFromRedisOnlyWithAValueAtLeastAsNewAsDemanded() throws Exception {
        Repository a = instance();
        Repository lagging = instance(redis(), false, null); // never follows: stays where it loaded
        long before = lagging.revision();
        put(a, MODEL, "\"gpt-a\"");
        long r2 = put(a, MODEL, "\"gpt-b\"");
        assertThat(lagging.sharedAtLeast(ACME_DEV, "llm/model", r2)).isEmpty(); // nobody computed it yet
        assertThat(text(a.get(ACME_DEV, "llm/model"))).isEqualTo("\"gpt-b\""); // computed at r2: offered
        RedisFixtures.eventually(() -> assertThat(lagging.sharedAtLeast(ACME_DEV, "llm/model", r2)).isPresent());

        Resolved r = lagging.sharedAtLeast(ACME_DEV, "llm/model", r2).orElseThrow();
        assertThat(r.value().toString()).isEqualTo("\"gpt-b\"");
        assertThat(r.revision()).isEqualTo(r2);
        assertThat(r.modRevision()).isEqualTo(r2);
        assertThat(lagging.revision()).isEqualTo(before); // answered without catching up

        long r3 = put(a, MODEL, "\"gpt-c\""); // not read on a since: Redis still holds the value at r2
        long refused = lagging.sharedCacheRefused();
        assertThat(lagging.sharedAtLeast(ACME_DEV, "llm/model", r3)).isEmpty(); // never older than demanded
        assertThat(lagging.sharedCacheRefused()).isEqualTo(refused + 1);
        assertThat(lagging.sharedAtLeast(ACME_DEV, "llm/model", before)).isEmpty(); // reached already: read memory instead
        assertThat(text(a.get(ACME_DEV, "llm/model"))).isEqualTo("\"gpt-c\"");
        RedisFixtures.eventually(() -> assertThat(text(lagging.sharedAtLeast(ACME_DEV, "llm/model", r3))).isEqualTo("\"gpt-c\""));
        assertThat(lagging.sharedAtLeast(ACME_DEV, "llm/other", r3)).isEmpty();
    }

    @Test
    void aValueWithReferencesIsNotAnsweredFromRedisToALaggingInstance() throws Exception {
        Repository a = instance();
        Repository lagging = instance(redis(), false, null);
        EntryKey ref = EntryKey.of("acme", "llm/url", Layer.of("dev"));
        put(a, MODEL, "\"gpt-a\"");
        long r = put(a, ref, "\"https://x/${config:llm/model}\"");
        assertThat(a.get(ACME_DEV, "llm/url")).isPresent(); // offered
        assertThat(a.get(ACME_DEV, "llm/model")).isPresent();
        RedisFixtures.eventually(() -> assertThat(redisKeys("cur")).hasSize(2));
        // its reference would resolve against the lagging state: wait for the follow instead
        assertThat(lagging.sharedAtLeast(ACME_DEV, "llm/url", r)).isEmpty();
        assertThat(lagging.sharedAtLeast(ACME_DEV, "llm/model", r - 1)).isPresent();
    }

    @Test
    void aDeletedTenantsValuesAreNeverServedAgainEvenToATenantOfTheSameName() throws Exception {
        Repository a = instance();
        long r1 = put(a, MODEL, "\"old-tenant-value\"");
        put(a, EntryKey.of("acme", "other", Layer.of("dev")), "1"); // r1 is then a past revision
        assertThat(text(a.get(ACME_DEV, "llm/model", r1))).isEqualTo("\"old-tenant-value\"");
        assertThat(a.list(ACME_DEV, "llm", r1)).hasSize(1);
        RedisFixtures.eventually(() -> assertThat(redisKeys("at")).hasSize(1));
        RedisFixtures.eventually(() -> assertThat(redisKeys("list")).hasSize(1));

        a.commit(ChangeRequest.by("test").add(new Mutation.DeleteTenant("acme")).build());
        a.commit(ChangeRequest.by("test").add(new Mutation.PutTenant(new Tenant("acme", "global"))).build());
        put(a, MODEL, "\"new-tenant-value\"");

        // the old entry is still in Redis under the same key (same chain, same path, same revision) ...
        assertThat(redisKeys("at")).hasSize(1);
        long hits = a.sharedCacheStats().hits();
        // ... yet the read answers what the store holds now: nothing of the deleted tenant
        assertThat(a.get(ACME_DEV, "llm/model", r1)).isEmpty();
        assertThat(a.sharedCacheStats().hits()).isEqualTo(hits + 1); // it was found ...
        assertThat(a.sharedCacheRefused()).isEqualTo(1); // ... and refused
        assertThat(a.list(ACME_DEV, "llm", r1)).isEmpty(); // the listing too
        assertThat(a.sharedCacheRefused()).isEqualTo(2);
        Repository fresh = instance(); // an instance started after the re-creation refuses it too
        assertThat(fresh.get(ACME_DEV, "llm/model", r1)).isEmpty();
        assertThat(fresh.list(ACME_DEV, "", r1)).isEmpty();
        assertThat(text(fresh.get(ACME_DEV, "llm/model"))).isEqualTo("\"new-tenant-value\"");
    }

    @Test
    void noSecretEverReachesRedisNeitherInPlaintextNorSealed() throws Exception {
        Map<String, String> env = new java.util.HashMap<>(Map.of("LLMCM_MASTER_KEY", EnvironmentKeyProvider.newKey()));
        Repository a = instance(redis(), false, env);
        String plaintext = "sk-PLAINTEXT-" + prefix;
        EntryKey secret = EntryKey.of("acme", "llm/api-key", Layer.of("dev"));
        long r1 = a.commit(ChangeRequest.by("test").put(secret, a.secrets().seal(secret, Value.text(plaintext), null)).build()).revision();
        put(a, MODEL, "\"gpt-a\"");
        long r3 = a.commit(ChangeRequest.by("test").put(secret, a.secrets().seal(secret, Value.text(plaintext + "-2"), null)).build()).revision();
        put(a, EntryKey.of("acme", "llm/key-ref", Layer.of("dev")), "\"${secret:llm/api-key}\"");

        assertThat(a.get(ACME_DEV, "llm/api-key")).hasValueSatisfying(r -> assertThat(r.isSecret()).isTrue());
        assertThat(a.get(ACME_DEV, "llm/api-key", r1)).isPresent();
        assertThat(a.get(ACME_DEV, "llm/api-key", r3)).isPresent();
        assertThat(a.get(ACME_DEV, "llm/key-ref")).isPresent();
        assertThat(a.get(ACME_DEV, "llm/model", r1 + 1)).isPresent();
        assertThat(a.list(ACME_DEV, "llm", r1 + 1)).hasSize(2); // with the secret: not shared
        RedisFixtures.eventually(() -> assertThat(RedisFixtures.dump(SHARED_PORT, prefix)).hasSize(2)); // the model at r1+1 and the reference's current value; nothing of the secret

        Map<String, byte[]> all = RedisFixtures.dump(SHARED_PORT, prefix);
        assertThat(all.keySet()).noneMatch(k -> k.endsWith("llm/api-key")).noneMatch(k -> k.startsWith(prefix + ":list:"));
        byte[] needle = plaintext.getBytes(StandardCharsets.UTF_8);
        for (var e : all.entrySet()) {
            assertThat(RedisFixtures.contains(e.getValue(), needle)).as(e.getKey()).isFalse();
            assertThat(new String(e.getValue(), StandardCharsets.ISO_8859_1)).as(e.getKey()).doesNotContain("\"ct\"", "ciphertext");
        }
    }

    @Test
    void aCommitAnnouncedOnRedisWakesTheFollowOfTheOtherInstances() throws Exception {
        Repository a = instance();
        Repository b = instance(redis(), true, null); // its store feed never announces anything
        long r = put(a, MODEL, "\"gpt-a\"");
        RedisFixtures.eventually(() -> assertThat(b.revision()).isEqualTo(r));
        assertThat(text(b.get(ACME_DEV, "llm/model"))).isEqualTo("\"gpt-a\"");
        assertThat(b.followedCommits()).isEqualTo(1);
    }

    /** The store without its close (instances share it; the test closes nothing it did not open). */
    private static Store unclosed(Store s) {
        return proxy(s, null);
    }

    /** The store with a change feed that never announces, as a PostgreSQL store whose notifications are lost. */
    private static Store silentFeed(Store s) {
        ChangeFeed silent = new ChangeFeed() {
            @Override
            public boolean connected() {
                return true;
            }

            @Override
            public void close() {}
        };
        return proxy(s, silent);
    }

    private static Store proxy(Store s, ChangeFeed feed) {
        return (Store) Proxy.newProxyInstance(Store.class.getClassLoader(), new Class<?>[] {Store.class}, (p, m, args) -> {
            if (m.getName().equals("close") && m.getParameterCount() == 0) {
                return null;
            }
            if (m.getName().equals("follow")) {
                return Optional.ofNullable(feed);
            }
            try {
                return m.invoke(s, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        });
    }
}
