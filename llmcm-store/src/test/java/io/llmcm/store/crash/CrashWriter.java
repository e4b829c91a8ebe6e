package io.llmcm.store.crash;

import io.llmcm.core.json.Json;
import io.llmcm.core.model.EntryKey;
import io.llmcm.core.model.Layer;
import io.llmcm.core.model.Value;
import io.llmcm.core.repo.ChangeRequest;
import io.llmcm.core.repo.CommitResult;
import io.llmcm.core.repo.Repository;
import io.llmcm.store.Stores;
import java.io.PrintStream;
import java.time.Duration;

/**
 * Child process of {@link CrashTest}: commits forever from several threads (so group commit
 * batches them), each commit writing {@value #KEYS} keys with one token, and prints {@code ACK
 * <revision> <token>} only after {@link Repository#commit} returned — i.e. after the store said the
 * commit is durable. The parent kills it with SIGKILL at a random moment.
 */
public final class CrashWriter {
    static final int KEYS = 3;
    static final int THREADS = 8;

    private CrashWriter() {}

    public static void main(String[] args) throws Exception {
        String location = args[0]; // a SQLite directory or a PostgreSQL URL
        String round = args[1];
        PrintStream out = new PrintStream(System.out, false, java.nio.charset.StandardCharsets.UTF_8);
        Repository repo = Repository.open(Stores.open(location, Duration.ofSeconds(10)));
        if (!repo.isInitialized()) {
            repo.initialize("crash");
        }
        for (int t = 0; t < THREADS; t++) {
            int id = t;
            Thread.ofPlatform().start(() -> {
                for (long n = 0; ; n++) {
                    String token = round + "-" + id + "-" + n;
                    ChangeRequest.Builder b = ChangeRequest.by("crash").message(token);
                    for (int k = 0; k < KEYS; k++) {
                        b.put(key(id, k), Value.of(Json.parse("{\"token\":\"" + token + "\"}")));
                    }
                    CommitResult r = repo.commit(b.build());
                    synchronized (out) {
                        out.println("ACK " + r.revision() + " " + token);
                        out.flush();
                    }
                }
            });
        }
        Thread.currentThread().join(); // until killed
    }

    static EntryKey key(int thread, int k) {
        return EntryKey.of("global", "crash/t" + thread + "/k" + k, Layer.BASE);
    }
}
