package io.llmcm.server.cache;

import static io.llmcm.server.cache.RedisFixtures.SHARED_PORT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmcm.core.InvalidInputException;
import io.llmcm.core.cache.SharedCache;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@link RedisCache} against the machine's Redis, under a prefix of its own. */
class RedisCacheTest {
    private final String prefix = RedisFixtures.newPrefix();
    private final List<RedisCache> opened = new CopyOnWriteArrayList<>();

    @AfterEach
    void cleanUp() {
        opened.forEach(RedisCache::close);
        RedisFixtures.clean(SHARED_PORT, prefix);
    }

    private RedisCache open() {
        RedisCache c = RedisCache.open(RedisConfig.parse(RedisFixtures.url(SHARED_PORT, prefix)));
        opened.add(c);
        return c;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void anEntryPutIsReadByAnotherInstanceUnderItsPrefixWithATimeToLive() throws Exception {
        RedisCache a = open();
        RedisCache b = open();
        assertThat(a.available()).isTrue();
        assertThat(b.get("at:x:1:p")).isEmpty();
        a.put("at:x:1:p", bytes("v1"));
        RedisFixtures.eventually(() -> assertThat(b.get("at:x:1:p")).hasValueSatisfying(v -> assertThat(v).isEqualTo(bytes("v1"))));
        assertThat(b.stats().hits()).isEqualTo(1);
        assertThat(b.stats().misses()).isGreaterThanOrEqualTo(1);
        assertThat(b.stats().errors()).isZero();
        RedisFixtures.withRedis(SHARED_PORT, r -> {
            assertThat(r.get(bytes(prefix + ":at:x:1:p"))).isEqualTo(bytes("v1"));
            assertThat(r.pttl(bytes(prefix + ":at:x:1:p"))).isBetween(1L, RedisCache.AT_TTL.toMillis());
        });
    }

    @Test
    void aCurrentValueIsReplacedOnlyByAHigherRevision() throws Exception {
        RedisCache a = open();
        a.offerCurrent("cur:x:p", 5, bytes("five"));
        RedisFixtures.eventually(() -> assertThat(a.current("cur:x:p")).hasValueSatisfying(v -> assertThat(v).isEqualTo(bytes("five"))));
        a.offerCurrent("cur:x:p", 3, bytes("three")); // an instance that computed earlier and offers late
        a.offerCurrent("cur:x:p", 5, bytes("five-again"));
        a.offerCurrent("cur:x:p", 7, bytes("seven"));
        RedisFixtures.eventually(() -> assertThat(a.current("cur:x:p")).hasValueSatisfying(v -> assertThat(v).isEqualTo(bytes("seven"))));
        a.offerCurrent("cur:x:p", 6, bytes("six"));
        a.put("at:sync:0:p", bytes("x")); // ordered after the offer on one connection: once it is visible, so is the offer's outcome
        RedisFixtures.eventually(() -> assertThat(a.get("at:sync:0:p")).isPresent());
        assertThat(a.current("cur:x:p")).hasValueSatisfying(v -> assertThat(v).isEqualTo(bytes("seven")));
    }

    @Test
    void commitAnnouncementsReachTheOtherInstances() throws Exception {
        RedisCache a = open();
        RedisCache b = open();
        AtomicLong heard = new AtomicLong();
        b.onCommit(heard::set);
        a.publishCommit(42);
        RedisFixtures.eventually(() -> assertThat(heard.get()).isEqualTo(42));
    }

    @Test
    void prefixesKeepStoresApart() throws Exception {
        RedisCache a = open();
        String other = RedisFixtures.newPrefix();
        RedisCache b = RedisCache.open(RedisConfig.parse(RedisFixtures.url(SHARED_PORT, other)));
        try {
            a.put("at:x:1:p", bytes("mine"));
            RedisFixtures.eventually(() -> assertThat(a.get("at:x:1:p")).isPresent());
            assertThat(b.get("at:x:1:p")).isEmpty();
        } finally {
            b.close();
            RedisFixtures.clean(SHARED_PORT, other);
        }
    }

    @Test
    void aRedisThatIsNotThereMakesEveryLookupMissAtOnce() throws Exception {
        int port;
        try (var s = new java.net.ServerSocket(0)) {
            port = s.getLocalPort(); // nobody listens there once closed
        }
        RedisCache c = RedisCache.open(RedisConfig.parse(RedisFixtures.url(port, prefix)));
        opened.add(c);
        assertThat(c.available()).isFalse();
        long started = System.nanoTime();
        for (int i = 0; i < 1000; i++) {
            assertThat(c.get("at:x:1:p")).isEmpty();
        }
        c.put("at:x:1:p", bytes("v"));
        c.offerCurrent("cur:x:p", 1, bytes("v"));
        c.publishCommit(1);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(1)); // never waited on Redis
        assertThat(c.stats()).isEqualTo(new SharedCache.Stats(0, 0, 0, 1000));
    }

