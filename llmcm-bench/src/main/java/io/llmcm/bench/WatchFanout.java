package io.llmcm.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The watch fan-out benchmark: opens N server-sent event streams on one server, then writes M
 * changes one after another and measures, for each watcher and change, the time from sending the
 * write to the change event arriving. One selector thread reads every stream, so the driver costs
 * little next to the server.
 *
 * <p>The first {@code WARMUP} changes are not counted: until the JIT has compiled the path, they
 * measure the compiler.
 *
 * <p>The tenant watched and written (default global) and the pause between changes (default
 * 100 ms) are optional: {@code bench/scale} watches a tenant of 100,000 keys with writes at a
 * steadier rate, and reads the events delivered per second of the measured changes.
 *
 * <pre>java -cp llmcm-bench.jar io.llmcm.bench.WatchFanout PORT TOKEN WATCHERS CHANGES [WARMUP [SERVER_PID [TENANT [PAUSE_MS]]]]</pre>
 */
public final class WatchFanout {
    private static final byte[] CHANGE = "event: change\nid: ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] READY = "event: ready".getBytes(StandardCharsets.US_ASCII);

    private final int port;
    private final String token;
    /** When the write of each revision was sent, by revision. */
    private final ConcurrentHashMap<Long, Long> sentAt = new ConcurrentHashMap<>();
    /** How long each write took to be acknowledged, by revision. */
    private final ConcurrentHashMap<Long, Long> acked = new ConcurrentHashMap<>();
    private final AtomicInteger ready = new AtomicInteger();
    /** The server's process, to read the CPU time it spends on the measured changes; −1 if not given. */
    private static long serverPid;

