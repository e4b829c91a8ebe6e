package io.llmcm.core.repo;

import io.llmcm.core.ConflictException;
import io.llmcm.core.InvalidInputException;
import io.llmcm.core.KeyException;
import io.llmcm.core.LlmcmException;
import io.llmcm.core.NotFoundException;
import io.llmcm.core.PermissionDeniedException;
import io.llmcm.core.audit.AuditEvent;
import io.llmcm.core.audit.AuditLog;
import io.llmcm.core.crypto.KekRecord;
import io.llmcm.core.crypto.KeyProvider;
import io.llmcm.core.crypto.Sealer;
import io.llmcm.core.crypto.SecretEnvelope;
import io.llmcm.core.crypto.TenantKeyring;
import io.llmcm.core.crypto.Tokens;
import io.llmcm.core.model.EntryKey;
import io.llmcm.core.model.EntryVersion;
import io.llmcm.core.model.Lease;
import io.llmcm.core.model.Value;
import io.llmcm.core.secret.DynamicSecret;
import io.llmcm.core.store.Store;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Sealing, revealing and issuing secrets, and the keys behind them. Secrets are entries like any
 * other — same commit log, history, tags, rollback — whose values are sealed envelopes; this is
 * where the envelopes are made and opened, and where every reveal, refusal and failure is audited.
 */
public final class Secrets {
    /** Secrets re-encrypted per commit when a data key rotates. */
    static final int ROTATION_BATCH = 100;

    private final Repository repo;
    private final Store store;
    private final Keys keys;
    private final AuditLog audit;
    private final Clock clock;
    /**
     * Parsed envelopes of sealed values, keyed by the value object itself (weakly: a value that
     * is no longer a head is dropped with it). Reveals of the same version then skip the JSON.
     */
    private final com.github.benmanes.caffeine.cache.Cache<Value, SecretEnvelope> envelopes =
            com.github.benmanes.caffeine.cache.Caffeine.newBuilder().weakKeys().maximumSize(100_000).build();

    Secrets(Repository repo, Store store, Keys keys, AuditLog audit, Clock clock) {
        this.repo = repo;
        this.store = store;
        this.keys = keys;
        this.audit = audit;
        this.clock = clock;
    }

    /** Reports progress of a long job: {@code done} of {@code total}. */
    @FunctionalInterface
    public interface Progress {
        void update(int done, int total);
    }

    // ------------------------------------------------------------------ keys

    /** True when the store has a master key (secrets can be sealed). */
    public boolean hasMasterKey() {
        return keys.isInitialized();
    }

    /** Creates the store's master key with a provider (done by {@code llmcm init}). */
    public KekRecord initialize(KeyProvider provider, String actor) {
        KekRecord r = keys.initialize(provider);
        record(actor, "key.init", "", "", "allowed", "master key of type " + r.type());
        return r;
    }

    /** Opens the master key now, so a wrong or missing key fails before anything else happens. */
    public void checkMasterKey() {
        keys.kek();
    }

    public KeyStatus status(String tenant) {
        repo.checkTenant(tenant);
        String kek = keys.isInitialized() ? keys.record().type() : "none";
        int kekVersion = keys.isInitialized() ? keys.record().version() : 0;
        if (!store.keyrings().containsKey(tenant)) {
            return new KeyStatus(tenant, kek, kekVersion, List.of(), 0, Map.of());
        }
        TenantKeyring ring = keys.forOpening(tenant);
        Map<Integer, Integer> counts = new TreeMap<>();
        ring.versions().forEach(v -> counts.put(v, 0));
        for (EntryVersion v : repo.entries(tenant, "")) {
            if (v.value().type() == io.llmcm.core.model.ContentType.SECRET && !DynamicSecret.isDynamic(v.value())) {
                counts.merge(Sealer.metadata(v.value()).dekVersion(), 1, Integer::sum);
            }
        }
        return new KeyStatus(tenant, kek, kekVersion, ring.versions(), ring.primaryVersion(), counts);
    }

