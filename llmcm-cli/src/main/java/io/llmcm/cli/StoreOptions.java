package io.llmcm.cli;

import io.llmcm.core.StoreException;
import io.llmcm.core.repo.Repository;
import io.llmcm.store.sqlite.SqliteStore;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code --store DIR}, and opening the repository it names. */
public final class StoreOptions {
    /** Another llmcm process may hold the store for a moment; wait rather than fail at once. */
    static final Duration LOCK_WAIT = Duration.ofSeconds(10);

    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    @Option(names = "--store", paramLabel = "DIR", description = "store directory (default: $LLMCM_STORE or ./data)")
    String store;

    public Path dir() {
        return Path.of(store != null ? store : Context.of(mixee).env("LLMCM_STORE", "./data"));
    }

    /** Opens an existing, initialized store; the caller closes the repository. */
    public Repository open() {
        Path dir = dir();
        if (!SqliteStore.exists(dir)) {
            throw new StoreException("no store at " + dir + "; run `llmcm init` first (or pass --store DIR)");
        }
        Repository repo = Repository.open(SqliteStore.open(dir, LOCK_WAIT));
        if (!repo.isInitialized()) {
            repo.close();
            throw new StoreException("store " + dir + " is not initialized; run `llmcm init` first");
        }
        return repo;
    }

    /** Opens the store, creating it when it does not exist yet (for {@code init}). */
    public Repository create() {
        return Repository.open(SqliteStore.open(dir(), LOCK_WAIT));
    }
}
