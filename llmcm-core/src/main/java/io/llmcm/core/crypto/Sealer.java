package io.llmcm.core.crypto;

import io.llmcm.core.InvalidInputException;
import io.llmcm.core.KeyException;
import io.llmcm.core.model.ContentType;
import io.llmcm.core.model.EntryKey;
import io.llmcm.core.model.Value;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;

/**
 * Seals a secret value for one address and opens it again. The result is a {@link Value} of type
 * {@link ContentType#SECRET} whose bytes are a {@link SecretEnvelope}; it opens only with the same
 * tenant keyring version at the same address with the same metadata.
 */
public final class Sealer {
    /** Largest plaintext, counted as the bytes of its compact JSON: 64 KiB. */
    public static final int MAX_SECRET_BYTES = 64 * 1024;

    private Sealer() {}

    /**
     * Seals {@code plaintext} (JSON or text) under the keyring's primary version. Both times are
     * kept to the whole second.
     *
     * @throws InvalidInputException when the plaintext is over {@link #MAX_SECRET_BYTES} or already sealed
     * @param expires when the secret stops being served; null for never
     * @param sealedAt the time of the write
     */
    public static Value seal(TenantKeyring keys, EntryKey address, Value plaintext, Instant expires, Instant sealedAt) {
        requireTenant(keys, address);
        if (plaintext.type() == ContentType.SECRET) {
            throw new InvalidInputException("a sealed value cannot be sealed again");
        }
        if (plaintext.size() > MAX_SECRET_BYTES) {
            throw new InvalidInputException("secret is " + plaintext.size() + " bytes as JSON; at most "
                    + MAX_SECRET_BYTES + " bytes (64 KiB) are allowed");
        }
        byte[] bytes = plaintext.bytes();
        try {
            return sealBytes(keys, address, plaintext.type(), bytes, seconds(sealedAt), expires == null ? null : seconds(expires));
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
    }

    private static Value sealBytes(TenantKeyring keys, EntryKey address, ContentType type, byte[] plaintext, Instant sealedAt, Instant expires) {
        SecretEnvelope header = new SecretEnvelope(keys.primaryVersion(), type, sealedAt, expires, new byte[0]);
        byte[] ct = keys.encrypt(plaintext, header.associatedData(address));
        SecretEnvelope sealed = new SecretEnvelope(header.dekVersion(), type, sealedAt, expires, ct);
        return Value.fromStore(ContentType.SECRET, sealed.toJson());
    }

    /**
     * The plaintext value, JSON or text as it was given.
     *
     * @throws KeyException when the envelope was sealed for another address, its metadata or
     *     ciphertext were changed, or its key version is gone
     */
    public static Value open(TenantKeyring keys, EntryKey address, Value sealed) {
        return open(keys, address, parse(address, sealed));
    }

    /** Parses a sealed value once, for callers that need its metadata and then its plaintext. */
    public static SecretEnvelope parse(EntryKey address, Value sealed) {
        return envelope(address, sealed);
    }

    /** {@link #open(TenantKeyring, EntryKey, Value)} of an already parsed envelope. */
    public static Value open(TenantKeyring keys, EntryKey address, SecretEnvelope env) {
        byte[] plain = decrypt(keys, address, env);
        try {
            return Value.fromStore(env.type(), plain);
        } finally {
            Arrays.fill(plain, (byte) 0);
        }
    }

    /**
     * The same secret sealed again under the keyring's primary version, keeping its time and
     * expiry (re-encryption after a DEK rotation). Returns {@code sealed} itself when it already
     * uses the primary version.
     */
    public static Value reseal(TenantKeyring keys, EntryKey address, Value sealed) {
        SecretEnvelope env = envelope(address, sealed);
        if (env.dekVersion() == keys.primaryVersion()) {
            return sealed;
        }
        byte[] plain = decrypt(keys, address, env);
        try {
            return sealBytes(keys, address, env.type(), plain, env.sealedAt(), env.expires());
        } finally {
            Arrays.fill(plain, (byte) 0);
        }
    }

    /** Version, type, time and expiry of a sealed value, without decrypting it (for masked views). */
    public static SecretEnvelope.Metadata metadata(Value sealed) {
        if (sealed.type() != ContentType.SECRET) {
            throw new KeyException("value is not a sealed secret");
        }
        try {
            return SecretEnvelope.parse(sealed.bytes()).metadata();
        } catch (IllegalArgumentException e) {
            throw new KeyException("sealed secret is damaged: " + e.getMessage());
        }
    }

    private static SecretEnvelope envelope(EntryKey address, Value sealed) {
        if (sealed.type() != ContentType.SECRET) {
            throw new KeyException("value at " + address + " is not a sealed secret");
        }
        try {
            return SecretEnvelope.parse(sealed.bytes());
        } catch (IllegalArgumentException e) {
            throw new KeyException("secret " + address + " is damaged: " + e.getMessage());
        }
    }

    private static byte[] decrypt(TenantKeyring keys, EntryKey address, SecretEnvelope env) {
        if (!keys.tenant().equals(address.tenant())) {
            throw doesNotOpen(address);
        }
        if (!keys.versions().contains(env.dekVersion())) {
            throw new KeyException("secret " + address + " was sealed with key version " + env.dekVersion()
                    + " of tenant " + address.tenant() + ", which is no longer held");
        }
        try {
            if (keys.versionOf(env.ciphertext()) != env.dekVersion()) {
                throw doesNotOpen(address);
            }
            return keys.decrypt(env.ciphertext(), env.associatedData(address));
        } catch (KeyException e) {
            throw doesNotOpen(address);
        }
    }

    private static KeyException doesNotOpen(EntryKey address) {
        return new KeyException("secret " + address
                + " does not open: it was sealed for another address, or its key or data are damaged");
    }

    private static void requireTenant(TenantKeyring keys, EntryKey address) {
        if (!keys.tenant().equals(address.tenant())) {
            throw new IllegalArgumentException("keyring of tenant " + keys.tenant() + " used for " + address);
        }
    }

    private static Instant seconds(Instant t) {
        return t.truncatedTo(ChronoUnit.SECONDS);
    }
}
