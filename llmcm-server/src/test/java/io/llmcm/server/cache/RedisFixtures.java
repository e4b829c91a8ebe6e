package io.llmcm.server.cache;

import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The machine's Redis (127.0.0.1:6379) for tests, each under a key prefix of its own that {@link
 * #clean} removes (SCAN + DEL of that prefix only), and throwaway {@code redis-server} processes a
 * test may kill (never the shared one).
 */
public final class RedisFixtures {
    public static final String HOST = "127.0.0.1";
    public static final int SHARED_PORT = 6379;

    private RedisFixtures() {}

    public static String newPrefix() {
        return "llmcm-test-" + UUID.randomUUID().toString().substring(0, 8);
    }

    public static String url(int port, String prefix) {
        return "redis://" + HOST + ":" + port + "/0?prefix=" + prefix;
    }

    /** Every key under the prefix with its bytes (what Redis holds for it). */
    static Map<String, byte[]> dump(int port, String prefix) {
        Map<String, byte[]> out = new LinkedHashMap<>();
        withRedis(port, r -> {
            for (byte[] k : keys(r, prefix)) {
                byte[] v = r.get(k);
                if (v != null) {
                    out.put(new String(k, StandardCharsets.UTF_8), v);
                }
            }
        });
        return out;
    }

    /** Deletes every key under the prefix, and only those. */
    public static void clean(int port, String prefix) {
        withRedis(port, r -> {
            List<byte[]> keys = keys(r, prefix);
            if (!keys.isEmpty()) {
                r.del(keys.toArray(new byte[0][]));
            }
        });
    }

    private static List<byte[]> keys(RedisCommands<byte[], byte[]> r, String prefix) {
        List<byte[]> all = new ArrayList<>();
        ScanArgs match = ScanArgs.Builder.matches(prefix + ":*").limit(1000);
        KeyScanCursor<byte[]> c = r.scan(match);
        all.addAll(c.getKeys());
        while (!c.isFinished()) {
            c = r.scan(ScanCursor.of(c.getCursor()), match);
            all.addAll(c.getKeys());
        }
        return all;
    }

    static void withRedis(int port, java.util.function.Consumer<RedisCommands<byte[], byte[]>> body) {
        RedisClient client = RedisClient.create(RedisURI.create(HOST, port));
        try (StatefulRedisConnection<byte[], byte[]> c = client.connect(ByteArrayCodec.INSTANCE)) {
            body.accept(c.sync());
        } finally {
            client.shutdown();
        }
    }

    /** Runs the check until it passes, for at most 5 s (what another thread or Redis does arrives a little later). */
    static void eventually(Runnable check) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (true) {
            try {
                check.run();
                return;
            } catch (AssertionError e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(10);
            }
        }
    }

    static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    /** A redis-server of the test's own, on a free port, without persistence; kill it at will. */
    static final class OwnRedis implements AutoCloseable {
        final int port;
        private final Path dir;
        private Process process;

        OwnRedis() throws IOException, InterruptedException {
            try (ServerSocket s = new ServerSocket(0)) {
                port = s.getLocalPort();
            }
            dir = Files.createTempDirectory("llmcm-redis");
            start();
        }

        void start() throws IOException, InterruptedException {
            process = new ProcessBuilder("redis-server", "--port", Integer.toString(port), "--bind", HOST, "--save", "",
                    "--appendonly", "no", "--dir", dir.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("redis.log").toFile())
                    .start();
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (System.nanoTime() < deadline) {
                try (Socket s = new Socket(HOST, port)) {
                    return;
                } catch (IOException e) {
                    Thread.sleep(20);
                }
            }
            throw new IllegalStateException("redis-server did not start on port " + port);
        }

        /** Kills the process (SIGKILL: Redis goes away as in a crash) and waits for it to end. */
        void kill() throws InterruptedException {
            process.destroyForcibly();
            process.waitFor();
        }

        @Override
        public void close() throws InterruptedException {
            if (process != null && process.isAlive()) {
                kill();
            }
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                // a temp directory left behind
            }
        }
    }
}
