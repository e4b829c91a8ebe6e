package io.llmcm.core.repo;

import static io.llmcm.core.repo.Fixtures.key;
import static org.assertj.core.api.Assertions.assertThat;

import io.llmcm.core.ConflictException;
import io.llmcm.core.model.EntryKey;
import io.llmcm.core.model.Value;
import io.llmcm.core.store.MemoryStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** Data key rotation while writers change secrets and readers reveal them: nothing is lost. */
class RotationUnderLoadTest {

    @Test
    void rotationUnderConcurrentReadsAndWritesLosesNothing() throws Exception {
        Map<String, String> env = Fixtures.masterKeyEnv();
        try (Repository repo = Fixtures.secretRepo(new MemoryStore(), Fixtures.clock(), env)) {
            Fixtures.tenant(repo, "acme", "global");
            Caller caller = Caller.trusted("t");
            int keys = 300;
            Map<String, String> latest = new ConcurrentHashMap<>();
            for (int i = 0; i < keys; i++) {
                write(repo, i, "v0-" + i, latest);
            }
            AtomicBoolean stop = new AtomicBoolean();
            List<Throwable> errors = new CopyOnWriteArrayList<>();
            List<Thread> threads = new ArrayList<>();
            for (int w = 0; w < 4; w++) {
                int id = w;
                threads.add(Thread.ofPlatform().start(() -> {
                    for (int n = 1; !stop.get(); n++) {
                        int i = (id * 7919 + n * 31) % keys;
                        try {
                            write(repo, i, "w" + id + "-" + n, latest);
                        } catch (ConflictException e) {
                            // another writer won the key; that is not a loss
                        } catch (Throwable t) {
                            errors.add(t);
                        }
                    }
                }));
            }
            for (int rd = 0; rd < 2; rd++) {
                threads.add(Thread.ofPlatform().start(() -> {
                    for (int n = 0; !stop.get(); n++) {
                        try {
                            String v = repo.secrets().reveal(Scope.of("acme", "prod"), "s/k" + (n % keys), caller).value().textOrNull();
                            if (v == null || v.isEmpty()) {
                                errors.add(new AssertionError("empty reveal"));
                            }
                        } catch (Throwable t) {
                            errors.add(t);
                        }
                    }
                }));
            }
            int v2 = repo.secrets().rotate("acme", "ops", (d, t) -> {});
            int v3 = repo.secrets().rotate("acme", "ops", (d, t) -> {});
            stop.set(true);
            for (Thread t : threads) {
                t.join();
            }
            assertThat(errors).isEmpty();
            assertThat(v3).isEqualTo(v2 + 1);
            // every key holds the last value acknowledged for it, sealed with the newest key
            for (int i = 0; i < keys; i++) {
                assertThat(repo.secrets().reveal(Scope.of("acme", "base"), "s/k" + i, caller).value().textOrNull())
                        .isEqualTo(latest.get("s/k" + i));
            }
            assertThat(repo.secrets().status("acme").secretsByVersion()).containsEntry(v3, keys);
        }
    }

    /** Writes a secret with compare-and-set and records it as the latest only once acknowledged. */
    private static void write(Repository repo, int i, String plain, Map<String, String> latest) {
        EntryKey k = key("acme", "base", "s/k" + i);
        synchronized (("lock" + i).intern()) {
            long head = repo.raw(k).map(v -> v.revision()).orElse(0L);
            Value sealed = repo.secrets().seal(k, Value.text(plain), null);
            repo.commit(ChangeRequest.by("w").put(k, sealed).expect(k, head).build());
            latest.put("s/k" + i, plain);
        }
    }
}
