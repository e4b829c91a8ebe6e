package io.llmcm.core.crypto;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.Parameters;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import io.llmcm.core.KeyException;
import io.llmcm.core.model.Names;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One tenant's data-encryption keys: AES-256-GCM versions 1…n (the newest encrypts, all decrypt)
 * and, per version, an ES256 key that signs the tenant's dynamic-secret tokens. Immutable and
 * thread-safe; the Tink primitives are built once, so sealing costs only the cipher.
 *
 * <p>Versions are Tink key ids: Tink writes a 5-byte prefix (0x01 and the id, big-endian) before
 * every ciphertext, which is how a ciphertext names the version that opens it.
 */
public final class TenantKeyring {
    private static final Parameters DEK = PredefinedAeadParameters.AES256_GCM;

    private final String tenant;
    private final KeysetHandle deks;
    private final Aead aead;
    private final JwtKeys jwt;
    private final List<Integer> versions;
    private final int primary;

    TenantKeyring(String tenant, KeysetHandle deks, KeysetHandle jwtKeys) {
        this.tenant = tenant;
        this.deks = deks;
        this.aead = TinkSetup.primitive(deks, Aead.class);
        this.jwt = new JwtKeys(jwtKeys);
        List<Integer> v = new ArrayList<>();
        for (int i = 0; i < deks.size(); i++) {
            v.add(deks.getAt(i).getId());
        }
        Collections.sort(v);
        this.versions = List.copyOf(v);
        this.primary = deks.getPrimary().getId();
    }

    /** A new keyring with version 1. */
    public static TenantKeyring create(String tenant) {
        Names.tenant(tenant);
        TinkSetup.ensure();
        return new TenantKeyring(tenant, added(null, DEK, 1), added(null, JwtKeys.PARAMETERS, 1));
    }

    /** This keyring plus version n+1, which encrypts and signs from now on. */
    public TenantKeyring rotate() {
        int next = versions.getLast() + 1;
        return new TenantKeyring(tenant, added(deks, DEK, next), added(jwt.keyset(), JwtKeys.PARAMETERS, next));
    }

    /**
     * This keyring without the versions below {@code version}: once every secret is re-sealed with
     * newer keys, the old ones can go (and with them the ability to open old backups' secrets).
     */
    public TenantKeyring withoutVersionsBefore(int version) {
        if (version > primary) {
            throw new IllegalArgumentException("cannot drop the primary version " + primary);
        }
        return new TenantKeyring(tenant, keeping(deks, version), keeping(jwt.keyset(), version));
    }

    private static KeysetHandle added(KeysetHandle keys, Parameters params, int id) {
        try {
            KeysetHandle.Builder b = keys == null ? KeysetHandle.newBuilder() : KeysetHandle.newBuilder(keys);
            return b.addEntry(KeysetHandle.generateEntryFromParameters(params).withFixedId(id).makePrimary())
                    .build();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot generate a key", e);
        }
    }

    private static KeysetHandle keeping(KeysetHandle keys, int from) {
        KeysetHandle.Builder b = KeysetHandle.newBuilder(keys);
        for (int i = b.size() - 1; i >= 0; i--) {
            if (keys.getAt(i).getId() < from) {
                b.deleteAt(i);
            }
        }
        try {
            return b.build();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot build a keyset", e);
        }
    }

    /** The tenant whose keys these are (bound into the wrapped form). */
    public String tenant() {
        return tenant;
    }

    /** The version that encrypts and signs. */
    public int primaryVersion() {
        return primary;
    }

    /** Every version this keyring holds, ascending. */
    public List<Integer> versions() {
        return versions;
    }

    /** AES-256-GCM under the primary version, with a fresh random 96-bit nonce from Tink. */
    public byte[] encrypt(byte[] plaintext, byte[] associatedData) {
        try {
            return aead.encrypt(plaintext, associatedData);
        } catch (GeneralSecurityException e) {
            throw new KeyException("cannot encrypt with the keys of tenant " + tenant, e);
        }
    }

    /**
     * Reverses {@link #encrypt} with whichever version the ciphertext names.
     *
     * @throws KeyException when the version is not held, or the data or associated data differ
     */
    public byte[] decrypt(byte[] ciphertext, byte[] associatedData) {
        int version = versionOf(ciphertext);
        if (!versions.contains(version)) {
            throw new KeyException("data was encrypted with key version " + version + " of tenant " + tenant
                    + ", which this keyring no longer holds");
        }
        try {
            return aead.decrypt(ciphertext, associatedData);
        } catch (GeneralSecurityException e) {
            throw new KeyException("data does not decrypt with key version " + version + " of tenant " + tenant
                    + ": it belongs elsewhere or is damaged");
        }
    }

    /** The version a ciphertext of {@link #encrypt} names (read from its Tink prefix). */
    public int versionOf(byte[] ciphertext) {
        if (ciphertext.length < 5 || ciphertext[0] != 1) {
            throw new KeyException("data is not a ciphertext of a tenant key");
        }
        return ((ciphertext[1] & 0xff) << 24) | ((ciphertext[2] & 0xff) << 16) | ((ciphertext[3] & 0xff) << 8) | (ciphertext[4] & 0xff);
    }

    /** The wrapped form for the store: see {@link WrappedKeyring}. */
    public byte[] wrap(Kek kek) {
        return WrappedKeyring.wrap(tenant, deks, jwt.keyset(), kek);
    }

    /**
     * Opens a wrapped keyring. The tenant is bound as associated data, so a keyring copied to
     * another tenant does not open.
     */
    public static TenantKeyring unwrap(String tenant, byte[] wrapped, Kek kek) {
        return WrappedKeyring.unwrap(tenant, wrapped, kek);
    }

    /** Unwraps and wraps again with {@code kek}'s primary version (KEK rotation). */
    public static byte[] rewrap(String tenant, byte[] wrapped, Kek kek) {
        return unwrap(tenant, wrapped, kek).wrap(kek);
    }

    /** The id of the KEK that wrapped {@code wrapped} (e.g. {@code file:1}), without unwrapping it. */
    public static String wrappedBy(byte[] wrapped) {
        return WrappedKeyring.kekId(wrapped);
    }

    /**
     * A compact ES256 JWT signed with the primary version's key; {@code kid} names that key.
     *
     * @param claims extra claims: String, Number, Boolean, null, Map or List (JSON-like)
     */
    public String signJwt(String subject, String audience, Map<String, Object> claims, Instant issued, Instant expires, String jwtId) {
        return jwt.sign(
                Objects.requireNonNull(subject, "subject"),
                Objects.requireNonNull(audience, "audience"),
                claims == null ? Map.of() : claims,
                issued,
                expires,
                Objects.requireNonNull(jwtId, "jwtId"));
    }

    /** The public keys of every version as a JWK set, for verifiers outside the product. */
    public String publicJwksJson() {
        return jwt.jwks();
    }

    /**
     * The claims of a token signed by one of this keyring's versions, for {@code audience}, not
     * expired at {@code now}; empty when any of that fails (the reason is not told to callers who
     * present tokens).
     */
    public Optional<JwtClaims> verifyJwt(String jwt, String audience, Instant now) {
        return this.jwt.verify(jwt, audience, now);
    }

    /** Tenant and versions only. */
    @Override
    public String toString() {
        return "TenantKeyring[" + tenant + ", versions " + versions + ", primary " + primary + "]";
    }
}
