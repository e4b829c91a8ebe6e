package io.llmcm.cli;

import io.llmcm.cli.remote.Profile;
import io.llmcm.cli.remote.Remote;
import io.llmcm.core.StoreException;
import io.llmcm.core.repo.Caller;
import io.llmcm.core.repo.Repository;
import io.llmcm.store.Stores;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code --store DIR}, {@code --master-key FILE} and {@code --server URL}: opening the local
 * repository they name, or the client of the server a command talks to instead. The master key is
 * opened only when a command needs it (reading configuration never does).
 *
 * <p>Where a command works, first match wins: {@code --server} (remote), {@code --store} (local),
 * {@code $LLMCM_SERVER} (remote), {@code $LLMCM_STORE} (local), the profile {@code llmcm login}
 * wrote (remote), else the local {@code ./data}. A command that does not work remotely refuses to
 * run when a server is chosen rather than open a local store.
 */
public final class StoreOptions {
    /** Another llmcm process may hold the store for a moment; wait rather than fail at once. */
    static final Duration LOCK_WAIT = Duration.ofSeconds(10);

    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    @Option(names = "--store", paramLabel = "DIR|URL",
            description = "store directory, or postgresql://host:port/database?schema=NAME for a shared PostgreSQL store (default: $LLMCM_STORE or ./data)")
    String store;

    @Option(names = "--master-key", paramLabel = "FILE",
            description = "master key file (default: $LLMCM_MASTER_KEY_FILE, else the file recorded by init, else DIR/master.key)")
    String masterKey;

    @Option(names = "--server", paramLabel = "URL",
            description = "work on this llmcm server instead of a local store (default: $LLMCM_SERVER, else the server of llmcm login); token from $LLMCM_TOKEN or the login")
    String server;

    /** The server chosen (null: local) and where it came from, once resolved. */
    private Remote remote;
    private String serverSource;
    private boolean resolved;

    public Path dir() {
        return Path.of(location());
    }

    /** The store as given: a directory, or a PostgreSQL URL ({@link Stores}). */
    public String location() {
        return store != null ? store : Context.of(mixee).env("LLMCM_STORE", "./data");
    }

    /** The store for messages (a URL without its password). */
    public String describe() {
        return Stores.isUrl(location()) ? Stores.describe(location()) : dir().toString();
    }

    /** Where a master key file is looked for by default: the store directory; the current one for a PostgreSQL store. */
    private Path keyDir() {
        return Stores.isUrl(location()) ? Path.of("") : dir();
    }

    /** The master key file the user named (option or environment), or null. */
    public Path masterKeyFile() {
        String f = masterKey != null ? masterKey : Context.of(mixee).env(KeyProviders.MASTER_KEY_FILE_ENV, null);
        return f == null ? null : Path.of(f);
    }

    /** How this command finds the store's master key. */
    public KeyProviders keys() {
        return new KeyProviders(keyDir(), masterKeyFile(), Context.of(mixee), false);
    }

    /** For a master key rotation: a passphrase asked for is the new one, the previous one the current. */
    public KeyProviders keysForMasterRotation() {
        return new KeyProviders(keyDir(), masterKeyFile(), Context.of(mixee), true);
    }

    /** The local user as a caller: trusted (it holds the store and its key), audited by name. */
    public Caller caller() {
        return Caller.trusted(WriteOptions.author(null, Context.of(mixee)));
    }

