package io.llmcm.core.crypto;

import com.google.crypto.tink.KeysetHandle;
import io.llmcm.core.KeyException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * The KEK in a local file (what {@code llmcm init} creates): a Tink AES-256-GCM keyset in
 * cleartext JSON, mode 0600. A rotation adds a key version to the file; retiring removes the old
 * ones from it, so old backups then need a copy of the old file.
 */
public final class MasterKeyFileProvider implements KeyProvider {
    public static final String TYPE = "file";
    private static final String FILE = "file";

    private final Path file;

    public MasterKeyFileProvider(Path file) {
        this.file = Objects.requireNonNull(file, "file");
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public KekRecord create() {
        KeysetHandle keys = VersionedKek.newKeyset(1);
        MasterKeyFile.create(file, keys);
        return record(VersionedKek.of(TYPE, keys, 1));
    }

    @Override
    public Kek open(KekRecord record) {
        return verified(record, MasterKeyFile.read(file));
    }

    /** Checks the record's version (and the previous one while rotating) against the file's keys. */
    private VersionedKek verified(KekRecord record, KeysetHandle keys) {
        Providers.requireType(record, TYPE);
        VersionedKek all = VersionedKek.of(TYPE, keys, pick(keys, record.version()));
        requireMatch(all, record);
        if (record.rotating()) {
            requireMatch(all, record.previous());
        }
        return all;
    }

    private int pick(KeysetHandle keys, int version) {
        for (int i = 0; i < keys.size(); i++) {
            if (keys.getAt(i).getId() == version) {
                return version;
            }
        }
        throw mismatch();
    }

    private void requireMatch(VersionedKek all, KekRecord record) {
        VersionedKek one = all.only(record.version());
        if (one == null || !one.matches(record.param(KekRecord.CHECK))) {
            throw mismatch();
        }
    }

    private KeyException mismatch() {
        return new KeyException("the master key in " + file + " does not match this store");
    }

    @Override
    public Rotation rotate(KekRecord current) {
        Providers.requireSettled(current);
        KeysetHandle keys = MasterKeyFile.read(file);
        verified(current, keys);
        int next = new TreeSet<>(VersionedKek.of(TYPE, keys, current.version()).versions()).last() + 1;
        KeysetHandle rotated = VersionedKek.withNewVersion(keys, next);
        // the file must hold the new key before anything is wrapped with it
        MasterKeyFile.replace(file, rotated);
        VersionedKek kek = VersionedKek.of(TYPE, rotated, next);
        return new Rotation(record(kek).withPrevious(current), kek);
    }

    @Override
    public Retirement retire(KekRecord record) {
        VersionedKek all = verified(record, MasterKeyFile.read(file));
        TreeSet<Integer> old = new TreeSet<>(all.versions());
        old.remove(record.version());
        if (old.isEmpty()) {
            return new Retirement(record.settled(), "no old master key versions in " + file);
        }
        MasterKeyFile.replace(file, all.only(record.version()).keyset());
        return new Retirement(record.settled(), "removed old master key version" + (old.size() > 1 ? "s " : " ")
                + Providers.list(old) + " from " + file
                + "; backups made before this rotation can only be opened with a copy of the old file");
    }

    private KekRecord record(VersionedKek kek) {
        return new KekRecord(TYPE, Map.of(
                KekRecord.VERSION, Integer.toString(kek.primaryVersion()),
                KekRecord.CHECK, kek.makeCheck(),
                FILE, file.toString()));
    }

    @Override
    public String toString() {
        return "MasterKeyFileProvider[" + file + "]";
    }
}