    /**
     * Makes a new data key the tenant's primary, then re-encrypts its current secrets in batched
     * commits (guarded by compare-and-set, so concurrent writes win and are not undone). Reads work
     * throughout: old key versions stay in the keyring for the versions history still holds.
     *
     * @return the new primary version
     */
    public int rotate(String tenant, String author, Progress progress) {
        repo.checkTenant(tenant);
        TenantKeyring ring = keys.rotate(tenant);
        int primary = ring.primaryVersion();
        record(author, "key.rotate", tenant, tenant, "allowed", "data key version " + primary);
        List<EntryVersion> todo = stale(tenant, primary);
        int total = todo.size();
        int done = 0;
        progress.update(0, total);
        while (!todo.isEmpty()) {
            List<EntryVersion> batch = todo.subList(0, Math.min(ROTATION_BATCH, todo.size()));
            ChangeRequest.Builder b = ChangeRequest.by(author).message("re-encrypt secrets with data key version " + primary);
            for (EntryVersion v : batch) {
                SecretEnvelope.Metadata m = Sealer.metadata(v.value());
                Value plain = Sealer.open(ring, v.key(), v.value());
                b.put(v.key(), Sealer.seal(ring, v.key(), plain, m.expires(), m.sealedAt())).expect(v.key(), v.revision());
            }
            try {
                repo.commit(b.build());
                done += batch.size();
            } catch (ConflictException e) {
                // a secret changed meanwhile (and was sealed with the new key): look again
            }
            todo = stale(tenant, primary);
            progress.update(Math.min(done, total), total);
        }
        return primary;
    }

    private List<EntryVersion> stale(String tenant, int primary) {
        List<EntryVersion> out = new ArrayList<>();
        for (EntryVersion v : repo.entries(tenant, "")) {
            if (v.value().type() == io.llmcm.core.model.ContentType.SECRET
                    && !DynamicSecret.isDynamic(v.value())
                    && Sealer.metadata(v.value()).dekVersion() < primary) {
                out.add(v);
            }
        }
        return out;
    }

    /**
     * Rotates the key-encryption key: a new version from the provider, every tenant's keyring
     * rewrapped with it, then old versions retired where the provider can destroy them. Secrets
     * themselves are not touched. Each step is stored before the next, so a rotation interrupted by
     * a crash is finished by running it again.
     *
     * @return the provider's note for the operator
     */
    public String rotateMasterKey(String author) {
        KekRecord current = keys.record();
        KeyProvider provider = keys.provider(current);
        KekRecord rotating;
        io.llmcm.core.crypto.Kek both;
        if (current.rotating()) {
            rotating = current; // an earlier rotation stopped half-way: finish it
            both = provider.open(current);
        } else {
            KeyProvider.Rotation rotation = provider.rotate(current);
            rotating = rotation.record();
            both = rotation.kek();
        }
        keys.rewrapAll(rotating, both);
        KeyProvider.Retirement done = provider.retire(rotating);
        keys.settle(done.record());
        record(author, "key.rotate-master", "", "", "allowed", current.type() + " master key rotated to version " + done.record().version());
        return done.note();
    }

