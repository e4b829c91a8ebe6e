package io.llmcm.cli;

import io.llmcm.core.StoreException;
import io.llmcm.core.repo.Caller;
import io.llmcm.core.repo.Repository;
import io.llmcm.store.sqlite.SqliteStore;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code --store DIR} and {@code --master-key FILE}, and opening the repository they name. The
 * master key is opened only when a command needs it (reading configuration never does).
 */
public final class StoreOptions {
    /** Another llmcm process may hold the store for a moment; wait rather than fail at once. */
    static final Duration LOCK_WAIT = Duration.ofSeconds(10);

    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    @Option(names = "--store", paramLabel = "DIR", description = "store directory (default: $LLMCM_STORE or ./data)")
    String store;

    @Option(names = "--master-key", paramLabel = "FILE",
            description = "master key file (default: $LLMCM_MASTER_KEY_FILE, else the file recorded by init, else DIR/master.key)")
    String masterKey;

    public Path dir() {
        return Path.of(store != null ? store : Context.of(mixee).env("LLMCM_STORE", "./data"));
    }

    /** The master key file the user named (option or environment), or null. */
    public Path masterKeyFile() {
        String f = masterKey != null ? masterKey : Context.of(mixee).env(KeyProviders.MASTER_KEY_FILE_ENV, null);
        return f == null ? null : Path.of(f);
    }

    /** How this command finds the store's master key. */
    public KeyProviders keys() {
        return new KeyProviders(dir(), masterKeyFile(), Context.of(mixee), false);
    }

    /** For a master key rotation: a passphrase asked for is the new one, the previous one the current. */
    public KeyProviders keysForMasterRotation() {
        return new KeyProviders(dir(), masterKeyFile(), Context.of(mixee), true);
    }

    /** The local user as a caller: trusted (it holds the store and its key), audited by name. */
    public Caller caller() {
        return Caller.trusted(WriteOptions.author(null, Context.of(mixee)));
    }

    /** Opens an existing, initialized store; the caller closes the repository. */
    public Repository open() {
        return open(keys());
    }

    /** Opens an existing, initialized store whose master key is found by {@code keys}. */
    public Repository open(KeyProviders keys) {
        Path dir = dir();
        if (!SqliteStore.exists(dir)) {
            throw new StoreException("no store at " + dir + "; run `llmcm init` first (or pass --store DIR)");
        }
        Repository repo = repository(keys);
        if (!repo.isInitialized()) {
            repo.close();
            throw new StoreException("store " + dir + " is not initialized; run `llmcm init` first");
        }
        return repo;
    }

    /** Opens the store, creating it when it does not exist yet (for {@code init}). */
    public Repository create() {
        return repository(keys());
    }

    private Repository repository(KeyProviders keys) {
        return Repository.open(SqliteStore.open(dir(), LOCK_WAIT), Repository.Options.defaults().withKeyProviders(keys.function()));
    }
}
