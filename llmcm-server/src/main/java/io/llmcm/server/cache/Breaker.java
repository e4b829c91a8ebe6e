package io.llmcm.server.cache;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * A circuit breaker for an optional dependency: closed (asked) until it fails, then open (not
 * asked) for a back-off that doubles on every failed retry up to a ceiling, closed again by the
 * first retry that works. Thread-safe.
 */
final class Breaker {
    private final long minBackoff;
    private final long maxBackoff;
    private final LongSupplier nanoTime;
    private volatile boolean open;
    private int failuresInRow; // guarded by this
    private long backoff; // guarded by this
    private long retryAt; // guarded by this

    Breaker(Duration minBackoff, Duration maxBackoff, LongSupplier nanoTime) {
        this.minBackoff = minBackoff.toNanos();
        this.maxBackoff = maxBackoff.toNanos();
        this.nanoTime = nanoTime;
        this.backoff = this.minBackoff;
    }

    boolean isClosed() {
        return !open;
    }

    /** A call worked: the failures in a row start again from 0. */
    synchronized void succeeded() {
        failuresInRow = 0;
    }

    /** A call failed; answers the failures in a row. */
    synchronized int failed() {
        return ++failuresInRow;
    }

    /** Stops calls for the back-off; true when it was closed until now (an outage begins). */
    synchronized boolean open() {
        boolean was = !open;
        if (was) {
            backoff = minBackoff;
            retryAt = nanoTime.getAsLong() + backoff;
        }
        open = true;
        return was;
    }

    /** True when open and the back-off has passed: time to try again. */
    synchronized boolean mayRetry() {
        return !open || nanoTime.getAsLong() - retryAt >= 0;
    }

    /** The retry failed too: waits twice as long (up to the ceiling) before the next. */
    synchronized void retryLater() {
        backoff = Math.min(maxBackoff, backoff * 2);
        retryAt = nanoTime.getAsLong() + backoff;
    }

    /** A retry worked: calls go through again; true when it was open until now (an outage ends). */
    synchronized boolean close() {
        boolean was = open;
        open = false;
        failuresInRow = 0;
        backoff = minBackoff;
        return was;
    }
}
