package io.llmcm.core.quota;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The bucket's promises, checked on seeded random request sequences and under contention. */
class TokenBucketTest {
    private static final long SECOND = 1_000_000_000L;
    private static final double[] RATES = {0.5, 1, 2.5, 3, 10, 100, 1000, 12_345.6};

    static LongStream seeds() {
        return LongStream.rangeClosed(1, 40);
    }

    /**
     * Over every window between two admitted requests (so over every window, the tightest ones
     * included), admits never exceed {@code burst + rate * window}; a refusal's wait is exact: one
     * nanosecond earlier is still refused, at the wait a token is there.
     */
    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void admitsNeverExceedBurstPlusRateTimesWindow(long seed) {
        Random random = new Random(seed);
        double rate = RATES[random.nextInt(RATES.length)];
        long now = random.nextLong(); // any nanoTime value, wrap-around included
        TokenBucket bucket = new TokenBucket(rate, now);
        List<Long> admitted = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            now += switch (random.nextInt(4)) {
                case 0 -> 0; // a burst at one instant
                case 1 -> random.nextLong(1_000);
                case 2 -> random.nextLong(SECOND / 10);
                default -> (long) (random.nextLong(3 * SECOND) / rate);
            };
            long wait = bucket.tryAcquire(now);
            if (wait == 0) {
                admitted.add(now);
            } else if (random.nextInt(5) == 0) {
                assertThat(wait).isPositive();
                assertThat(bucket.tryAcquire(now + wait - 1)).as("a nanosecond before the wait is over").isPositive();
                now += wait;
                assertThat(bucket.tryAcquire(now)).as("when the wait is over").isZero();
                admitted.add(now);
            }
        }
        assertThat(admitted).hasSizeGreaterThan(10);
        for (int i = 0; i < admitted.size(); i++) {
            for (int j = i; j < admitted.size(); j++) {
                double window = (admitted.get(j) - admitted.get(i)) / (double) SECOND;
                int admits = j - i + 1;
                assertThat((double) admits)
                        .as("admits in a window of %ss at rate %s", window, rate)
                        .isLessThanOrEqualTo(bucket.burst() + rate * window + 1e-9);
            }
        }
    }

    /** The bound is not met by refusing too much: steady demand above the rate gets the rate. */
    @ParameterizedTest(name = "rate {0}")
    @ValueSource(doubles = {0.5, 1, 2.5, 10, 250})
    void steadyDemandAboveTheRateGetsTheRate(double rate) {
        long now = 42;
        TokenBucket bucket = new TokenBucket(rate, now);
        long step = SECOND / 1000;
        int admits = 0;
        for (int i = 0; i < 20_000; i++) { // 20 seconds, a request every millisecond
            if (bucket.tryAcquire(now) == 0) {
                admits++;
            }
            now += step;
        }
        assertThat((double) admits).isBetween(Math.floor(bucket.burst()) + rate * 20 - 2, bucket.burst() + rate * 20);
    }

    @Test
    void aFullBucketAdmitsItsBurstAtOnceThenSaysWhenTheNextTokenComes() {
        TokenBucket bucket = new TokenBucket(4, 0);
        for (int i = 0; i < 4; i++) {
            assertThat(bucket.tryAcquire(0)).isZero();
        }
        assertThat(bucket.tryAcquire(0)).isEqualTo(SECOND / 4);
        assertThat(bucket.tryAcquire(SECOND / 4)).isZero();
        // idle for a minute: full again, but never more than the burst
        long later = 60 * SECOND;
        for (int i = 0; i < 4; i++) {
            assertThat(bucket.tryAcquire(later)).isZero();
        }
        assertThat(bucket.tryAcquire(later)).isPositive();
    }

    @Test
    void aRateBelowOneStillHoldsOneToken() {
        TokenBucket bucket = new TokenBucket(0.5, 0);
        assertThat(bucket.burst()).isEqualTo(1);
        assertThat(bucket.tryAcquire(0)).isZero();
        assertThat(bucket.tryAcquire(0)).isEqualTo(2 * SECOND);
    }

    @Test
    void concurrentCallersShareTheBurstExactly() throws Exception {
        TokenBucket bucket = new TokenBucket(50, 7);
        AtomicInteger admits = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            threads.add(Thread.ofPlatform().start(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                for (int i = 0; i < 1_000; i++) {
                    if (bucket.tryAcquire(7) == 0) {
                        admits.incrementAndGet();
                    }
                }
            }));
        }
        start.countDown();
        for (Thread t : threads) {
            t.join();
        }
        assertThat(admits.get()).isEqualTo(50);
    }

    @ParameterizedTest
    @ValueSource(doubles = {0, -1, Double.NaN, Double.POSITIVE_INFINITY, 2e9})
    void refusesRatesItCannotKeep(double rate) {
        assertThatThrownBy(() -> new TokenBucket(rate, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
