package io.llmcm.core.crypto;

/**
 * A key-encryption key: it wraps the tenants' data-encryption keys and nothing else. One instance
 * holds one key version, or two while a rotation is under way (then it unwraps with either and
 * wraps with the new one). Instances never expose key material.
 */
public interface Kek {
    /** The provider and version that wraps, e.g. {@code file:2}, {@code env:1}, {@code passphrase:1}. */
    String id();

    /** Encrypts and authenticates {@code plaintext} together with {@code associatedData}. */
    byte[] wrap(byte[] plaintext, byte[] associatedData);

    /**
     * Reverses {@link #wrap}.
     *
     * @throws io.llmcm.core.KeyException "cannot unwrap with master key …: wrong master key or
     *     damaged data" when the ciphertext was not made by one of this KEK's versions with the same
     *     associated data
     */
    byte[] unwrap(byte[] ciphertext, byte[] associatedData);
}
