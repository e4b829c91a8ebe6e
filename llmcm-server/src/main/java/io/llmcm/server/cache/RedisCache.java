package io.llmcm.server.cache;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.llmcm.core.cache.SharedCache;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongConsumer;

/**
 * The shared cache on Redis (Lettuce): entries under {@code PREFIX:…} with a time to live, the
 * current-value offers through a small Lua script that keeps the higher revision, and commit
 * announcements on the channel {@code PREFIX:commits}.
 *
 * <p>Redis is optional at every moment. Commands time out after tens of milliseconds; after a lost
 * connection or a few failures in a row the cache stops asking Redis ({@link Breaker}) and every
 * lookup misses at once, while one background thread reconnects with a growing back-off. An outage
 * is logged once when it starts and once when it ends, with the address but never the password.
 */
public final class RedisCache implements SharedCache {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(RedisCache.class);
    /** How long a value as of a past revision is kept (it never changes; this bounds memory). */
    static final Duration AT_TTL = Duration.ofHours(1);
    /** How long an offered current value is kept (a newer one replaces it at once). */
    static final Duration CURRENT_TTL = Duration.ofMinutes(10);
    /** Entries larger than this are not shared: they would cost Redis more than the store read. */
    static final int MAX_ENTRY_BYTES = 256 * 1024;
    /** Failed commands in a row that stop the cache from asking Redis. */
    static final int FAILURES_TO_OPEN = 3;
    private static final String OFFER = """
            local cur = redis.call('GET', KEYS[1])
            if cur then
              local r = tonumber(string.match(cur, '^(%d+):'))
              if r and r >= tonumber(ARGV[1]) then return 0 end
            end
            redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
            return 1
            """;

    private final RedisConfig config;
    private final RedisClient client;
    private final String channel;
    private final Breaker breaker;
    private final ScheduledExecutorService maintainer;
    private final List<LongConsumer> listeners = new CopyOnWriteArrayList<>();
    private final LongAdder hits = new LongAdder();
    private final LongAdder misses = new LongAdder();
    private final LongAdder errors = new LongAdder();
    private final LongAdder skipped = new LongAdder();
    private volatile StatefulRedisConnection<byte[], byte[]> conn;
    private volatile StatefulRedisPubSubConnection<String, String> sub;
    private volatile boolean closed;