    @Test
    void urlsAreCheckedAndNeverShowThePassword() {
        RedisConfig c = RedisConfig.parse("redis://:hunter2@cache.example:6380/3?prefix=prod-eu&timeout=20");
        assertThat(c.prefix()).isEqualTo("prod-eu");
        assertThat(c.timeout()).isEqualTo(Duration.ofMillis(20));
        assertThat(c.uri().getDatabase()).isEqualTo(3);
        assertThat(c.describe()).isEqualTo("redis://cache.example:6380/3?prefix=prod-eu");
        assertThat(c.toString()).doesNotContain("hunter2");
        assertThat(c.redact("auth failed for hunter2")).isEqualTo("auth failed for ***");
        RedisConfig d = RedisConfig.parse("redis://localhost");
        assertThat(d.prefix()).isEqualTo(RedisConfig.DEFAULT_PREFIX);
        assertThat(d.uri().getPort()).isEqualTo(6379);
        assertThat(d.timeout()).isEqualTo(RedisConfig.DEFAULT_TIMEOUT);
        assertThatThrownBy(() -> RedisConfig.parse("http://:hunter2@h:1")).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("redis://").hasMessageNotContaining("hunter2");
        assertThatThrownBy(() -> RedisConfig.parse("redis://h:1/zero")).hasMessageContaining("database number");
        assertThatThrownBy(() -> RedisConfig.parse("redis://h:1/0?prefix=a:b")).hasMessageContaining("prefix");
        assertThatThrownBy(() -> RedisConfig.parse("redis://h:1/0?timeout=0")).hasMessageContaining("1 to 10000 ms");
        assertThatThrownBy(() -> RedisConfig.parse("redis://:hunter2@h:1/0?ttl=5")).hasMessageContaining("unknown parameter 'ttl'")
                .hasMessageNotContaining("hunter2");
        assertThatThrownBy(() -> RedisConfig.parse("redis:///0")).hasMessageContaining("no host");
    }

    @Test
    void theBreakerBacksOffTwiceAsLongAfterEveryFailedRetry() {
        AtomicLong now = new AtomicLong();
        Breaker b = new Breaker(Duration.ofNanos(100), Duration.ofNanos(350), now::get);
        assertThat(b.isClosed()).isTrue();
        assertThat(b.failed()).isEqualTo(1);
        b.succeeded();
        assertThat(b.failed()).isEqualTo(1);
        assertThat(b.open()).isTrue(); // the outage begins: said once
        assertThat(b.open()).isFalse();
        assertThat(b.mayRetry()).isFalse();
        now.set(100);
        assertThat(b.mayRetry()).isTrue();
        b.retryLater(); // 200
        now.set(299);
        assertThat(b.mayRetry()).isFalse();
        now.set(300);
        assertThat(b.mayRetry()).isTrue();
        b.retryLater(); // 400, capped at 350
        now.set(649);
        assertThat(b.mayRetry()).isFalse();
        now.set(650);
        assertThat(b.mayRetry()).isTrue();
        assertThat(b.close()).isTrue(); // the outage ends: said once
        assertThat(b.close()).isFalse();
        assertThat(b.isClosed()).isTrue();
    }
}
