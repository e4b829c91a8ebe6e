package io.llmcm.core.repo;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;

/**
 * Wakes everyone waiting for the revision to pass a point. One future stands for "the next
 * advance"; each advance completes it and puts a fresh one in its place, so any number of waiters
 * (virtual threads, mostly: watchers and long-polls) park on it without a lock and all wake at once.
 */
final class RevisionSignal {
    private volatile CompletableFuture<Void> next = new CompletableFuture<>();
    private volatile boolean closed;
    /**
     * Completes the futures: waking ten thousand parked watchers takes milliseconds, which the
     * committer thread (and the writer waiting for its acknowledgement) should not spend.
     */
    private final java.util.concurrent.ExecutorService waker = java.util.concurrent.Executors.newSingleThreadExecutor(
            Thread.ofPlatform().name("llmcm-revision-waker").daemon(true).factory());

    /** Called after the revision advanced (by the one thread that advances it). */
    void advanced() {
        CompletableFuture<Void> done = next;
        next = new CompletableFuture<>();
        if (done.getNumberOfDependents() == 0) {
            done.complete(null); // nobody waits: nothing to hand over
            return;
        }
        try {
            waker.execute(() -> done.complete(null));
        } catch (java.util.concurrent.RejectedExecutionException closing) {
            done.complete(null);
        }
    }

    /** Wakes every waiter for good: the repository is closing. */
    void close() {
        closed = true;
        next.complete(null);
        waker.shutdown();
    }

    boolean isClosed() {
        return closed;
    }

    /**
     * Waits until {@code revision} exceeds {@code after}, the time runs out or the repository
     * closes; answers the revision then.
     */
    long awaitAfter(long after, long timeoutNanos, LongSupplier revision) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutNanos;
        while (true) {
            // the future first: an advance after this read completes it, so none is slept through
            CompletableFuture<Void> f = next;
            long now = revision.getAsLong();
            long left = deadline - System.nanoTime();
            if (now > after || left <= 0 || closed) {
                return now;
            }
            try {
                f.get(left, TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                return revision.getAsLong();
            } catch (ExecutionException e) {
                throw new IllegalStateException(e); // never completed exceptionally
            }
        }
    }
}