    /**
     * Deletes a tenant and destroys its keys (crypto-shredding). Copies of the store taken before
     * the deletion still hold the tenant's keyring wrapped by the master key, so with a master key
     * file the master key is rotated and its old version destroyed at once; a key from the
     * environment or a passphrase can only be replaced by the operator, which the note says.
     *
     * @return a note for the operator ("" when the store has no master key)
     */
    public String deleteTenant(String tenant, String author, String message) {
        repo.checkTenant(tenant);
        if (keys.isInitialized()) {
            keys.kek(); // a missing or wrong master key must stop us before anything is deleted
        }
        repo.commit(ChangeRequest.by(author)
                .message(message == null || message.isBlank() ? "delete tenant " + tenant : message)
                .add(new io.llmcm.core.model.Mutation.DeleteTenant(tenant))
                .build());
        keys.forget(tenant);
        record(author, "tenant.delete", tenant, tenant, "allowed", "keys destroyed");
        if (!keys.isInitialized()) {
            return "";
        }
        if (keys.record().type().equals(io.llmcm.core.crypto.MasterKeyFileProvider.TYPE)) {
            return "master key rotated: " + rotateMasterKey(author);
        }
        return "copies of the store taken before now can still open this tenant's secrets with the current master key:"
                + " rotate it (llmcm key rotate --master) and discard the old one";
    }

    // ------------------------------------------------------------------ sealing

    /**
     * Seals a plaintext for one address with the tenant's primary data key. The result is what a
     * {@link ChangeRequest} puts; it opens only at this address.
     */
    public Value seal(EntryKey key, Value plaintext, Instant expires) {
        Instant now = clock.instant();
        if (expires != null && !expires.isAfter(now)) {
            throw new InvalidInputException("expiry " + expires + " is not in the future");
        }
        if (plaintext.type() == io.llmcm.core.model.ContentType.SECRET) {
            throw new InvalidInputException("the value is already sealed");
        }
        repo.checkTenant(key.tenant());
        return Sealer.seal(keys.forSealing(key.tenant()), key, plaintext, expires, now);
    }

    /** Checks, before a commit, that a sealed value opens at its address (a moved one does not). */
    void verify(EntryKey key, Value sealed) {
        if (DynamicSecret.isDynamic(sealed)) {
            DynamicSecret.from(sealed); // checks the specification
            return;
        }
        try {
            Sealer.open(keys.forOpening(key.tenant(), Sealer.metadata(sealed).dekVersion()), key, sealed);
        } catch (KeyException e) {
            throw new InvalidInputException("the sealed value for " + key + " does not open at that address; seal it for it");
        }
    }

    // ------------------------------------------------------------------ revealing

    /** The plaintext of the effective secret at a path, for a caller allowed to see it. Audited. */
    public Revealed reveal(Scope scope, String path, Caller caller) {
        return reveal(scope, path, -1, caller);
    }

    /**
     * The plaintext of the effective secret at a path as of a revision ({@code -1}: current). A
     * dynamic secret issues a new credential instead. Every reveal, refusal and failure is audited.
     */
    public Revealed reveal(Scope scope, String path, long at, Caller caller) {
        String target = scope + " " + path;
        Resolved r;
        try {
            r = (at < 0 ? repo.get(scope, path) : repo.get(scope, path, at))
                    .orElseThrow(() -> new NotFoundException(path + " is not set in " + scope));
        } catch (LlmcmException e) {
            record(caller.name(), "secret.reveal", scope.tenant(), target, "failed", e.getMessage());
            throw e;
        }
        if (!r.isSecret()) {
            throw new InvalidInputException(path + " in " + scope + " is configuration, not a secret; read it with get");
        }
        if (!caller.access().mayReveal(scope.tenant(), path)) {
            record(caller.name(), "secret.reveal", scope.tenant(), target, "denied", "");
            throw new PermissionDeniedException("not allowed to reveal " + target);
        }
        EntryKey origin = EntryKey.of(r.from().tenant(), path, r.from().layer());
        if (DynamicSecret.isDynamic(r.value())) {
            return issue(scope, r, origin, caller);
        }
        Instant now = clock.instant();
        try {
            SecretEnvelope env = envelopes.get(r.value(), v -> Sealer.parse(origin, v)); // no JSON per reveal
            if (env.expires() != null && !now.isBefore(env.expires())) {
                record(caller.name(), "secret.reveal", scope.tenant(), target, "expired", "expired at " + env.expires());
                throw new io.llmcm.core.ExpiredException("secret " + target + " expired at " + env.expires());
            }
            Value plain = Sealer.open(keys.forOpening(origin.tenant(), env.dekVersion()), origin, env);
            record(caller.name(), "secret.reveal", scope.tenant(), target, "allowed", "version " + r.modRevision());
            return new Revealed(path, plain, r.revision(), r.modRevision(), env.expires(), null);
        } catch (KeyException e) {
            record(caller.name(), "secret.reveal", scope.tenant(), target, "failed", e.getMessage());
            throw e;
        }
    }

