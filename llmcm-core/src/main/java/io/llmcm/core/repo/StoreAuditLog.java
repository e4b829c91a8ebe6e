package io.llmcm.core.repo;

import io.llmcm.core.audit.AuditEvent;
import io.llmcm.core.audit.AuditLog;
import io.llmcm.core.store.Store;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Audit events into the store, written by a background thread in batches: a reveal must not wait
 * for an fsync, and a thousand reveals should cost one. {@link #flush()} waits until everything
 * recorded so far is durable; closing the repository flushes.
 */
final class StoreAuditLog implements AuditLog, AutoCloseable {
    private static final int MAX_BATCH = 10_000;
    /**
     * Events waiting to be written, at most. When the store falls this far behind (it is away),
     * audited actions wait rather than happen unrecorded or fill the heap.
     */
    private static final int MAX_QUEUED = 1_000_000;

    private final Store store;
    private final java.util.function.Supplier<byte[]> macKey;
    private long lastSeq = -1; // writer thread only; -1 until read from the store
    private String lastHash;
    private final LinkedBlockingQueue<AuditEvent> queue = new LinkedBlockingQueue<>(MAX_QUEUED);
    private final Thread writer;
    private final java.util.concurrent.atomic.AtomicLong recorded = new java.util.concurrent.atomic.AtomicLong();
    private volatile long written;
    private volatile boolean closed;

    /** @param macKey the chain's MAC key, or null while it is not available (never blocks or prompts) */
    StoreAuditLog(Store store, java.util.function.Supplier<byte[]> macKey) {
        this.store = store;
        this.macKey = macKey;
        this.writer = Thread.ofPlatform().name("llmcm-audit").daemon(true).unstarted(this::loop);
        writer.start();
    }

    @Override
    public void record(AuditEvent event) {
        try {
            queue.put(event);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new io.llmcm.core.StoreException("interrupted while recording an audit event");
        }
        // counted once queued, never before: an event that was not queued would hold flush() up forever
        recorded.incrementAndGet(); // no lock: reveals record from many threads at once
    }

    /** Waits until the writer has stored everything recorded before the call (polls: flushes are rare). */
    @Override
    public void flush() {
        long target = recorded.get();
        while (written < target && writer.isAlive()) {
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void loop() {
        List<AuditEvent> batch = new ArrayList<>(MAX_BATCH);
        while (!closed || !queue.isEmpty()) {
            try {
                AuditEvent first = queue.poll(50, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.clear();
                batch.add(first);
                queue.drainTo(batch, MAX_BATCH - 1);
                writeWithRetry(batch);
                written += batch.size(); // only this thread writes it
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Numbers and chains a batch after the last stored event. */
    private List<AuditEvent> link(List<AuditEvent> batch) {
        if (lastSeq < 0) {
            var last = store.lastAudit();
            lastSeq = last.map(AuditEvent::seq).orElse(0L);
            lastHash = last.map(AuditEvent::hash).filter(h -> !h.isEmpty()).orElse(io.llmcm.core.audit.AuditChain.GENESIS);
        }
        byte[] key;
        try {
            key = macKey.get();
        } catch (RuntimeException e) {
            key = null; // no master key open: the events are chained, just not keyed
        }
        io.llmcm.core.audit.AuditChain chain = new io.llmcm.core.audit.AuditChain(key);
        List<AuditEvent> out = new ArrayList<>(batch.size());
        long seq = lastSeq;
        String hash = lastHash;
        for (AuditEvent e : batch) {
            AuditEvent linked = chain.link(e, ++seq, hash);
            out.add(linked);
            hash = linked.hash();
        }
        return out;
    }

    /** An audit record must not be dropped for a passing store error; retry until closed. */
    private void writeWithRetry(List<AuditEvent> batch) throws InterruptedException {
        for (int attempt = 0; ; attempt++) {
            try {
                List<AuditEvent> linked = link(batch);
                if (!store.appendAuditAfter(linked)) {
                    // another process sharing the store appended first: link after its events
                    lastSeq = -1;
                    attempt = -1;
                    continue;
                }
                lastSeq = linked.getLast().seq();
                lastHash = linked.getLast().hash();
                return;
            } catch (RuntimeException e) {
                lastSeq = -1; // read the trail's end again: the failed write may have landed
                if (closed && attempt > 3) {
                    return; // the store is going away; nothing more can be done
                }
                Thread.sleep(Math.min(1000, 10L << Math.min(attempt, 6)));
            }
        }
    }

    @Override
    public void close() {
        flush();
        closed = true;
        try {
            writer.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