    /**
     * The client of the server this command works on, or null when it works on a local store. The
     * token is $LLMCM_TOKEN, else the profile's, which is sent only to the profile's own server.
     */
    public Remote remote() {
        if (resolved) {
            return remote;
        }
        resolved = true;
        Context context = Context.of(mixee);
        if (server != null && store != null) {
            throw new CliException(CliException.USAGE, "give --server or --store, not both");
        }
        Path profileFile = Profile.file(context);
        String url;
        if (server != null) {
            url = server;
            serverSource = "--server";
        } else if (store != null) {
            return null;
        } else if (context.env("LLMCM_SERVER", null) != null) {
            url = context.env("LLMCM_SERVER", null);
            serverSource = "$LLMCM_SERVER";
        } else if (context.env("LLMCM_STORE", null) != null) {
            return null;
        } else {
            Profile p = Profile.read(profileFile);
            if (p == null) {
                return null;
            }
            url = p.server();
            serverSource = "the profile " + profileFile;
        }
        URI base = Remote.url(url);
        String token = context.env(TOKEN_ENV, null);
        String tokenSource = "$" + TOKEN_ENV;
        if (token == null) {
            Profile p = Profile.read(profileFile);
            // a token goes only to the server it was issued for
            if (p != null && p.token() != null && Remote.url(p.server()).equals(base)) {
                token = p.token();
                tokenSource = "the profile " + profileFile;
            }
        }
        remote = new Remote(base, token, tokenSource);
        return remote;
    }

    /**
     * The client of the server for a command that works only against one ({@code agent},
     * {@code watch}); a usage error saying how to name a server otherwise.
     *
     * @param does what the command does, e.g. "follows a server"
     */
    public Remote requireRemote(String does) {
        Remote r = remote();
        if (r == null) {
            throw new CliException(CliException.USAGE, mixee.qualifiedName() + " " + does + ": pass --server URL, set LLMCM_SERVER or run llmcm login");
        }
        return r;
    }

    /** Environment variable holding the server's Bearer token. */
    public static final String TOKEN_ENV = "LLMCM_TOKEN";

    /** Refuses a command that has no remote form when a server is chosen: never a silent local store. */
    private void local() {
        if (remote() != null) {
            String name = mixee.qualifiedName();
            throw new CliException(CliException.USAGE, serverSource.equals("--server")
                    ? name + " does not work with --server yet"
                    : name + " does not work with a server yet (" + serverSource + " names " + remote.base() + "); pass --store DIR to use a local store");
        }
    }

    /**
     * Refuses, when a server is chosen, a command the server has no route for, saying why: unlike
     * {@link #local()}'s "not yet", this one works on a store's own files and will stay local.
     *
     * @param why e.g. "the server has no route for it: the master key lives with the store"
     */
    public void localOnly(String why) {
        if (remote() != null) {
            throw new CliException(CliException.USAGE, mixee.qualifiedName() + " works only on a local store (" + why + "); "
                    + (serverSource.equals("--server") ? "drop --server and " : "") + "pass --store DIR");
        }
    }

    /** Opens an existing, initialized store; the caller closes the repository. */
    public Repository open() {
        return open(keys());
    }

    /** Opens an existing, initialized store whose master key is found by {@code keys}. */
    public Repository open(KeyProviders keys) {
        local();
        if (!Stores.exists(location())) {
            throw new StoreException("no store at " + describe() + "; run `llmcm init` first (or pass --store DIR)");
        }
        Repository repo = repository(keys);
        if (!repo.isInitialized()) {
            repo.close();
            throw new StoreException("store " + describe() + " is not initialized; run `llmcm init` first");
        }
        return repo;
    }

    /** Opens the store, creating it when it does not exist yet (for {@code init}). */
    public Repository create() {
        local();
        return repository(keys());
    }

    /**
     * Opens the store, creating it when it does not exist yet, with a cache shared with other
     * instances ({@code serve --redis}); the repository owns the cache, which is closed here when
     * the store cannot be opened.
     */
    public Repository create(io.llmcm.core.cache.SharedCache shared) {
        try {
            local();
            return Repository.open(Stores.open(location(), LOCK_WAIT),
                    Repository.Options.defaults().withKeyProviders(keys().function()).withSharedCache(shared));
        } catch (RuntimeException e) {
            shared.close();
            throw e;
        }
    }

    private Repository repository(KeyProviders keys) {
        return Repository.open(Stores.open(location(), LOCK_WAIT), Repository.Options.defaults().withKeyProviders(keys.function()));
    }
}