    /** Issues a credential from a dynamic secret; the lease is durable before it is handed out. */
    private Revealed issue(Scope scope, Resolved r, EntryKey origin, Caller caller) {
        DynamicSecret d = DynamicSecret.from(r.value());
        Instant now = clock.instant();
        Instant expires = now.plus(d.ttl());
        String leaseId = "lease-" + Tokens.random(16);
        String credential = switch (d.kind()) {
            case TOKEN -> Tokens.random(d.bytes());
            case JWT -> keys.forSealing(origin.tenant())
                    .signJwt(origin.path(), d.audience(), Map.of("tenant", scope.tenant(), "env", scope.env()), now, expires, leaseId);
        };
        Lease lease = new Lease(leaseId, origin, Tokens.sha256Hex(credential), now, expires, null, caller.name());
        store.putLease(lease);
        record(caller.name(), "secret.issue", scope.tenant(), scope + " " + r.path(), "allowed", leaseId + " until " + expires);
        return new Revealed(r.path(), Value.text(credential), r.revision(), r.modRevision(), expires, lease);
    }

    /** Revokes an issued credential before it expires. Leases of other tenants are not found. */
    public Lease revoke(String tenant, String leaseId, Caller caller) {
        repo.checkTenant(tenant);
        Lease lease = store.lease(leaseId)
                .filter(l -> l.key().tenant().equals(tenant))
                .orElseThrow(() -> new NotFoundException("no lease '" + leaseId + "' in tenant '" + tenant + "'"));
        if (!caller.access().mayReveal(tenant, lease.key().path())) {
            record(caller.name(), "secret.revoke", tenant, leaseId, "denied", "");
            throw new PermissionDeniedException("not allowed to revoke " + leaseId);
        }
        if (lease.revoked() != null) {
            return lease;
        }
        Lease revoked = lease.revokedAt(clock.instant());
        store.putLease(revoked);
        record(caller.name(), "secret.revoke", tenant, leaseId, "allowed", lease.key().toString());
        return revoked;
    }

    /** What is known of a credential issued here; empty when it was not issued here. */
    public Optional<LeaseCheck> check(String credential) {
        return store.leaseByCredential(Tokens.sha256Hex(credential)).map(l -> {
            Instant now = clock.instant();
            LeaseCheck.Status s = l.revoked() != null
                    ? LeaseCheck.Status.REVOKED
                    : now.isBefore(l.expires()) ? LeaseCheck.Status.VALID : LeaseCheck.Status.EXPIRED;
            return new LeaseCheck(l, s);
        });
    }

    /** Leases issued in a tenant, newest first. */
    public List<Lease> leases(String tenant, int limit) {
        repo.checkTenant(tenant);
        return store.leases(tenant, limit);
    }

    /** The tenant's JWT verification keys (JWKS JSON), for services that check issued JWTs. */
    public String jwks(String tenant) {
        repo.checkTenant(tenant);
        return keys.forSealing(tenant).publicJwksJson();
    }

    // ------------------------------------------------------------------ the store's signing key

    private static final String SIGNING_KEY = Keys.SIGNING_KEY;
    private static final String SIGNING_PUBLIC = "signing-key.pub";
    private static final byte[] SIGNING_AAD = Keys.SIGNING_AAD;