    private RedisCache(RedisConfig config) {
        this.config = config;
        this.channel = config.prefix() + ":commits";
        this.breaker = new Breaker(Duration.ofMillis(500), Duration.ofSeconds(30), System::nanoTime);
        this.client = RedisClient.create(config.uri());
        client.setOptions(ClientOptions.builder()
                .autoReconnect(false) // reconnection is ours: one thread, a back-off, one log line per outage
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .socketOptions(SocketOptions.builder().connectTimeout(RedisConfig.CONNECT_TIMEOUT).build())
                .timeoutOptions(TimeoutOptions.enabled()) // each connection's own timeout: see connect()
                .build());
        this.maintainer = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("llmcm-redis").daemon(true).factory());
    }

    /**
     * Opens the cache and tries to connect; it is usable either way. When Redis cannot be reached now,
     * lookups miss and it connects in the background once Redis is there.
     */
    public static RedisCache open(RedisConfig config) {
        RedisCache c = new RedisCache(config);
        c.maintain();
        c.maintainer.scheduleWithFixedDelay(c::maintain, 200, 200, TimeUnit.MILLISECONDS);
        return c;
    }

    /** Where it points, without credentials. */
    public String describe() {
        return config.describe();
    }

    /** True while Redis is connected and asked. */
    public boolean available() {
        return breaker.isClosed() && conn != null;
    }

    @Override
    public boolean enabled() {
        return true;
    }

    @Override
    public Optional<byte[]> get(String key) {
        return lookup(key, false);
    }

    @Override
    public Optional<byte[]> current(String key) {
        return lookup(key, true);
    }

    private Optional<byte[]> lookup(String key, boolean current) {
        StatefulRedisConnection<byte[], byte[]> c = conn;
        if (closed || c == null || !breaker.isClosed()) {
            skipped.increment();
            return Optional.empty();
        }
        byte[] v;
        try {
            v = c.sync().get(key(key));
        } catch (RuntimeException e) {
            errors.increment();
            failed(c, e);
            return Optional.empty();
        }
        breaker.succeeded();
        if (v == null) {
            misses.increment();
            return Optional.empty();
        }
        if (current) {
            int colon = indexOf(v, (byte) ':');
            if (colon < 0) {
                misses.increment(); // not written by offerCurrent: as good as absent
                return Optional.empty();
            }
            v = Arrays.copyOfRange(v, colon + 1, v.length);
        }
        hits.increment();
        return Optional.of(v);
    }

    @Override
    public void put(String key, byte[] entry) {
        StatefulRedisConnection<byte[], byte[]> c = usable(entry);
        if (c != null) {
            watch(c, c.async().set(key(key), entry, SetArgs.Builder.px(AT_TTL.toMillis())));
        }
    }

    @Override
    public void offerCurrent(String key, long revision, byte[] entry) {
        StatefulRedisConnection<byte[], byte[]> c = usable(entry);
        if (c == null) {
            return;
        }
        byte[] rev = ascii(Long.toString(revision));
        byte[] stored = new byte[rev.length + 1 + entry.length];
        System.arraycopy(rev, 0, stored, 0, rev.length);
        stored[rev.length] = ':';
        System.arraycopy(entry, 0, stored, rev.length + 1, entry.length);
        watch(c, c.async().eval(OFFER, ScriptOutputType.INTEGER, new byte[][] {key(key)}, rev, stored,
                ascii(Long.toString(CURRENT_TTL.toMillis()))));
    }

    @Override
    public void publishCommit(long revision) {
        StatefulRedisConnection<byte[], byte[]> c = usable(new byte[0]);
        if (c != null) {
            watch(c, c.async().publish(ascii(channel), ascii(Long.toString(revision))));
        }
    }

    @Override
    public void onCommit(LongConsumer listener) {
        listeners.add(listener);
    }

    @Override
    public Stats stats() {
        return new Stats(hits.sum(), misses.sum(), errors.sum(), skipped.sum());
    }

    /** The connection to write on, or null when Redis is not asked now or the entry is too large. */
    private StatefulRedisConnection<byte[], byte[]> usable(byte[] entry) {
        StatefulRedisConnection<byte[], byte[]> c = conn;
        return closed || c == null || !breaker.isClosed() || entry.length > MAX_ENTRY_BYTES ? null : c;
    }

    /** Writes are not waited for; a failure still counts towards stopping to ask Redis. */
    private void watch(StatefulRedisConnection<byte[], byte[]> c, java.util.concurrent.CompletionStage<?> f) {
        f.whenComplete((ok, e) -> {
            if (e != null) {
                failed(c, e);
            } else {
                breaker.succeeded();
            }
        });
    }

    private void failed(StatefulRedisConnection<byte[], byte[]> c, Throwable e) {
        if (closed || c != conn) {
            return; // a connection replaced meanwhile: its failures say nothing of the new one
        }
        if (!c.isOpen() || breaker.failed() >= FAILURES_TO_OPEN) {
            down(reason(e));
        }
    }

    /** Stops asking Redis until the back-off passes and a reconnection succeeds. */
    private void down(String reason) {
        if (breaker.open()) {
            LOG.warn("Redis L2 cache at {} is unreachable ({}): serving without it, reconnecting in the background", config.describe(), reason);
        }
    }

    /** Runs on the maintainer thread: reconnects when the back-off has passed. */
    private void maintain() {
        if (closed) {
            return;
        }
        StatefulRedisConnection<byte[], byte[]> c = conn;
        StatefulRedisPubSubConnection<String, String> s = sub;
        boolean healthy = c != null && c.isOpen() && s != null && s.isOpen();
        if (healthy && breaker.isClosed()) {
            return;
        }
        if (!healthy && breaker.isClosed() && c != null) {
            down("connection lost"); // found by this check before any request failed
        }
        if (!breaker.mayRetry()) {
            return;
        }
        try {
            if (!healthy) {
                closeQuietly();
                // the handshake may take longer than a command (a cold JVM, TLS): the URI's connect timeout;
                // then every command gets the short one
                StatefulRedisConnection<byte[], byte[]> nc = client.connect(ByteArrayCodec.INSTANCE);
                nc.setTimeout(config.timeout());
                conn = nc;
                StatefulRedisPubSubConnection<String, String> ns = client.connectPubSub(StringCodec.UTF8);
                ns.addListener(new RedisPubSubAdapter<>() {
                    @Override
                    public void message(String ch, String message) {
                        announced(message);
                    }
                });
                ns.sync().subscribe(channel);
                ns.setTimeout(config.timeout());
                sub = ns;
            } else {
                c.sync().ping(); // still connected but was failing: is it answering again?
            }
            if (breaker.close()) {
                LOG.info("Redis L2 cache at {} is reachable again", config.describe());
            }
        } catch (RuntimeException e) {
            if (breaker.isClosed()) { // never connected yet (the first attempt)
                down(reason(e));
            } else {
                breaker.retryLater();
            }
        }
    }

    private void announced(String message) {
        long revision;
        try {
            revision = Long.parseLong(message.trim());
        } catch (NumberFormatException e) {
            return; // not ours: announcements are only revisions
        }
        for (LongConsumer l : listeners) {
            try {
                l.accept(revision);
            } catch (RuntimeException e) {
                LOG.debug("a commit announcement listener failed: {}", e.toString());
            }
        }
    }

    /** What went wrong, without a stack trace and without the password (Lettuce messages name only the address). */
    private String reason(Throwable e) {
        Throwable t = e instanceof java.util.concurrent.CompletionException && e.getCause() != null ? e.getCause() : e;
        String m = t.getMessage() == null ? "" : t.getMessage().lines().findFirst().orElse("");
        return t.getClass().getSimpleName() + (m.isEmpty() ? "" : ": " + config.redact(m));
    }

    private byte[] key(String key) {
        return ascii(config.prefix() + ":" + key);
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static int indexOf(byte[] b, byte x) {
        for (int i = 0; i < b.length && i < 20; i++) {
            if (b[i] == x) {
                return i;
            }
        }
        return -1;
    }

    private void closeQuietly() {
        StatefulRedisConnection<byte[], byte[]> c = conn;
        StatefulRedisPubSubConnection<String, String> s = sub;
        conn = null;
        sub = null;
        for (AutoCloseable x : new AutoCloseable[] {c, s}) {
            if (x != null) {
                try {
                    x.close();
                } catch (Exception e) {
                    // closing a dead connection: nothing to do
                }
            }
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        maintainer.shutdownNow();
        closeQuietly();
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
}
