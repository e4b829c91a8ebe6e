package io.llmcm.store.sqlite;

import java.nio.file.Path;
import java.time.Duration;

/** Child process for the lock test: opens a store, says so, and holds it until stdin closes. */
public final class LockHolder {
    private LockHolder() {}

    public static void main(String[] args) throws Exception {
        try (SqliteStore store = SqliteStore.open(Path.of(args[0]), Duration.ZERO)) {
            System.out.println("locked at revision " + store.lastRevision());
            System.out.flush();
            while (System.in.read() >= 0) {
                // wait for the parent to close our stdin
            }
        }
    }
}
