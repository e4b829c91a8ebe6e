package io.llmcm.server.http;

import io.llmcm.core.audit.AuditEvent;
import io.llmcm.core.audit.AuditLog;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Allowed reads, folded: one audit event per (principal, action, tenant, target, reason) and
 * second, carrying how many times it happened ({@code "allowed 1234 times from T1 to T2: …"}).
 * A gateway reading its configuration thousands of times a second would otherwise make the
 * audit chain do as much work as the server (measured: a fifth of the GET throughput on two
 * cores). Denials, writes, reveals, role and tenant changes are never folded: each is its own
 * event. {@code every} turns folding off.
 */
final class ReadAudit implements AutoCloseable {
    private record Key(String actor, String action, String tenant, String target, String reason) {}

    /**
     * Reads counted since the last flush; {@code RETIRED} once removed from the map, so a reader
     * that still holds it retries with a fresh one and no read goes uncounted.
     */
    private static final class Count {
        static final long RETIRED = -1;
        final java.util.concurrent.atomic.AtomicLong n = new java.util.concurrent.atomic.AtomicLong();
        volatile Instant first;
        int idleFlushes;

        boolean add(Instant time) {
            long v;
            do {
                v = n.get();
                if (v == RETIRED) {
                    return false;
                }
            } while (!n.compareAndSet(v, v + 1));
            if (v == 0) {
                first = time;
            }
            return true;
        }
    }

    private final AuditLog audit;
    private final Clock clock;
    private final boolean every;
    private final ConcurrentHashMap<Key, Count> counts = new ConcurrentHashMap<>();
    private final Thread flusher;
    private volatile boolean closed;

    ReadAudit(AuditLog audit, Clock clock, boolean every) {
        this.audit = audit;
        this.clock = clock;
        this.every = every;
        this.flusher = every ? null : Thread.ofPlatform().name("llmcm-read-audit").daemon(true).start(this::loop);
    }

    /** Records one allowed read. */
    void allowed(Instant time, String actor, String action, String tenant, String target, String reason) {
        if (every) {
            audit.record(AuditEvent.of(time, actor, action, tenant, target, "allowed", reason));
            return;
        }
        Key key = new Key(actor, action, tenant, target, reason);
        while (!counts.computeIfAbsent(key, k -> new Count()).add(time)) {
            Thread.onSpinWait(); // the flusher just retired it; the next lookup makes a new one
        }
    }

    private void loop() {
        while (!closed) {
            // parked, not interrupted, by close(): an interrupt landing in flush() would fail its audit writes
            java.util.concurrent.locks.LockSupport.parkNanos(1_000_000_000L);
            flush();
        }
        flush();
    }

    /** Writes what was counted since the last flush, one event per key; forgets keys idle for a minute. */
    synchronized void flush() {
        Instant end = clock.instant();
        for (Map.Entry<Key, Count> e : counts.entrySet()) {
            Count c = e.getValue();
            Instant first = c.first;
            long n = c.n.getAndSet(0);
            if (n > 0) {
                c.idleFlushes = 0;
                Key k = e.getKey();
                String detail = n == 1 ? k.reason() : "allowed " + n + " times from " + first + " to " + end + ": " + k.reason();
                audit.record(AuditEvent.of(first == null ? end : first, k.actor(), k.action(), k.tenant(), k.target(), "allowed", detail));
            } else if (++c.idleFlushes >= 60 && c.n.compareAndSet(0, Count.RETIRED)) {
                counts.remove(e.getKey(), c);
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        if (flusher != null) {
            java.util.concurrent.locks.LockSupport.unpark(flusher);
            try {
                flusher.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
