package io.llmcm.core.crypto;

import io.llmcm.core.KeyException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;

/**
 * The KEK in an environment variable ({@code LLMCM_MASTER_KEY} by default): base64 of 32 random
 * bytes ({@link #newKey()} makes one). To rotate, put the new key in the variable and the current
 * one in {@code <variable>_PREVIOUS}; the previous one is needed until the rotation is retired.
 */
public final class EnvironmentKeyProvider implements KeyProvider {
    public static final String TYPE = "env";
    public static final String DEFAULT_VARIABLE = "LLMCM_MASTER_KEY";
    private static final String VARIABLE = "variable";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String variable;
    private final Map<String, String> env;

    /**
     * @param variable the variable holding the key
     * @param env the environment ({@code System.getenv()}; tests pass their own)
     */
    public EnvironmentKeyProvider(String variable, Map<String, String> env) {
        this.variable = Objects.requireNonNull(variable, "variable");
        this.env = Map.copyOf(env);
    }

    /** A fresh key to put in the variable: base64 of 32 bytes from {@link SecureRandom}. */
    public static String newKey() {
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        try {
            return Base64.getEncoder().encodeToString(key);
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }

    private String previousVariable() {
        return variable + "_PREVIOUS";
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public KekRecord create() {
        return record(key(variable, 1));
    }

    @Override
    public Kek open(KekRecord record) {
        Providers.requireType(record, TYPE);
        VersionedKek current = key(variable, record.version());
        if (!current.matches(record.param(KekRecord.CHECK))) {
            throw new KeyException("the master key in " + variable + " does not match this store" + hint(record));
        }
        if (!record.rotating()) {
            return current;
        }
        KekRecord previous = record.previous();
        if (env.get(previousVariable()) == null) {
            throw new KeyException("environment variable " + previousVariable()
                    + " is not set: a master key rotation is unfinished and needs the previous key until it is retired");
        }
        return current.plus(previousKey(previous));
    }

    /** When the current variable is wrong but the previous one is right, a rotation was set up but not run. */
    private String hint(KekRecord record) {
        if (record.rotating() || env.get(previousVariable()) == null) {
            return "";
        }
        try {
            if (key(previousVariable(), record.version()).matches(record.param(KekRecord.CHECK))) {
                return " (" + previousVariable() + " does: run the master key rotation)";
            }
        } catch (KeyException e) {
            // a malformed previous key gives no hint
        }
        return "";
    }

    private VersionedKek previousKey(KekRecord previous) {
        VersionedKek old = key(previousVariable(), previous.version());
        if (!old.matches(previous.param(KekRecord.CHECK))) {
            throw new KeyException("the previous master key in " + previousVariable() + " does not match this store");
        }
        return old;
    }

    @Override
    public Rotation rotate(KekRecord current) {
        Providers.requireType(current, TYPE);
        Providers.requireSettled(current);
        if (env.get(previousVariable()) == null) {
            throw new KeyException("environment variable " + previousVariable()
                    + " is not set: put the current key there and a new key (llmcm key new) in " + variable);
        }
        VersionedKek old = previousKey(current);
        if (key(variable, current.version()).matches(current.param(KekRecord.CHECK))) {
            throw new KeyException(variable + " still holds the current master key; put a new key in it (llmcm key new)");
        }
        VersionedKek fresh = key(variable, current.version() + 1);
        return new Rotation(record(fresh).withPrevious(current), fresh.plus(old));
    }

    @Override
    public Retirement retire(KekRecord record) {
        open(record);
        if (!record.rotating()) {
            return new Retirement(record, "no master key rotation to finish");
        }
        return new Retirement(record.settled(), "discard the previous key in " + previousVariable()
                + "; backups made before this rotation still need it");
    }

    private KekRecord record(VersionedKek kek) {
        return new KekRecord(TYPE, Map.of(
                KekRecord.VERSION, Integer.toString(kek.primaryVersion()),
                KekRecord.CHECK, kek.makeCheck(),
                VARIABLE, variable));
    }

    /** The key in {@code name} as a KEK of the given version; clear errors for missing or malformed keys. */
    private VersionedKek key(String name, int version) {
        String text = env.get(name);
        if (text == null || text.isBlank()) {
            throw new KeyException("environment variable " + name + " is not set");
        }
        byte[] raw = decode(name, text.strip());
        try {
            return VersionedKek.ofRawKey(TYPE, version, raw);
        } finally {
            Arrays.fill(raw, (byte) 0);
        }
    }

    private static byte[] decode(String name, String text) {
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            try {
                raw = Base64.getUrlDecoder().decode(text);
            } catch (IllegalArgumentException e2) {
                throw new KeyException(name + " must be 32 bytes in base64 (got text that is not base64)");
            }
        }
        if (raw.length != 32) {
            Arrays.fill(raw, (byte) 0);
            throw new KeyException(name + " must be 32 bytes in base64 (got " + raw.length + ")");
        }
        return raw;
    }

    @Override
    public String toString() {
        return "EnvironmentKeyProvider[" + variable + "]";
    }
}
