package io.llmcm.core.crypto;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.aead.AesGcmKey;
import com.google.crypto.tink.aead.AesGcmParameters;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import com.google.crypto.tink.util.SecretBytes;
import io.llmcm.core.KeyException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The KEK of every built-in provider: a Tink keyset of AES-256-GCM keys whose Tink key ids are the
 * KEK versions. Tink's 5-byte output prefix names the key that wrapped, so one instance unwraps
 * with any version it holds and wraps with its primary.
 */
final class VersionedKek implements Kek {
    /** AES-256, 12-byte random nonces, 16-byte tags, Tink prefix (key id in the ciphertext). */
    static final AesGcmParameters PARAMETERS = PredefinedAeadParameters.AES256_GCM;

    private static final byte[] CHECK_PLAINTEXT = "llmcm master key check v1".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CHECK_AAD = Aad.of("llmcm.kek-check.v1");

    private final String type;
    private final KeysetHandle keys;
    private final int primary;
    private final Aead aead;

    private VersionedKek(String type, KeysetHandle keys, int primary) {
        this.type = type;
        this.keys = keys;
        this.primary = primary;
        this.aead = TinkSetup.primitive(keys, Aead.class);
    }

    /** A new random keyset holding one key, {@code version}. */
    static KeysetHandle newKeyset(int version) {
        TinkSetup.ensure();
        try {
            return KeysetHandle.newBuilder()
                    .addEntry(KeysetHandle.generateEntryFromParameters(PARAMETERS).withFixedId(version).makePrimary())
                    .build();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot generate a key", e);
        }
    }

    /** {@code keys} plus a new random key {@code version}, which becomes primary. */
    static KeysetHandle withNewVersion(KeysetHandle keys, int version) {
        try {
            return KeysetHandle.newBuilder(keys)
                    .addEntry(KeysetHandle.generateEntryFromParameters(PARAMETERS).withFixedId(version).makePrimary())
                    .build();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot generate a key", e);
        }
    }

    /** A KEK over every key of {@code keys}, wrapping with {@code primary}. */
    static VersionedKek of(String type, KeysetHandle keys, int primary) {
        KeysetHandle.Builder b = KeysetHandle.newBuilder(keys);
        boolean found = false;
        for (int i = 0; i < b.size(); i++) {
            if (keys.getAt(i).getId() == primary) {
                b.getAt(i).makePrimary();
                found = true;
            }
        }
        if (!found) {
            throw new IllegalArgumentException("no key version " + primary);
        }
        try {
            return new VersionedKek(type, b.build(), primary);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot build a keyset", e);
        }
    }

    /** A one-version KEK from 32 raw key bytes (environment and passphrase providers). */
    static VersionedKek ofRawKey(String type, int version, byte[] key) {
        TinkSetup.ensure();
        try {
            AesGcmKey k = AesGcmKey.builder()
                    .setParameters(PARAMETERS)
                    .setKeyBytes(SecretBytes.copyFrom(key, InsecureSecretKeyAccess.get()))
                    .setIdRequirement(version)
                    .build();
            KeysetHandle keys = KeysetHandle.newBuilder()
                    .addEntry(KeysetHandle.importKey(k).makePrimary())
                    .build();
            return new VersionedKek(type, keys, version);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("not an AES-256 key", e);
        }
    }

    /** This KEK (still wrapping with its primary) that also unwraps with {@code older}'s versions. */
    VersionedKek plus(VersionedKek older) {
        KeysetHandle.Builder b = KeysetHandle.newBuilder(keys);
        for (int i = 0; i < older.keys.size(); i++) {
            if (!versions().contains(older.keys.getAt(i).getId())) {
                b.addEntry(KeysetHandle.importKey(older.keys.getAt(i).getKey()));
            }
        }
        try {
            return new VersionedKek(type, b.build(), primary);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot build a keyset", e);
        }
    }

    /** This KEK restricted to one version; null when it does not hold that version. */
    VersionedKek only(int version) {
        for (int i = 0; i < keys.size(); i++) {
            if (keys.getAt(i).getId() == version) {
                try {
                    KeysetHandle one = KeysetHandle.newBuilder()
                            .addEntry(KeysetHandle.importKey(keys.getAt(i).getKey()).makePrimary())
                            .build();
                    return new VersionedKek(type, one, version);
                } catch (GeneralSecurityException e) {
                    throw new IllegalStateException("cannot build a keyset", e);
                }
            }
        }
        return null;
    }

    /** A fresh check value: base64 of a known plaintext wrapped by the primary version. */
    String makeCheck() {
        return Base64.getEncoder().encodeToString(wrap(CHECK_PLAINTEXT, CHECK_AAD));
    }

    /** True when {@code check} unwraps under this KEK to the known plaintext. */
    boolean matches(String check) {
        try {
            byte[] plain = aead.decrypt(Base64.getDecoder().decode(check), CHECK_AAD);
            return MessageDigest.isEqual(plain, CHECK_PLAINTEXT);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    List<Integer> versions() {
        List<Integer> v = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) {
            v.add(keys.getAt(i).getId());
        }
        return v;
    }

    int primaryVersion() {
        return primary;
    }

    KeysetHandle keyset() {
        return keys;
    }

    @Override
    public String id() {
        return type + ":" + primary;
    }

    @Override
    public byte[] wrap(byte[] plaintext, byte[] associatedData) {
        try {
            return aead.encrypt(plaintext, associatedData);
        } catch (GeneralSecurityException e) {
            throw new KeyException("cannot wrap with master key " + id(), e);
        }
    }

    @Override
    public byte[] unwrap(byte[] ciphertext, byte[] associatedData) {
        try {
            return aead.decrypt(ciphertext, associatedData);
        } catch (GeneralSecurityException e) {
            throw new KeyException("cannot unwrap with master key " + id() + ": wrong master key or damaged data");
        }
    }

    @Override
    public String toString() {
        return "Kek[" + id() + ", versions " + versions() + "]";
    }
}
