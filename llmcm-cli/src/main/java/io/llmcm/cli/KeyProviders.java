package io.llmcm.cli;

import io.llmcm.core.InvalidInputException;
import io.llmcm.core.KeyException;
import io.llmcm.core.crypto.EnvironmentKeyProvider;
import io.llmcm.core.crypto.KekRecord;
import io.llmcm.core.crypto.KeyProvider;
import io.llmcm.core.crypto.MasterKeyFileProvider;
import io.llmcm.core.crypto.PassphraseKeyProvider;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Where the command line finds a store's master key: the key provider for the record the store
 * keeps ({@link #forRecord}), and a provider to create a new one ({@link #forNew}).
 *
 * <ul>
 *   <li>{@code file}: {@code --master-key FILE} or {@code $LLMCM_MASTER_KEY_FILE}; else the file
 *       recorded when the key was made; else {@code <store>/master.key} (a store moved with its
 *       key).
 *   <li>{@code env}: the variable named in the record ({@code LLMCM_MASTER_KEY} by default); a
 *       rotation reads the current key from {@code <variable>_PREVIOUS}.
 *   <li>{@code passphrase}: {@code $LLMCM_PASSPHRASE} (and {@code $LLMCM_PASSPHRASE_PREVIOUS} when
 *       rotating), else asked on the terminal without echo. Asked once per command.
 * </ul>
 */
public final class KeyProviders {
    public static final String MASTER_KEY_FILE_ENV = "LLMCM_MASTER_KEY_FILE";
    public static final String PASSPHRASE_ENV = "LLMCM_PASSPHRASE";
    public static final String PASSPHRASE_PREVIOUS_ENV = PASSPHRASE_ENV + "_PREVIOUS";
    public static final String DEFAULT_FILE = "master.key";
    /** The provider types {@code --key-provider} accepts. */
    public static final List<String> TYPES = List.of(MasterKeyFileProvider.TYPE, EnvironmentKeyProvider.TYPE, PassphraseKeyProvider.TYPE);
    /** A new passphrase shorter than this is refused (Argon2id slows guessing, it cannot fix a short one). */
    static final int MIN_PASSPHRASE = 8;

    private final Path storeDir;
    private final Path explicitFile;
    private final Context context;
    private final boolean rotatingMaster;
    private char[] passphrase;
    private char[] previous;

    /**
     * @param explicitFile the master key file named by the user, or null
     * @param rotatingMaster true for a master key rotation: a passphrase is then the new one and
     *     the previous passphrase the current one
     */
    public KeyProviders(Path storeDir, Path explicitFile, Context context, boolean rotatingMaster) {
        this.storeDir = storeDir;
        this.explicitFile = explicitFile;
        this.context = context;
        this.rotatingMaster = rotatingMaster;
    }

    /** What {@code Repository.Options.withKeyProviders} takes. */
    public Function<KekRecord, KeyProvider> function() {
        return this::forRecord;
    }

    /** The provider that opens the key a store's record describes. */
    public KeyProvider forRecord(KekRecord record) {
        return switch (record.type()) {
            case MasterKeyFileProvider.TYPE -> {
                Path file = fileFor(record);
                if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
                    throw new KeyException("master key file " + file + " is missing; pass --master-key FILE or set " + MASTER_KEY_FILE_ENV);
                }
                yield new MasterKeyFileProvider(file);
            }
            case EnvironmentKeyProvider.TYPE -> new EnvironmentKeyProvider(record.param("variable"), context.env());
            case PassphraseKeyProvider.TYPE -> passphraseProvider(rotatingMaster);
            default -> throw new KeyException("this store's master key is of type '" + record.type() + "', which this llmcm cannot open");
        };
    }

    /** A provider to create a store's first master key with. */
    public KeyProvider forNew(String type) {
        return switch (type) {
            case MasterKeyFileProvider.TYPE -> new MasterKeyFileProvider(absolute(newFile()));
            case EnvironmentKeyProvider.TYPE -> {
                if (context.env(EnvironmentKeyProvider.DEFAULT_VARIABLE, null) == null) {
                    throw new KeyException("environment variable " + EnvironmentKeyProvider.DEFAULT_VARIABLE
                            + " is not set; put a new key in it first: export " + EnvironmentKeyProvider.DEFAULT_VARIABLE + "=$(llmcm key new)");
                }
                yield new EnvironmentKeyProvider(EnvironmentKeyProvider.DEFAULT_VARIABLE, context.env());
            }
            case PassphraseKeyProvider.TYPE -> passphraseProvider(true);
            default -> throw new InvalidInputException("unknown key provider '" + type + "'; expected one of " + String.join(", ", TYPES));
        };
    }

    /** Where a new master key file goes: the file named by the user, else {@code <store>/master.key}. */
    public Path newFile() {
        return explicitFile != null ? explicitFile : storeDir.resolve(DEFAULT_FILE);
    }

    /** The master key file for a stored record (see the class comment). */
    Path fileFor(KekRecord record) {
        if (explicitFile != null) {
            return absolute(explicitFile);
        }
        Path fallback = absolute(storeDir.resolve(DEFAULT_FILE));
        String recorded = record.params().get("file");
        if (recorded == null) {
            return fallback;
        }
        Path file = absolute(Path.of(recorded));
        return !Files.exists(file, LinkOption.NOFOLLOW_LINKS) && Files.exists(fallback, LinkOption.NOFOLLOW_LINKS) ? fallback : file;
    }

    private static Path absolute(Path p) {
        return p.toAbsolutePath().normalize();
    }

    // ------------------------------------------------------------------ passphrases

    /**
     * @param newPassphrase true when the passphrase makes a new key (init, rotation): it is then
     *     asked twice on a terminal and must be long enough
     */
    private PassphraseKeyProvider passphraseProvider(boolean newPassphrase) {
        Supplier<char[]> current = () -> copy(passphrase(newPassphrase));
        Supplier<char[]> before = () -> copy(previous());
        return new PassphraseKeyProvider(current, before);
    }

    private synchronized char[] passphrase(boolean newPassphrase) {
        if (passphrase == null) {
            String fromEnv = context.env(PASSPHRASE_ENV, null);
            if (fromEnv != null) {
                passphrase = fromEnv.toCharArray();
            } else {
                Terminal t = terminalOr(PASSPHRASE_ENV, newPassphrase ? "the new passphrase" : "the store's passphrase");
                passphrase = newPassphrase ? askNew(t) : ask(t, "Passphrase for the master key of " + storeDir + ": ");
            }
            if (newPassphrase && passphrase.length < MIN_PASSPHRASE) {
                Arrays.fill(passphrase, '\0');
                passphrase = null;
                throw new KeyException("a new passphrase needs at least " + MIN_PASSPHRASE + " characters");
            }
        }
        return passphrase;
    }

    private synchronized char[] previous() {
        if (previous == null) {
            String fromEnv = context.env(PASSPHRASE_PREVIOUS_ENV, null);
            if (fromEnv != null) {
                previous = fromEnv.toCharArray();
            } else {
                Terminal t = terminalOr(PASSPHRASE_PREVIOUS_ENV, "the current passphrase");
                previous = ask(t, "Current passphrase of " + storeDir + ": ");
            }
        }
        return previous;
    }

    private Terminal terminalOr(String variable, String what) {
        Terminal t = context.terminal();
        if (t == null) {
            throw new KeyException("this store's master key comes from a passphrase: set " + variable
                    + " to " + what + ", or run llmcm in a terminal to be asked for it");
        }
        return t;
    }

    private static char[] ask(Terminal t, String prompt) {
        char[] typed = t.readPassword(prompt);
        if (typed == null || typed.length == 0) {
            throw new KeyException("no passphrase was given");
        }
        return typed;
    }

    private static char[] askNew(Terminal t) {
        char[] first = ask(t, "New passphrase: ");
        char[] again = ask(t, "Repeat the new passphrase: ");
        try {
            if (!Arrays.equals(first, again)) {
                Arrays.fill(first, '\0');
                throw new KeyException("the passphrases do not match");
            }
            return first;
        } finally {
            Arrays.fill(again, '\0');
        }
    }

    /** The provider wipes what it is given, so it gets a copy of what is kept for the next ask. */
    private static char[] copy(char[] chars) {
        return chars.clone();
    }
}
