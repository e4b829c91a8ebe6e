package io.llmcm.core.crypto;

import io.llmcm.core.KeyException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The KEK derived from a passphrase with Argon2id: the salt (16 random bytes per store, new on
 * each rotation) and the cost are kept in the record, the derived 32 bytes are an AES-256-GCM key.
 * The provider wipes every passphrase array it receives once it has derived the key.
 */
public final class PassphraseKeyProvider implements KeyProvider {
    public static final String TYPE = "passphrase";
    private static final String SALT = "salt";
    private static final String MEMORY = "m";
    private static final String ITERATIONS = "t";
    private static final String PARALLELISM = "p";
    private static final SecureRandom RANDOM = new SecureRandom();

    /**
     * Argon2id cost. The bounds keep a tampered record from asking for absurd work or memory.
     *
     * @param memoryKib memory in KiB (8·parallelism … 1 GiB)
     * @param iterations passes over memory (1 … 16)
     * @param parallelism lanes (1 … 16)
     */
    public record Cost(int memoryKib, int iterations, int parallelism) {
        /** 64 MiB and 3 passes, as in RFC 9106 §4's second recommended option, in one lane. */
        public static final Cost DEFAULT = new Cost(65536, 3, 1);

        public Cost {
            if (parallelism < 1 || parallelism > 16 || iterations < 1 || iterations > 16
                    || memoryKib < 8 * parallelism || memoryKib > 1 << 20) {
                throw new KeyException("unusable Argon2id cost m=" + memoryKib + " t=" + iterations + " p=" + parallelism);
            }
        }
    }

    private final Supplier<char[]> passphrase;
    private final Supplier<char[]> previous;
    private final Cost cost;

    /**
     * Each supplier is asked at most once per operation and must return a fresh array: the
     * provider wipes it after use.
     *
     * @param passphrase the store's passphrase (the new one, when rotating)
     * @param previous the current passphrase when rotating, or during an unfinished rotation; may be null
     */
    public PassphraseKeyProvider(Supplier<char[]> passphrase, Supplier<char[]> previous) {
        this(passphrase, previous, Cost.DEFAULT);
    }

    /** With a cost for new keys (create and rotate); opening always uses the cost in the record. */
    public PassphraseKeyProvider(Supplier<char[]> passphrase, Supplier<char[]> previous, Cost cost) {
        this.passphrase = Objects.requireNonNull(passphrase, "passphrase");
        this.previous = previous;
        this.cost = Objects.requireNonNull(cost, "cost");
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public KekRecord create() {
        return newVersion(1).record();
    }

    @Override
    public Kek open(KekRecord record) {
        Providers.requireType(record, TYPE);
        VersionedKek current = derive(passphrase, "passphrase", record);
        if (!record.rotating()) {
            return current;
        }
        if (previous == null) {
            throw new KeyException("a master key rotation is unfinished: the previous passphrase is needed until it is retired");
        }
        return current.plus(derive(previous, "previous passphrase", record.previous()));
    }

    @Override
    public Rotation rotate(KekRecord current) {
        Providers.requireType(current, TYPE);
        Providers.requireSettled(current);
        if (previous == null) {
            throw new KeyException("rotating a passphrase needs the current passphrase as the previous one");
        }
        VersionedKek old = derive(previous, "previous passphrase", current);
        Rotation next = newVersion(current.version() + 1);
        return new Rotation(next.record().withPrevious(current), ((VersionedKek) next.kek()).plus(old));
    }

    @Override
    public Retirement retire(KekRecord record) {
        open(record);
        if (!record.rotating()) {
            return new Retirement(record, "no master key rotation to finish");
        }
        return new Retirement(record.settled(), "forget the previous passphrase; backups made before this rotation still need it");
    }

    /** A new key version: fresh salt, this provider's cost, the check made with the derived key. */
    private Rotation newVersion(int version) {
        byte[] salt = new byte[16];
        RANDOM.nextBytes(salt);
        Map<String, String> params = Map.of(
                KekRecord.VERSION, Integer.toString(version),
                SALT, Base64.getEncoder().encodeToString(salt),
                MEMORY, Integer.toString(cost.memoryKib()),
                ITERATIONS, Integer.toString(cost.iterations()),
                PARALLELISM, Integer.toString(cost.parallelism()));
        VersionedKek kek = deriveUnchecked(passphrase, "passphrase", new KekRecord(TYPE, params));
        Map<String, String> withCheck = new java.util.TreeMap<>(params);
        withCheck.put(KekRecord.CHECK, kek.makeCheck());
        return new Rotation(new KekRecord(TYPE, withCheck), kek);
    }

    /** Derives the key for {@code record} and checks it against the record's check value. */
    private VersionedKek derive(Supplier<char[]> source, String what, KekRecord record) {
        VersionedKek kek = deriveUnchecked(source, what, record);
        if (!kek.matches(record.param(KekRecord.CHECK))) {
            throw new KeyException("the " + what + " does not match this store");
        }
        return kek;
    }

    private static VersionedKek deriveUnchecked(Supplier<char[]> source, String what, KekRecord record) {
        Cost c = costOf(record);
        byte[] salt;
        try {
            salt = Base64.getDecoder().decode(record.param(SALT));
        } catch (IllegalArgumentException e) {
            throw new KeyException("the master key record of this store is damaged: bad 'salt'");
        }
        char[] chars = source.get();
        if (chars == null || chars.length == 0) {
            throw new KeyException("no " + what + " was given");
        }
        byte[] key = null;
        try {
            key = Argon2id.deriveKey(chars, salt, c);
            return VersionedKek.ofRawKey(TYPE, record.version(), key);
        } finally {
            Arrays.fill(chars, '\0');
            if (key != null) {
                Arrays.fill(key, (byte) 0);
            }
        }
    }

    private static Cost costOf(KekRecord record) {
        try {
            return new Cost(
                    Integer.parseInt(record.param(MEMORY)),
                    Integer.parseInt(record.param(ITERATIONS)),
                    Integer.parseInt(record.param(PARALLELISM)));
        } catch (NumberFormatException e) {
            throw new KeyException("the master key record of this store is damaged: bad Argon2id cost");
        }
    }

    @Override
    public String toString() {
        return "PassphraseKeyProvider[" + cost + "]";
    }
}
