package io.llmcm.store.crash;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmcm.core.model.Commit;
import io.llmcm.core.model.Mutation;
import io.llmcm.core.repo.Repository;
import io.llmcm.core.store.HistoryEntry;
import io.llmcm.core.store.Store;
import io.llmcm.store.Stores;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a committing child JVM with SIGKILL at random moments, several times over one store, and
 * checks after each kill that every acknowledged commit is there, whole, and that nothing else is
 * half there: every commit in the log has all of its keys with one token, and revisions have no
 * gaps.
 */
class CrashTest {
    private static final int ROUNDS = 6;

    private record Ack(long revision, String token) {}

    @Test
    void everyAcknowledgedCommitSurvivesSigkillAndNothingIsHalfThere(@TempDir Path dir) throws Exception {
        check(dir.toString());
    }

    /** The whole test on the store at {@code location} (a directory, or a PostgreSQL URL: {@code PgCrashTest}). */
    static void check(String location) throws Exception {
        Random random = new Random(20261125);
        List<Ack> acked = new ArrayList<>();
        for (int round = 0; round < ROUNDS; round++) {
            acked.addAll(runAndKill(location, round, 50 + random.nextInt(700)));
            verify(location, acked);
        }
        assertThat(acked).as("the child must have committed something").hasSizeGreaterThan(ROUNDS * 10);
    }

    /** Starts the writer, lets it run {@code millis} after its first acknowledgement, kills it. */
    private static List<Ack> runAndKill(String location, int round, int millis) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        Process child = new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED",
                        "-cp", System.getProperty("java.class.path"),
                        CrashWriter.class.getName(), location, "r" + round)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        List<Ack> acks = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch first = new CountDownLatch(1);
        Thread reader = Thread.ofPlatform().start(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    String[] parts = line.split(" ");
                    // a line cut by the kill is not an acknowledgement the writer finished giving
                    if (parts.length == 3 && parts[0].equals("ACK")) {
                        acks.add(new Ack(Long.parseLong(parts[1]), parts[2]));
                        first.countDown();
                    }
                }
            } catch (Exception e) {
                // the pipe breaks when the child dies; what was read is what counts
            }
        });
        try {
            assertThat(first.await(60, TimeUnit.SECONDS)).as("the writer acknowledged a commit").isTrue();
            Thread.sleep(millis);
        } finally {
            child.destroyForcibly(); // SIGKILL on Linux: no shutdown hooks, no flushing
            child.waitFor(30, TimeUnit.SECONDS);
            reader.join(30_000);
        }
        return new ArrayList<>(acks);
    }

    private static void verify(String location, List<Ack> acked) {
        try (Store store = Stores.open(location, Duration.ofSeconds(10))) {
            long last = store.lastRevision();
            List<Commit> log = new ArrayList<>();
            for (long after = 0; after < last; ) {
                List<Commit> page = store.commitsAfter(after, 10_000);
                log.addAll(page);
                after = page.getLast().revision();
            }
            // no gaps, and every crash commit whole: all keys, one token, the token in the message
            Map<Long, String> tokens = new HashMap<>();
            for (int i = 0; i < log.size(); i++) {
                Commit c = log.get(i);
                assertThat(c.revision()).isEqualTo(i + 1L);
                if (c.author().equals("crash") && !c.message().equals("initialize")) {
                    assertThat(c.mutations()).hasSize(CrashWriter.KEYS);
                    for (Mutation m : c.mutations()) {
                        assertThat(((Mutation.PutEntry) m).value().toString()).isEqualTo("{\"token\":\"" + c.message() + "\"}");
                    }
                    tokens.put(c.revision(), c.message());
                }
            }
            for (Ack a : acked) {
                assertThat(tokens.get(a.revision())).as("acknowledged revision %d", a.revision()).isEqualTo(a.token());
            }
        }
        try (Repository repo = Repository.open(Stores.open(location, Duration.ofSeconds(10)))) {
            // heads rebuilt in memory: a thread's keys were always written together, so they agree
            for (int t = 0; t < CrashWriter.THREADS; t++) {
                var k0 = repo.raw(CrashWriter.key(t, 0));
                for (int k = 1; k < CrashWriter.KEYS; k++) {
                    var kk = repo.raw(CrashWriter.key(t, k));
                    assertThat(kk.map(v -> v.value())).isEqualTo(k0.map(v -> v.value()));
                    assertThat(kk.map(v -> v.revision())).isEqualTo(k0.map(v -> v.revision()));
                }
            }
            for (Ack a : acked.subList(Math.max(0, acked.size() - 20), acked.size())) {
                String[] parts = a.token().split("-");
                int thread = Integer.parseInt(parts[1]);
                List<HistoryEntry> h = repo.history("global", CrashWriter.key(thread, 0).path(), 100_000);
                assertThat(h).anySatisfy(e -> assertThat(e.version().revision()).isEqualTo(a.revision()));
            }
        }
    }
}