    /** User plus system CPU time of a process, in clock ticks (1/100 s on Linux), from /proc. */
    private static long cpuTicks(String pid) {
        try {
            String stat = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/" + pid + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime (fields 14 and 15)
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private final String tenant;
    private final long pauseMillis;

    private WatchFanout(int port, String token, String tenant, long pauseMillis) {
        this.port = port;
        this.token = token;
        this.tenant = tenant;
        this.pauseMillis = pauseMillis;
    }

    /** Per stream: the bytes of a frame not complete yet (a read may end inside one). */
    private static final class Stream {
        final SocketChannel channel;
        byte[] pending = new byte[1024];
        int length;
        boolean readySeen;

        Stream(SocketChannel channel) {
            this.channel = channel;
        }
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        String token = args[1];
        int watchers = Integer.parseInt(args[2]);
        int changes = Integer.parseInt(args[3]);
        int warmup = args.length > 4 ? Integer.parseInt(args[4]) : 0;
        serverPid = args.length > 5 ? Long.parseLong(args[5]) : -1;
        String tenant = args.length > 6 ? args[6] : "global";
        long pause = args.length > 7 ? Long.parseLong(args[7]) : 100;
        new WatchFanout(port, token, tenant, pause).run(watchers, changes, warmup);
    }

    private void run(int watchers, int changes, int warmup) throws Exception {
        Selector selector = Selector.open();
        String request = "GET /v1/watch?tenant=" + tenant + "&env=prod&prefix=bench/watched HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + "Accept: text/event-stream\r\nAuthorization: Bearer " + token + "\r\n\r\n";
        byte[] req = request.getBytes(StandardCharsets.US_ASCII);
        long t0 = System.nanoTime();
        Thread reader = Thread.ofPlatform().name("fanout-reader").start(() -> readLoop(selector));
        // open in batches: the server's accept queue is finite, and a refused SYN costs a second
        for (int opened = 0; opened < watchers; ) {
            int batch = Math.min(250, watchers - opened);
            for (int i = 0; i < batch; i++) {
                SocketChannel ch = SocketChannel.open(new InetSocketAddress("127.0.0.1", port));
                ch.write(ByteBuffer.wrap(req));
                ch.configureBlocking(false);
                synchronized (this) {
                    selector.wakeup();
                    ch.register(selector, SelectionKey.OP_READ, new Stream(ch));
                }
            }
            opened += batch;
            while (ready.get() < opened) {
                Thread.sleep(5);
            }
            if (opened % 2000 == 0) {
                System.out.printf("  %d ready after %.1f s%n", opened, (System.nanoTime() - t0) / 1e9);
            }
        }
        System.out.printf("%d watchers connected and ready in %.1f s%n", watchers, (System.nanoTime() - t0) / 1e9);

        HttpClient http = HttpClient.newHttpClient();
        long serverTicks = 0;
        long selfTicks = 0;
        long measuredFrom = System.nanoTime();
        for (int c = 0; c < warmup + changes; c++) {
            if (c == warmup) {
                serverTicks = cpuTicks(String.valueOf(serverPid));
                selfTicks = cpuTicks("self");
                measuredFrom = System.nanoTime();
            }
            long start = System.nanoTime();
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                            + "/v1/tenants/" + tenant + "/config/bench/watched/model?env=prod"))
                    .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                    .PUT(HttpRequest.BodyPublishers.ofString("{\"model\":\"gpt-4o\",\"change\":" + c + "}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            long revision = Long.parseLong(r.headers().firstValue("X-Revision").orElseThrow());
            acked.put(revision, System.nanoTime() - start);
            sentAt.put(revision, start);
            if (c < warmup) {
                counted.add(-revision); // not counted: see the class comment
            }
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (countFor(revision) < watchers && System.nanoTime() < deadline) {
                Thread.sleep(1);
            }
            if (countFor(revision) < watchers || c == warmup + changes - 1 || c % 10 == 0) {
                System.out.printf("change %d (revision %d)%s: %d of %d watchers%n", c, revision, c < warmup ? " warm-up" : "", countFor(revision), watchers);
            }
            Thread.sleep(pauseMillis); // let the server settle between changes
        }
        double measuredSeconds = (System.nanoTime() - measuredFrom) / 1e9;
        long delivered = report(watchers, changes);
        System.out.printf("measured changes: %d in %.1f s (%.1f commits/s, %d ms pause after each is delivered), %.0f events delivered/s%n",
                changes, measuredSeconds, changes / measuredSeconds, pauseMillis, delivered / measuredSeconds);
        if (serverPid > 0) {
            double events = (double) watchers * changes;
            System.out.printf("CPU per delivered event (measured changes; includes the writes and " + pauseMillis + " ms idle gaps): server %.1f µs, this driver %.1f µs%n",
                    (cpuTicks(String.valueOf(serverPid)) - serverTicks) * 10_000.0 / events, (cpuTicks("self") - selfTicks) * 10_000.0 / events);
        }
        reader.interrupt();
        selector.close();
    }

    private final ConcurrentHashMap<Long, List<Long>> byRevision = new ConcurrentHashMap<>();
    /** Warm-up revisions, negated. */
    private final java.util.Set<Long> counted = ConcurrentHashMap.newKeySet();

    private int countFor(long revision) {
        List<Long> l = byRevision.get(revision);
        if (l == null) {
            return 0;
        }
        synchronized (l) {
            return l.size();
        }
    }

    private void readLoop(Selector selector) {
        ByteBuffer buf = ByteBuffer.allocateDirect(64 * 1024);
        try {
            while (!Thread.currentThread().isInterrupted()) {
                selector.select(100);
                synchronized (this) {
                    // lets the opener register channels between selects
                }
                Iterator<SelectionKey> it = selector.selectedKeys().iterator();
                while (it.hasNext()) {
                    SelectionKey k = it.next();
                    it.remove();
                    Stream s = (Stream) k.attachment();
                    buf.clear();
                    int n = s.channel.read(buf);
                    if (n < 0) {
                        k.cancel();
                        continue;
                    }
                    long now = System.nanoTime();
                    buf.flip();
                    if (s.length + n > s.pending.length) {
                        s.pending = java.util.Arrays.copyOf(s.pending, Math.max(s.pending.length * 2, s.length + n));
                    }
                    buf.get(s.pending, s.length, n);
                    s.length += n;
                    try {
                        scan(s, now);
                    } catch (RuntimeException e) {
                        System.err.println("a stream's bytes did not parse: " + e);
                        s.length = 0;
                    }
                }
            }
        } catch (IOException | java.nio.channels.ClosedSelectorException e) {
            // done
        }
    }

    /**
     * Takes the complete frames out of the stream's pending bytes and records the change events;
     * bytes, not strings, so that the reader costs little next to the server it measures.
     */
    private void scan(Stream s, long now) {
        byte[] b = s.pending;
        int start = 0;
        for (int i = 0; i + 1 < s.length; i++) {
            if (b[i] != '\n' || b[i + 1] != '\n') {
                continue;
            }
            // a frame may start with the response's headers or a chunk size line: search, don't anchor
            int change = indexOf(b, start, i, CHANGE);
            if (change >= 0) {
                long revision = 0;
                for (int j = change + CHANGE.length; j < i && b[j] != '\n'; j++) {
                    revision = revision * 10 + (b[j] - '0');
                }
                record(revision, now);
            } else if (!s.readySeen && indexOf(b, start, i, READY) >= 0) {
                s.readySeen = true;
                ready.incrementAndGet();
            }
            start = i + 2;
            i++;
        }
        System.arraycopy(b, start, b, 0, s.length - start);
        s.length -= start;
    }

    private static int indexOf(byte[] b, int from, int to, byte[] what) {
        outer:
        for (int i = from; i <= to - what.length; i++) {
            for (int j = 0; j < what.length; j++) {
                if (b[i + j] != what[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private void record(long revision, long now) {
        Long sent = sentAt.get(revision);
        List<Long> l = byRevision.computeIfAbsent(revision, r -> new ArrayList<>());
        synchronized (l) {
            // the write's answer may come after its events: then the send time is filled in later
            l.add(sent == null ? -now : now - sent);
        }
    }

    /** Prints the delivery percentiles and returns how many events of the measured changes arrived. */
    private long report(int watchers, int changes) {
        List<Long> all = new ArrayList<>();
        for (var e : byRevision.entrySet()) {
            if (counted.contains(-e.getKey())) {
                continue;
            }
            Long sent = sentAt.get(e.getKey());
            synchronized (e.getValue()) {
                for (long v : e.getValue()) {
                    all.add(v >= 0 ? v : -v - sent);
                }
            }
        }
        long[] ns = all.stream().mapToLong(Long::longValue).sorted().toArray();
        StringBuilder slowest = new StringBuilder();
        byRevision.entrySet().stream()
                .filter(e -> !counted.contains(-e.getKey()))
                .map(e -> {
                    Long sent = sentAt.get(e.getKey());
                    synchronized (e.getValue()) {
                        return new long[] {e.getKey(), e.getValue().stream().mapToLong(v -> v >= 0 ? v : -v - sent).max().orElse(0),
                                e.getValue().stream().mapToLong(v -> v >= 0 ? v : -v - sent).min().orElse(0)};
                    }
                })
                .sorted((a, b) -> Long.compare(b[1], a[1])).limit(3)
                .forEach(r -> slowest.append(String.format(" revision %d: acknowledged %.1f ms, first event %.1f ms, last %.1f ms;",
                        r[0], acked.getOrDefault(r[0], 0L) / 1e6, r[2] / 1e6, r[1] / 1e6)));
        System.out.println("slowest changes:" + slowest);
        if (ns.length == 0) {
            System.out.println("no change events arrived");
            return 0;
        }
        System.out.printf("change delivery (from sending the write), %d watchers × %d changes (%d events, %d expected): p50 %.1f ms, p99 %.1f ms, max %.1f ms%n",
                watchers, changes, ns.length, (long) watchers * changes,
                pct(ns, 50), pct(ns, 99), ns[ns.length - 1] / 1e6);
        return ns.length;
    }

    private static double pct(long[] sorted, double p) {
        int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))] / 1e6;
    }
}
