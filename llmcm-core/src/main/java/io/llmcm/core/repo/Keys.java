package io.llmcm.core.repo;

import io.llmcm.core.ConflictException;
import io.llmcm.core.KeyException;
import io.llmcm.core.crypto.Kek;
import io.llmcm.core.crypto.KekRecord;
import io.llmcm.core.crypto.KeyProvider;
import io.llmcm.core.crypto.TenantKeyring;
import io.llmcm.core.store.Store;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The store's keys: the key-encryption key (opened on first need, so reading configuration never
 * asks for the master key) and each tenant's keyring, unwrapped once and kept in memory. A
 * keyring is stored, durably, before any secret sealed with it is committed.
 */
final class Keys {
    static final String KEK_SETTING = "kek";
    static final String SIGNING_KEY = "signing-key";
    static final byte[] SIGNING_AAD = aad(SIGNING_KEY);
    static final String SERVICE_TOKEN_KEYS = "service-token-keys";
    /** Settings that hold private keys wrapped by the master key, rewrapped when it rotates. */
    static final java.util.List<String> WRAPPED_SETTINGS = java.util.List.of(SIGNING_KEY, SERVICE_TOKEN_KEYS, "audit-mac-key");

    /** The associated data a wrapped setting is bound to: it opens under no other name. */
    static byte[] aad(String setting) {
        return ("llmcm-" + setting).getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    private final Store store;
    private final Function<KekRecord, KeyProvider> providers;
    private final Map<String, TenantKeyring> rings = new ConcurrentHashMap<>();
    private volatile Kek kek;

    /** @param providers the provider for a stored record; null when this process has none */
    Keys(Store store, Function<KekRecord, KeyProvider> providers) {
        this.store = store;
        this.providers = providers;
    }

    /** Creates the store's key-encryption key with a provider; once per store, even when several processes try at once. */
    synchronized KekRecord initialize(KeyProvider provider) {
        if (store.setting(KEK_SETTING).isPresent()) {
            throw new ConflictException("this store already has a master key (" + record().type() + ")");
        }
        KekRecord record = provider.create();
        if (!store.createSetting(KEK_SETTING, record.toBytes())) {
            // another process sharing the store stored its master key first: keys wrapped with ours would not open there
            throw new ConflictException("another process created this store's master key at the same moment; use that one ("
                    + record().type() + ")");
        }
        kek = provider.open(record);
        return record;
    }

    boolean isInitialized() {
        return store.setting(KEK_SETTING).isPresent();
    }

    KekRecord record() {
        return store.setting(KEK_SETTING)
                .map(KekRecord::fromBytes)
                .orElseThrow(() -> new KeyException(
                        "this store has no master key yet; create one with `llmcm key init`"));
    }

    KeyProvider provider(KekRecord record) {
        if (providers == null) {
            throw new KeyException("no key provider is configured for this store's '" + record.type() + "' master key");
        }
        return providers.apply(record);
    }

    Kek kek() {
        Kek k = kek;
        if (k == null) {
            synchronized (this) {
                k = kek;
                if (k == null) {
                    KekRecord r = record();
                    k = provider(r).open(r);
                    kek = k;
                }
            }
        }
        return k;
    }

    static final String AUDIT_MAC_SETTING = "audit-mac-key";
    private static final byte[] AUDIT_MAC_AAD = aad(AUDIT_MAC_SETTING);
    private volatile byte[] auditMacKey;

    /**
     * The audit chain's MAC key, created on first use, stored wrapped by the master key. Null when
     * the master key is not open yet: the audit writer must never open it (a passphrase would be
     * asked for from a background thread).
     */
    byte[] auditMacKeyIfOpen() {
        return kek == null ? null : auditMacKey();
    }

    /** The audit chain's MAC key, opening the master key if needed. */
    synchronized byte[] auditMacKey() {
        if (auditMacKey == null) {
            Kek k = kek();
            java.util.Optional<byte[]> wrapped = store.setting(AUDIT_MAC_SETTING);
            if (wrapped.isPresent()) {
                auditMacKey = k.unwrap(wrapped.get(), AUDIT_MAC_AAD);
            } else {
                byte[] fresh = new byte[32];
                new java.security.SecureRandom().nextBytes(fresh);
                if (store.createSetting(AUDIT_MAC_SETTING, k.wrap(fresh, AUDIT_MAC_AAD))) {
                    auditMacKey = fresh;
                } else { // another process sharing the store made it first
                    auditMacKey = k.unwrap(store.setting(AUDIT_MAC_SETTING).orElseThrow(), AUDIT_MAC_AAD);
                }
            }
        }
        return auditMacKey;
    }

    /** The tenant's keyring, created (and stored) when the tenant has none yet. */
    TenantKeyring forSealing(String tenant) {
        TenantKeyring r = rings.get(tenant);
        if (r != null) {
            return r;
        }
        synchronized (this) {
            r = load(tenant);
            if (r == null) {
                TenantKeyring created = TenantKeyring.create(tenant);
                if (store.createKeyring(tenant, created.wrap(kek()))) {
                    r = created;
                } else {
                    // another process sharing the store created it first: seal with theirs
                    r = load(tenant);
                    if (r == null) {
                        throw new KeyException("tenant '" + tenant + "': its keyring was created and destroyed meanwhile");
                    }
                }
            }
            rings.put(tenant, r);
            return r;
        }
    }

    /** The tenant's keyring for opening what was sealed. */
    TenantKeyring forOpening(String tenant) {
        TenantKeyring r = rings.get(tenant);
        if (r != null) {
            return r;
        }
        synchronized (this) {
            r = load(tenant);
            if (r == null) {
                throw new KeyException("tenant '" + tenant + "' has no keys: its keyring was never created or was destroyed");
            }
            rings.put(tenant, r);
            return r;
        }
    }

    /**
     * The tenant's keyring for opening what {@code version} sealed. A cached keyring without that
     * version is read again from the store: another process sharing it rotated the keyring since
     * this one loaded it (a rotation is not a commit, so the store's feed does not bring it). The
     * reloaded keyring then seals too, under the new primary version.
     */
    TenantKeyring forOpening(String tenant, int version) {
        TenantKeyring r = forOpening(tenant);
        if (r.versions().contains(version)) {
            return r;
        }
        synchronized (this) {
            byte[] wrapped = store.keyrings().get(tenant);
            if (wrapped == null) {
                return r; // destroyed meanwhile: opening fails on the version, as it would have
            }
            TenantKeyring fresh = TenantKeyring.unwrap(tenant, wrapped, kek());
            rings.put(tenant, fresh);
            return fresh;
        }
    }

    /** How many times a rotation starts again when other processes keep rotating the same keyring. */
    private static final int ROTATE_TRIES = 20;

    /**
     * Adds a new primary data key to the tenant's keyring; new seals use it from now on. The stored
     * keyring is rotated, not a cached copy, and replaced only if no other process sharing the
     * store rotated it meanwhile; if one did, its keyring is rotated in turn, so both new keys stay.
     */
    synchronized TenantKeyring rotate(String tenant) {
        for (int attempt = 1; ; attempt++) {
            rings.remove(tenant);
            forSealing(tenant); // makes the tenant's first keyring when it has none
            byte[] stored = store.keyrings().get(tenant);
            if (stored == null) {
                throw new KeyException("tenant '" + tenant + "': its keyring was destroyed while rotating it");
            }
            TenantKeyring next = TenantKeyring.unwrap(tenant, stored, kek()).rotate();
            if (store.replaceKeyring(tenant, stored, next.wrap(kek()))) {
                rings.put(tenant, next);
                return next;
            }
            if (attempt == ROTATE_TRIES) {
                throw new KeyException("tenant '" + tenant + "': other processes kept rotating its keyring; nothing changed here, try again");
            }
        }
    }

    /** Drops a destroyed tenant's keyring from memory (the store already deleted it). */
    void forget(String tenant) {
        rings.remove(tenant);
    }

    /**
     * Stores the rotating record (naming both versions) first, then rewraps every stored keyring
     * with the rotation's key; a crash in between leaves a store that opens with either version.
     */
    synchronized void rewrapAll(KekRecord rotating, Kek both) {
        store.putSetting(KEK_SETTING, rotating.toBytes());
        kek = both;
        for (Map.Entry<String, byte[]> e : store.keyrings().entrySet()) {
            store.putKeyring(e.getKey(), TenantKeyring.rewrap(e.getKey(), e.getValue(), both));
        }
        // the signing keys and the audit MAC key are wrapped by the master key too
        for (String name : WRAPPED_SETTINGS) {
            byte[] aad = aad(name);
            store.setting(name).ifPresent(w -> store.putSetting(name, both.wrap(both.unwrap(w, aad), aad)));
        }
        rings.clear();
    }

    /** Adopts the settled record after the provider retired the old version, and reopens the key. */
    synchronized void settle(KekRecord settled) {
        store.putSetting(KEK_SETTING, settled.toBytes());
        kek = null;
        rings.clear();
        kek();
    }

    private TenantKeyring load(String tenant) {
        TenantKeyring cached = rings.get(tenant);
        if (cached != null) {
            return cached;
        }
        byte[] wrapped = store.keyrings().get(tenant);
        return wrapped == null ? null : TenantKeyring.unwrap(tenant, wrapped, kek());
    }
}