    /**
     * The store's Ed25519 key that signs its exports, created on first use; the private half is
     * stored wrapped by the master key, with the public half beside it in the same setting, so that
     * two instances sharing a store and making it at the same moment agree: the one setting is
     * created only if absent, and the loser uses the winner's pair.
     */
    synchronized java.security.KeyPair signingKey() {
        Optional<byte[]> wrapped = store.setting(SIGNING_KEY);
        if (wrapped.isEmpty()) {
            java.security.KeyPair pair = io.llmcm.core.crypto.PemKeys.generate("ed25519");
            String publicPem = io.llmcm.core.crypto.PemKeys.writePublic(pair.getPublic());
            String both = io.llmcm.core.crypto.PemKeys.writePrivate(pair.getPrivate()) + publicPem;
            if (store.createSetting(SIGNING_KEY, keys.kek().wrap(both.getBytes(java.nio.charset.StandardCharsets.UTF_8), SIGNING_AAD))) {
                // also on its own: readable without the master key
                store.putSetting(SIGNING_PUBLIC, publicPem.getBytes(java.nio.charset.StandardCharsets.UTF_8));
                return pair;
            }
            wrapped = store.setting(SIGNING_KEY); // another process made it first: use theirs
        }
        String pems = new String(keys.kek().unwrap(wrapped.orElseThrow(), SIGNING_AAD), java.nio.charset.StandardCharsets.UTF_8);
        int at = pems.indexOf("-----BEGIN PUBLIC KEY-----");
        // a key made before the pair shared one setting has its public half only in SIGNING_PUBLIC
        String publicPem = at >= 0 ? pems.substring(at)
                : new String(store.setting(SIGNING_PUBLIC).orElseThrow(), java.nio.charset.StandardCharsets.UTF_8);
        String privatePem = at >= 0 ? pems.substring(0, at) : pems;
        return new java.security.KeyPair(io.llmcm.core.crypto.PemKeys.readPublic(publicPem), io.llmcm.core.crypto.PemKeys.readPrivate(privatePem));
    }

    /** The setting that holds the server's service-token signing keys (see {@link #wrappedSetting}). */
    public static final String SERVICE_TOKEN_KEYS = Keys.SERVICE_TOKEN_KEYS;

    /**
     * A store-wide private key kept in a setting wrapped by the master key, made by {@code create}
     * on first use and rewrapped whenever the master key rotates. Only the names in {@link
     * Keys#WRAPPED_SETTINGS} are accepted, since rotation must know every wrapped setting.
     *
     * @return the unwrapped bytes
     * @throws io.llmcm.core.KeyException when the store has no master key or it cannot be opened
     */
    public synchronized byte[] wrappedSetting(String name, java.util.function.Supplier<byte[]> create) {
        if (!Keys.WRAPPED_SETTINGS.contains(name) || name.equals(SIGNING_KEY)) {
            throw new IllegalArgumentException("'" + name + "' is not a wrapped setting");
        }
        byte[] aad = Keys.aad(name);
        Optional<byte[]> wrapped = store.setting(name);
        if (wrapped.isPresent()) {
            return keys.kek().unwrap(wrapped.get(), aad);
        }
        byte[] fresh = create.get();
        if (store.createSetting(name, keys.kek().wrap(fresh, aad))) {
            return fresh;
        }
        // another process sharing the store made it first: use theirs
        return keys.kek().unwrap(store.setting(name).orElseThrow(), aad);
    }

    /** The public half of the store's signing key, as PEM, for importers to trust. */
    public String signingPublicKey() {
        return io.llmcm.core.crypto.PemKeys.writePublic(signingKey().getPublic());
    }

    Instant now() {
        return clock.instant();
    }

    void audit(String actor, String action, String tenant, String target, String outcome, String detail) {
        record(actor, action, tenant, target, outcome, detail);
    }

    private void record(String actor, String action, String tenant, String target, String outcome, String detail) {
        audit.record(AuditEvent.of(clock.instant(), actor, action, tenant, target, outcome, detail));
    }
}
