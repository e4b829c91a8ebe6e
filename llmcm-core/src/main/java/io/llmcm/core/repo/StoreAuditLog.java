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
    private final LinkedBlockingQueue<AuditEvent> queue = new LinkedBlockingQueue<>(MAX_QUEUED);
    private final Thread writer;
    private final java.util.concurrent.atomic.AtomicLong recorded = new java.util.concurrent.atomic.AtomicLong();
    private volatile long written;
    private volatile boolean closed;

    StoreAuditLog(Store store) {
        this.store = store;
        this.writer = Thread.ofPlatform().name("llmcm-audit").daemon(true).unstarted(this::loop);
        writer.start();
    }

    @Override
    public void record(AuditEvent event) {
        recorded.incrementAndGet(); // no lock: reveals record from many threads at once
        try {
            queue.put(event);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new io.llmcm.core.StoreException("interrupted while recording an audit event");
        }
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

    /** An audit record must not be dropped for a passing store error; retry until closed. */
    private void writeWithRetry(List<AuditEvent> batch) throws InterruptedException {
        for (int attempt = 0; ; attempt++) {
            try {
                store.appendAudit(batch);
                return;
            } catch (RuntimeException e) {
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
