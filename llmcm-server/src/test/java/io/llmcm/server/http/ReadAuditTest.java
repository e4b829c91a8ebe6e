package io.llmcm.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmcm.core.audit.AuditEvent;
import io.llmcm.core.audit.AuditLog;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Folded read events account for every read exactly once, whatever the flusher does meanwhile. */
class ReadAuditTest {
    private static final Pattern TIMES = Pattern.compile("^allowed (\\d+) times from ");

    static final class Collecting implements AuditLog {
        final ConcurrentLinkedQueue<AuditEvent> events = new ConcurrentLinkedQueue<>();

        @Override
        public void record(AuditEvent event) {
            events.add(event);
        }

        @Override
        public void flush() {}
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5})
    void everyReadIsCountedOnceWhileFlushesAndRetirementsRace(long seed) throws Exception {
        Collecting log = new Collecting();
        ReadAudit audit = new ReadAudit(log, Clock.systemUTC(), false);
        int threads = 8;
        AtomicLong reads = new AtomicLong();
        Thread[] ts = new Thread[threads];
        for (int t = 0; t < threads; t++) {
            Random r = new Random(seed * 31 + t);
            ts[t] = Thread.ofPlatform().start(() -> {
                for (int i = 0; i < 20_000; i++) {
                    audit.allowed(Instant.now(), "key:k" + r.nextInt(3), "authz.config.read", "acme", "p" + r.nextInt(5), "binding b");
                    reads.incrementAndGet();
                }
            });
        }
        Random r = new Random(seed);
        while (java.util.Arrays.stream(ts).anyMatch(Thread::isAlive)) {
            audit.flush(); // many flushes, with retirements forced by the idle counter below
            if (r.nextInt(4) == 0) {
                for (int i = 0; i < 60; i++) {
                    audit.flush();
                }
            }
            Thread.sleep(r.nextInt(3));
        }
        audit.close();
        audit.flush();
        long counted = 0;
        for (AuditEvent e : log.events) {
            assertThat(e.outcome()).isEqualTo("allowed");
            Matcher m = TIMES.matcher(e.detail());
            counted += m.find() ? Long.parseLong(m.group(1)) : 1;
        }
        assertThat(counted).isEqualTo(reads.get());
    }

    @ParameterizedTest
    @ValueSource(booleans = {true})
    void everyReadModeRecordsEachReadAtOnce(boolean every) {
        Collecting log = new Collecting();
        ReadAudit audit = new ReadAudit(log, Clock.systemUTC(), every);
        for (int i = 0; i < 3; i++) {
            audit.allowed(Instant.now(), "key:k", "authz.config.read", "acme", "p", "binding b");
        }
        List<AuditEvent> events = List.copyOf(log.events);
        assertThat(events).hasSize(3).allSatisfy(e -> assertThat(e.detail()).isEqualTo("binding b"));
        audit.close();
    }
}
