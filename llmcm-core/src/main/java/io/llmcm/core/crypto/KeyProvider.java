package io.llmcm.core.crypto;

/**
 * Where a store's key-encryption key comes from (SPI: a master key file, an environment variable
 * and a passphrase now; Vault Transit or a cloud KMS later).
 *
 * <h2>Rotating the KEK</h2>
 *
 * A rotation must survive a crash at any point, so it goes in three durable steps:
 *
 * <ol>
 *   <li>{@code r = rotate(current)}; store {@code r.record()} (it names both versions, so {@link
 *       #open} of it unwraps with either);
 *   <li>rewrap every keyring with {@code r.kek()} and store it ({@link TenantKeyring#rewrap});
 *   <li>{@code done = retire(r.record())}; store {@code done.record()} and show {@code done.note()}.
 * </ol>
 *
 * After a crash in step 2 or 3, {@code open(storedRecord)} gives a KEK that still unwraps both
 * versions: repeat steps 2 and 3 with it.
 */
public interface KeyProvider {
    /** {@code file}, {@code env} or {@code passphrase}: the {@link KekRecord#type()} it handles. */
    String type();

    /** For a new store: creates or derives the key and returns its record (with the check value). */
    KekRecord create();

    /**
     * The KEK of a store, after checking that the key at hand is the one the record was made with.
     *
     * @throws io.llmcm.core.KeyException naming what is missing or wrong (never key material)
     */
    Kek open(KekRecord record);

    /** Starts a rotation: a new key version; see the class comment for the steps. */
    Rotation rotate(KekRecord current);

    /**
     * Finishes a rotation once every keyring is rewrapped: destroys the previous version where this
     * provider can, and returns the settled record with a one-line note for the operator.
     */
    Retirement retire(KekRecord record);

    /**
     * A rotation in progress.
     *
     * @param record the record to store before rewrapping: names the new and the previous version
     * @param kek unwraps with either version, wraps with the new one
     */
    record Rotation(KekRecord record, Kek kek) {}

    /**
     * A finished rotation.
     *
     * @param record the record to store: the new version only
     * @param note one line for the operator, e.g. what to discard and that older backups still need
     *     the previous key
     */
    record Retirement(KekRecord record, String note) {}
}
