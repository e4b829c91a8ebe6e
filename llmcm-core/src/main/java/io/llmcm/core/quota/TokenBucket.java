package io.llmcm.core.quota;

import java.util.concurrent.atomic.AtomicLong;

/**
 * A token bucket: {@code rate} tokens a second flow in, up to {@code burst = max(1, rate)} are
 * kept, and each admitted request takes one. Over any window of {@code w} seconds it admits at
 * most {@code burst + rate * w} requests.
 *
 * <p>Kept as one number, the time at which the bucket will be full again (the "theoretical arrival
 * time" of the generic cell rate algorithm, which is the same bucket), updated by compare-and-set:
 * thread-safe without locks, and {@link #tryAcquire} allocates nothing. Times are {@link
 * System#nanoTime()} values passed in by the caller (tests pass their own), compared by
 * difference so that the counter's wrap-around does no harm.
 *
 * <p>The server keeps one per tenant with a {@code requestsPerSecond} quota and answers a refused
 * request with {@code Retry-After}.
 */
public final class TokenBucket {
    /** Highest rate: one token a nanosecond. */
    public static final double MAX_RATE = 1e9;

    private final double rate;
    private final double burst;
    /** Nanoseconds per token, rounded up so that rounding never admits more than the rate. */
    private final long interval;
    /** How far ahead of now the full-again time may run: the burst, in nanoseconds. */
    private final long tolerance;
    private final AtomicLong fullAt;

    /**
     * A full bucket.
     *
     * @param requestsPerSecond tokens added a second; more than 0, at most {@link #MAX_RATE}
     * @param nowNanos the current time ({@link System#nanoTime()})
     * @throws IllegalArgumentException when the rate is out of range (a quota of 0 means unlimited:
     *     have no bucket at all then)
     */
    public TokenBucket(double requestsPerSecond, long nowNanos) {
        if (!(requestsPerSecond > 0 && requestsPerSecond <= MAX_RATE)) { // also refuses NaN
            throw new IllegalArgumentException(
                    "a token bucket needs a rate above 0 and at most " + MAX_RATE + " a second, got " + requestsPerSecond);
        }
        this.rate = requestsPerSecond;
        this.burst = Math.max(1, requestsPerSecond);
        this.interval = (long) Math.ceil(1e9 / requestsPerSecond);
        this.tolerance = (long) Math.floor(burst * interval);
        this.fullAt = new AtomicLong(nowNanos);
    }

    /**
     * Takes a token if one is there.
     *
     * @param nowNanos the current time ({@link System#nanoTime()})
     * @return 0 when a token was taken; otherwise how many nanoseconds until one will be there
     *     (always at least 1), for a {@code Retry-After} answer
     */
    public long tryAcquire(long nowNanos) {
        while (true) {
            long current = fullAt.get();
            // an idle bucket is full: it does not save up beyond its burst
            long base = current - nowNanos > 0 ? current : nowNanos;
            long next = base + interval;
            long wait = next - tolerance - nowNanos;
            if (wait > 0) {
                return wait;
            }
            if (fullAt.compareAndSet(current, next)) {
                return 0;
            }
            // another thread took a token meanwhile: look again
        }
    }

    /** Tokens added a second. */
    public double rate() {
        return rate;
    }

    /** Most tokens the bucket holds: {@code max(1, rate)}. */
    public double burst() {
        return burst;
    }
}
