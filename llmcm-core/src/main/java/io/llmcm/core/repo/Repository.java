package io.llmcm.core.repo;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.llmcm.core.ConflictException;
import io.llmcm.core.HistoryCompactedException;
import io.llmcm.core.InvalidInputException;
import io.llmcm.core.LlmcmException;
import io.llmcm.core.NotFoundException;
import io.llmcm.core.StoreException;
import io.llmcm.core.auth.ApiKey;
import io.llmcm.core.auth.Binding;
import io.llmcm.core.auth.Role;
import io.llmcm.core.model.Commit;
import io.llmcm.core.model.CommitInfo;
import io.llmcm.core.model.EntryKey;
import io.llmcm.core.model.EntryVersion;
import io.llmcm.core.model.Environment;
import io.llmcm.core.model.Layer;
import io.llmcm.core.model.Mutation;
import io.llmcm.core.model.Names;
import io.llmcm.core.model.SchemaBinding;
import io.llmcm.core.model.Tag;
import io.llmcm.core.model.Tenant;
import io.llmcm.core.model.TenantQuota;
import io.llmcm.core.model.TenantState;
import io.llmcm.core.model.TenantSummary;
import io.llmcm.core.model.TenantUsage;
import io.llmcm.core.model.Value;
import io.llmcm.core.store.HistoryEntry;
import io.llmcm.core.store.Store;
import io.llmcm.core.audit.AuditEvent;
import io.llmcm.core.audit.AuditLog;
import io.llmcm.core.crypto.KekRecord;
import io.llmcm.core.crypto.KeyProvider;
import io.llmcm.core.secret.Masks;
import io.llmcm.core.targeting.Targeting;
import io.llmcm.core.targeting.TargetingContext;
import java.time.Clock;
import java.time.Instant;
import java.util.function.Function;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * The configuration repository: the one entry point for reading and changing configuration. It
 * owns a {@link Store} (the durable commit log), keeps the current state in memory at a known
 * revision, and sends every change through the group committer.
 *
 * <p>Reads of the current state never touch the store; reads of a past revision do. Thread-safe.
 */
public final class Repository implements AutoCloseable {
    /** Retention when nothing else is configured. */
    public static final Duration DEFAULT_RETENTION = Duration.ofDays(90);

    private final Store store;
    private final State state = new State();
    private final Committer committer;
    private final WatchEvents watchEvents;
    private final WatchGroups watchGroups = new WatchGroups(this);
    private final Cache<CacheKey, Cached> cache;
    private final Clock clock;
    private final StoreAuditLog audit;
    private final Keys keys;
    private final Secrets secrets;
    /** Commits of other processes sharing the store; null when nobody else writes it. */
    private final io.llmcm.core.store.ChangeFeed feed;
    /** The L2 shared with other instances, and what tells its entries apart from a deleted tenant's. */
    private final SharedValues shared;

    /**
     * Tuning knobs.
     *
     * @param cacheSize how many resolved values to keep (each is small: a reference to the bytes)
     * @param clock source of commit times, expiry and audit times (tests pin it)
     * @param keyProviders the key provider for the store's master key record; null when this
     *     process cannot open secrets (configuration still works)
     * @param sharedCache the cache shared with other instances (an L2 behind the resolved-value
     *     cache, and commit announcements); the repository owns and closes it
     */
    public record Options(long cacheSize, Clock clock, Function<KekRecord, KeyProvider> keyProviders,
            io.llmcm.core.cache.SharedCache sharedCache) {
        public Options {
            sharedCache = java.util.Objects.requireNonNullElse(sharedCache, io.llmcm.core.cache.SharedCache.NONE);
        }

        /** Without a shared cache. */
        public Options(long cacheSize, Clock clock, Function<KekRecord, KeyProvider> keyProviders) {
            this(cacheSize, clock, keyProviders, null);
        }

        public static Options defaults() {
            return new Options(100_000, Clock.systemUTC(), null);
        }

        public Options withKeyProviders(Function<KekRecord, KeyProvider> providers) {
            return new Options(cacheSize, clock, providers, sharedCache);
        }

        public Options withClock(Clock c) {
            return new Options(cacheSize, c, keyProviders, sharedCache);
        }

        public Options withSharedCache(io.llmcm.core.cache.SharedCache c) {
            return new Options(cacheSize, clock, keyProviders, c);
        }
    }

    private record CacheKey(Scope scope, String path) {}

    /** A resolution and the revision it was computed at; {@code value} null means absent. */
    private record Cached(Value value, long modRevision, long basis, LayerRef from) {}

    private Repository(Store store, Options options) {
        this.store = store;
        this.state.load(store.load());
        this.cache = Caffeine.newBuilder().maximumSize(options.cacheSize()).recordStats().build();
        this.clock = options.clock();
        Keys keys = new Keys(store, options.keyProviders());
        this.keys = keys;
        this.audit = new StoreAuditLog(store, keys::auditMacKeyIfOpen);
        this.secrets = new Secrets(this, store, keys, audit, clock);
        this.shared = new SharedValues(options.sharedCache(), state.revision());
        this.committer = new Committer(store, state, clock, secrets::verify, this::beforeFollowed, shared::durable);
        this.watchEvents = new WatchEvents(this, state, store, state.recent);
        this.feed = store.follow(committer::followed).orElse(null);
        if (feed != null) {
            options.sharedCache().onCommit(committer::followed); // a second, prompt wake-up for the follow
        }
    }

    /** Opens a repository over a store, which it then owns and closes. */
    public static Repository open(Store store) {
        return open(store, Options.defaults());
    }

    public static Repository open(Store store, Options options) {
        try {
            return new Repository(store, options);
        } catch (RuntimeException e) {
            store.close();
            options.sharedCache().close();
            throw e;
        }
    }

    // ---------------------------------------------------------------- initialization

    /** True once {@link #initialize} has run on this store. */
    public boolean isInitialized() {
        return state.catalog().tenants.containsKey(Tenant.GLOBAL);
    }

    /**
     * Creates the root tenant {@code global} and the default environments: {@code base}; {@code
     * dev}, {@code staging}, {@code prod} → {@code base}; {@code edge} → {@code prod}.
     *
     * @throws ConflictException when the store is already initialized
     */
    public CommitResult initialize(String author) {
        if (isInitialized()) {
            throw new ConflictException("the store is already initialized (revision " + revision() + ")");
        }
        return commit(ChangeRequest.by(author)
                .message("initialize")
                .add(new Mutation.PutTenant(new Tenant(Tenant.GLOBAL, null)))
                .add(new Mutation.PutEnvironment(new Environment(Layer.BASE_ENV, null)))
                .add(new Mutation.PutEnvironment(new Environment("dev", Layer.BASE_ENV)))
                .add(new Mutation.PutEnvironment(new Environment("staging", Layer.BASE_ENV)))
                .add(new Mutation.PutEnvironment(new Environment("prod", Layer.BASE_ENV)))
                .add(new Mutation.PutEnvironment(new Environment("edge", "prod")))
                .build());
    }

    // ---------------------------------------------------------------- secrets and audit

    /** Sealing, revealing and issuing secrets, and their keys. */
    public Secrets secrets() {
        return secrets;
    }

    /** Signed (and encrypted) exports and their import. */
    public Bundles bundles() {
        return new Bundles(this, secrets);
    }

    /** Where audited actions go. */
    public AuditLog audit() {
        return audit;
    }

    /** Audited events after a position, oldest first (makes what was recorded durable first). */
    public List<AuditEvent> auditEvents(long after, int limit) {
        audit.flush();
        return store.auditAfter(after, limit);
    }

    /**
     * Checks the whole audit trail: numbering, the hash chain and (when the master key is
     * available) every MAC. Detects any edited, deleted or reordered event.
     */
    public io.llmcm.core.audit.AuditVerification verifyAudit() {
        audit.flush();
        byte[] key = keys.isInitialized() ? keys.auditMacKey() : null;
        io.llmcm.core.audit.AuditChain chain = new io.llmcm.core.audit.AuditChain(key);
        return io.llmcm.core.audit.AuditVerification.of(auditTrail(), chain);
    }

    /** Every audit event, oldest first, read page by page as it is iterated. */
    public Iterable<AuditEvent> auditTrail() {
        audit.flush();
        return () -> new java.util.Iterator<>() {
            private java.util.Iterator<AuditEvent> page = java.util.Collections.emptyIterator();
            private long after;

            @Override
            public boolean hasNext() {
                if (!page.hasNext()) {
                    List<AuditEvent> next = store.auditAfter(after, 10_000);
                    page = next.iterator();
                    if (!next.isEmpty()) {
                        after = next.getLast().seq();
                    }
                }
                return page.hasNext();
            }

            @Override
            public AuditEvent next() {
                if (!hasNext()) {
                    throw new java.util.NoSuchElementException();
                }
                return page.next();
            }
        };
    }

    // ---------------------------------------------------------------- state

    /** The revision of the state in memory: every commit up to it is visible. */
    public long revision() {
        return state.revision();
    }

    /** Point-in-time reads below this revision are refused unless it is tagged (history pruned). */
    public long retentionFloor() {
        return floor();
    }

    public List<Tenant> tenants() {
        return List.copyOf(state.catalog().tenants.values());
    }

    /**
     * Every tenant with its lifecycle state, quota and usage, by name. The usage of one tenant is
     * exact at some revision; tenants may be counted at different revisions when commits land
     * meanwhile.
     */
    public List<TenantSummary> tenantSummaries() {
        Catalog c = state.catalog();
        return c.tenants.values().stream()
                .map(t -> new TenantSummary(t, c.state(t.name()), c.quota(t.name()), state.heads.usage(t.name())))
                .toList();
    }

    /**
     * The tenant's lifecycle state. The engine enforces only {@link TenantState#ARCHIVED} (commits
     * that change its entries, tags or schemas fail with a {@link ConflictException}); {@link
     * TenantState#SUSPENDED} is stored here and enforced by the server.
     *
     * @throws NotFoundException when the tenant does not exist
     */
    public TenantState tenantState(String tenant) {
        Catalog c = state.catalog();
        c.tenant(tenant);
        return c.state(tenant);
    }

    /**
     * The tenant's quota; {@link TenantQuota#UNLIMITED} when none is set. Commits enforce its key
     * and byte limits; the server enforces its request rate and watch limits.
     *
     * @throws NotFoundException when the tenant does not exist
     */
    public TenantQuota tenantQuota(String tenant) {
        Catalog c = state.catalog();
        c.tenant(tenant);
        return c.quota(tenant);
    }

    /**
     * What the tenant holds now as its quota counts it: live entries (every layer) and the stored
     * size of their values. Kept up to date as commits apply; never scans.
     *
     * @throws NotFoundException when the tenant does not exist
     */
    public TenantUsage tenantUsage(String tenant) {
        state.catalog().tenant(tenant);
        return state.heads.usage(tenant);
    }

    /**
     * Commits a tenant's new lifecycle state.
     *
     * @throws InvalidInputException when asked to suspend or archive {@code global}
     * @throws NotFoundException when the tenant does not exist
     */
    public CommitResult setTenantState(String tenant, TenantState newState, String author, String message) {
        return commit(ChangeRequest.by(author).message(message == null ? "" : message)
                .add(new Mutation.SetTenantState(tenant, newState)).build());
    }

    /**
     * Commits a tenant's new quota. A quota below the tenant's usage is accepted: it refuses growth
     * from then on, never what is already there.
     *
     * @throws NotFoundException when the tenant does not exist
     */
    public CommitResult setTenantQuota(String tenant, TenantQuota quota, String author, String message) {
        return commit(ChangeRequest.by(author).message(message == null ? "" : message)
                .add(new Mutation.SetTenantQuota(tenant, quota)).build());
    }

    /** {@code [global, …, tenant]}: the tenants whose layers the tenant reads, root first. */
    /**
     * The tenant of that name, from memory.
     *
     * @throws NotFoundException when there is none
     */
    public Tenant tenant(String name) {
        return state.catalog().tenant(name);
    }

    public List<String> tenantChain(String tenant) {
        return List.copyOf(state.catalog().tenantChain(tenant));
    }

    public List<Environment> environments() {
        return List.copyOf(state.catalog().environments.values());
    }

    /** @throws NotFoundException when the tenant does not exist */
    void checkTenant(String tenant) {
        state.catalog().tenant(tenant);
    }

    public List<Tag> tags(String tenant) {
        Catalog c = state.catalog();
        c.tenant(tenant);
        Map<String, Tag> own = c.tags.get(tenant);
        return own == null ? List.of() : List.copyOf(own.values());
    }

    /** The tenant's automatic rollback rules, by name. */
    public List<io.llmcm.core.model.RollbackRule> rollbackRules(String tenant) {
        Catalog c = state.catalog();
        c.tenant(tenant);
        return List.copyOf(c.rollbackRules.getOrDefault(tenant, Map.of()).values());
    }

    public Optional<Tag> tag(String tenant, String name) {
        Catalog c = state.catalog();
        c.tenant(tenant);
        return Optional.ofNullable(c.tag(tenant, Names.tag(name)));
    }

    /** The tenant's own schema bindings. */
    public List<SchemaBinding> schemas(String tenant) {
        Catalog c = state.catalog();
        c.tenant(tenant);
        Map<String, LazySchema> own = c.schemas.get(tenant);
        return own == null ? List.of() : own.values().stream().map(LazySchema::binding).toList();
    }

    /** Every binding that applies to a path in a tenant, its ancestors' first. */
    public List<SchemaBinding> schemasFor(String tenant, String path) {
        return state.catalog().schemasFor(tenant, Names.path(path)).stream().map(LazySchema::binding).toList();
    }

    // ---------------------------------------------------------------- access control

    /**
     * The revision of the last change to the catalog (tenants, environments, tags, schemas, roles,
     * bindings, API keys). What is derived from the catalog, an authorizer's index for one, stays
     * right until this moves.
     */
    public long catalogRevision() {
        return state.catalog().revision;
    }

    /** A tenant's own custom roles ("" for the store-wide ones). */
    public List<Role> roles(String tenant) {
        Catalog c = state.catalog();
        owner(c, tenant);
        Map<String, Role> own = c.roles.get(tenant);
        return own == null ? List.of() : List.copyOf(own.values());
    }

    /**
     * The role a binding in {@code tenant} ("" for the store) means by {@code name}: a built-in role,
     * else the nearest custom role of that name up the tenant's chain, else a store-wide one.
     */
    public Optional<Role> roleFor(String tenant, String name) {
        return Optional.ofNullable(state.catalog().resolveRole(tenant, name));
    }

    /** A tenant's own role bindings ("" for the store-wide ones). */
    public List<Binding> bindings(String tenant) {
        Catalog c = state.catalog();
        owner(c, tenant);
        Map<String, Binding> own = c.bindings.get(tenant);
        return own == null ? List.of() : List.copyOf(own.values());
    }

    /** A tenant's API keys ("" for the store-wide ones), revoked ones included, by id. */
    public List<ApiKey> apiKeys(String tenant) {
        Catalog c = state.catalog();
        owner(c, tenant);
        return c.apiKeys.values().stream().filter(k -> k.tenant().equals(tenant)).toList();
    }

    /** The API key with this id, whatever its tenant; empty when there is none. */
    public Optional<ApiKey> apiKey(String id) {
        return Optional.ofNullable(state.catalog().apiKeys.get(id));
    }

    /** How many API keys the store holds, revoked ones included. */
    public int apiKeyCount() {
        return state.catalog().apiKeys.size();
    }

    private static void owner(Catalog c, String tenant) {
        if (!Names.tenantOrStoreWide(tenant).isEmpty()) {
            c.tenant(tenant);
        }
    }

    /**
     * A revision number or a tag of the tenant, as a revision.
     *
     * @throws NotFoundException for an unknown tag or a revision above the current one
     */
    public long revisionOf(String tenant, String revisionOrTag) {
        if (revisionOrTag == null || revisionOrTag.isEmpty()) {
            throw new InvalidInputException("revision or tag is empty");
        }
        long rev;
        if (Names.isRevisionNumber(revisionOrTag)) {
            try {
                rev = Long.parseLong(revisionOrTag);
            } catch (NumberFormatException e) {
                throw new InvalidInputException("revision '" + revisionOrTag + "' is too large");
            }
        } else {
            Tag t = state.catalog().tag(tenant, Names.tag(revisionOrTag));
            if (t == null) {
                state.catalog().tenant(tenant);
                throw new NotFoundException("no tag '" + revisionOrTag + "' in tenant '" + tenant + "'");
            }
            rev = t.revision();
        }
        checkReadable(rev, state.retentionFloor()); // what then reads the store checks the store's floor
        return rev;
    }

    // ---------------------------------------------------------------- effective reads

    /** Hits and misses of the resolved-value cache since the repository opened (for metrics). */
    public CacheStats cacheStats() {
        var s = cache.stats();
        return new CacheStats(s.hitCount(), s.missCount());
    }

    /** The effective value of a path in a scope, from memory. */
    public Optional<Resolved> get(Scope scope, String path) {
        Names.path(path);
        return cached(scope, path, true);
    }

    /**
     * The cache is checked without any lock: an entry computed at revision B is still right if
     * nothing changed the path after B ({@link Heads} records that before it changes entries).
     */
    private Optional<Resolved> cached(Scope scope, String path, boolean lock) {
        CacheKey key = new CacheKey(scope, path);
        long rev = state.revision();
        Cached c = cache.getIfPresent(key);
        if (c == null || !fresh(c, path)) {
            c = lock ? state.readOptimistic(() -> compute(scope, path)) : compute(scope, path);
            cache.asMap().merge(key, c, (old, nw) -> nw.basis() >= old.basis() ? nw : old);
            rev = c.basis();
            if (lock && c.value() != null && shared.enabled()) { // single reads only: a listing would offer every path
                offerCurrent(scope, new Resolved(path, c.value(), c.basis(), c.modRevision(), c.from()));
            }
        }
        return c.value() == null
                ? Optional.empty()
                : Optional.of(new Resolved(path, c.value(), Math.max(rev, c.basis()), c.modRevision(), c.from()));
    }

    /** The effective value of a path in a scope as it was at a past revision. */
    public Optional<Resolved> get(Scope scope, String path, long at) {
        if (at == state.revision()) {
            return get(scope, path);
        }
        Names.path(path);
        checkReadable(at, state.retentionFloor());
        long computedAt = state.revision(); // before the chain: what this state knows of its tenants
        List<LayerRef> chain = state.catalog().chain(scope);
        Optional<Resolved> hit = shared.at(chain, path, at);
        if (hit.isPresent()) {
            return hit; // whole as computed, even if another instance pruned R since: no store read to check
        }
        checkReadable(at);
        Resolver.Resolution r = Resolver.resolve(chain, new HistoricSource(store, path, at), path);
        Optional<Resolved> found = r == null ? Optional.empty() : Optional.of(new Resolved(path, r.value(), at, r.modRevision(), r.from()));
        found.ifPresent(v -> shared.putAt(chain, v, computedAt));
        return found;
    }

    /**
     * The effective value of a path as of {@code minRevision} or later, from the cache shared with
     * other instances, when this instance has not reached that revision yet (another instance took
     * a client's write a moment ago). Empty when it cannot answer so: no shared cache, this state
     * is there already, no entry that new, or the value is a secret or holds references (which
     * would resolve against this older state, or the scope is not known here yet). The caller then
     * waits for the revision as usual.
     */
    public Optional<Resolved> sharedAtLeast(Scope scope, String path, long minRevision) {
        Names.path(path);
        if (!shared.enabled() || minRevision <= state.revision()) {
            return Optional.empty();
        }
        List<LayerRef> chain;
        try {
            chain = state.catalog().chain(scope);
        } catch (NotFoundException e) {
            return Optional.empty(); // created by the revisions this instance is waiting for, maybe
        }
        return shared.atLeast(chain, path, minRevision)
                .filter(r -> !r.isSecret() && !(r.value().containsAscii("${") && io.llmcm.core.secret.Template.hasReference(r.value().toString())));
    }

    /**
     * Offers a value current at its revision to the other instances. A chain that changed since the
     * value was computed cannot mislead them: an entry answers only readers demanding a revision
     * at or below its own, which are behind that change.
     */
    private void offerCurrent(Scope scope, Resolved r) {
        try {
            shared.offerCurrent(state.catalog().chain(scope), r);
        } catch (NotFoundException e) {
            // the tenant or environment was deleted since: nothing to offer
        }
    }

    /** Lookups of the shared cache by outcome, since the repository opened (for metrics). */
    public io.llmcm.core.cache.SharedCache.Stats sharedCacheStats() {
        return shared.stats();
    }

    /**
     * Shared-cache entries found (counted as hits by the cache) that a read did not use: older than
     * the revision it demanded, or computed before a tenant of its chain was created again.
     */
    public long sharedCacheRefused() {
        return shared.refused();
    }

    /** Whether a shared cache (L2) is configured. */
    public boolean hasSharedCache() {
        return shared.enabled();
    }

    /**
     * The effective value with its references replaced by what they point at ({@code at} −1 for
     * the current revision). Secrets referenced read as {@code ***} unless {@code reveal}, in
     * which case each is revealed for the caller (and audited) or the read is refused.
     */
    public Optional<Resolved> resolve(Scope scope, String path, long at, boolean reveal, Caller caller) {
        Optional<Resolved> r = at < 0 ? get(scope, path) : get(scope, path, at);
        return r.map(x -> new ReferenceResolver(this, secrets, scope, at, reveal, caller).resolve(x));
    }

    /** Every path present in a scope under a prefix, with its effective value, sorted by path. */
    public List<Resolved> list(Scope scope, String prefix) {
        String p = Names.prefix(prefix);
        return state.read(() -> {
            List<Resolved> out = new ArrayList<>();
            for (String path : pathsUnder(scope, p, state.heads)) {
                cached(scope, path, false).ifPresent(out::add); // already under the read lock
            }
            return out;
        });
    }

    public List<Resolved> list(Scope scope, String prefix, long at) {
        if (at == state.revision()) {
            return list(scope, prefix);
        }
        String p = Names.prefix(prefix);
        checkReadable(at, state.retentionFloor());
        long computedAt = state.revision(); // as for get(scope, path, at)
        Catalog c = state.catalog();
        List<LayerRef> chain = c.chain(scope);
        Optional<List<Resolved>> hit = shared.listAt(chain, p, at);
        if (hit.isPresent()) {
            return hit.get();
        }
        checkReadable(at);
        HistoricSource source = new HistoricSource(store, p, at);
        Set<String> paths = new TreeSet<>();
        for (String t : c.tenantChain(scope.tenant())) {
            paths.addAll(source.tenant(t).keySet());
        }
        List<Resolved> out = new ArrayList<>();
        for (String path : paths) {
            Resolver.Resolution r = Resolver.resolve(chain, source, path);
            if (r != null) {
                out.add(new Resolved(path, r.value(), at, r.modRevision(), r.from()));
            }
        }
        shared.putListAt(chain, p, at, out, computedAt);
        return out;
    }

    // ---------------------------------------------------------------- reads with a targeting context

    /**
     * The effective value of a path in a scope for a request context: each layer's first targeting
     * rule that fires has its {@code set} merged over that layer. An empty context reads exactly as
     * {@link #get(Scope, String)} (from the resolved-value cache, no rule fires).
     */
    public Optional<Targeted> get(Scope scope, String path, TargetingContext ctx) {
        return get(scope, path, -1, ctx);
    }

    /** {@link #get(Scope, String, TargetingContext)} as of a past revision ({@code at} −1 for the current one). */
    public Optional<Targeted> get(Scope scope, String path, long at, TargetingContext ctx) {
        if (ctx.isEmpty()) {
            return (at < 0 ? get(scope, path) : get(scope, path, at)).map(r -> new Targeted(r, List.of()));
        }
        Names.path(path);
        if (at < 0 || at == state.revision()) {
            return state.read(() -> targetedNow(scope, path, ctx));
        }
        checkReadable(at);
        return targeted(scope, path, new HistoricSource(store, path, at), at, ctx);
    }

    /**
     * A targeted read of the current state, under the read lock. A path none of whose layers holds
     * rules reads as without a context, from the resolved-value cache.
     */
    private Optional<Targeted> targetedNow(Scope scope, String path, TargetingContext ctx) {
        List<EntryVersion> contributors = Resolver.contributors(state.catalog().chain(scope), state.heads, path);
        for (EntryVersion v : contributors) {
            if (Targeting.mayHaveRules(v.value())) {
                return targeted(path, contributors, state.revision(), ctx);
            }
        }
        return cached(scope, path, false).map(r -> new Targeted(r, List.of()));
    }

    private Optional<Targeted> targeted(Scope scope, String path, LayerSource source, long at, TargetingContext ctx) {
        return targeted(path, Resolver.contributors(state.catalog().chain(scope), source, path), at, ctx);
    }

    private static Optional<Targeted> targeted(String path, List<EntryVersion> contributors, long at, TargetingContext ctx) {
        Resolver.Resolution r = Resolver.merge(contributors, Resolver.Chooser.of(path, ctx));
        return r == null
                ? Optional.empty()
                : Optional.of(new Targeted(new Resolved(path, r.value(), at, r.modRevision(), r.from()), r.fired()));
    }

    /**
     * {@link #resolve(Scope, String, long, boolean, Caller)} for a request context: the rules fire
     * first, then the references are resolved (referenced values are read without the context).
     */
    public Optional<Targeted> resolve(Scope scope, String path, long at, boolean reveal, Caller caller, TargetingContext ctx) {
        return get(scope, path, at, ctx).map(t -> new Targeted(
                new ReferenceResolver(this, secrets, scope, at, reveal, caller).resolve(t.value()), t.rules()));
    }

    /** Every path present in a scope under a prefix, with its effective value for a request context, sorted by path. */
    public List<Targeted> list(Scope scope, String prefix, TargetingContext ctx) {
        return list(scope, prefix, -1, ctx);
    }

    /** {@link #list(Scope, String, TargetingContext)} as of a past revision ({@code at} −1 for the current one). */
    public List<Targeted> list(Scope scope, String prefix, long at, TargetingContext ctx) {
        if (ctx.isEmpty()) {
            return (at < 0 ? list(scope, prefix) : list(scope, prefix, at)).stream().map(r -> new Targeted(r, List.of())).toList();
        }
        String p = Names.prefix(prefix);
        if (at < 0 || at == state.revision()) {
            return state.read(() -> {
                List<Targeted> out = new ArrayList<>();
                for (String path : pathsUnder(scope, p, state.heads)) {
                    targetedNow(scope, path, ctx).ifPresent(out::add);
                }
                return out;
            });
        }
        checkReadable(at);
        HistoricSource source = new HistoricSource(store, p, at);
        Set<String> paths = new TreeSet<>();
        for (String t : state.catalog().tenantChain(scope.tenant())) {
            paths.addAll(source.tenant(t).keySet());
        }
        List<Targeted> out = new ArrayList<>();
        for (String path : paths) {
            targeted(scope, path, source, at, ctx).ifPresent(out::add);
        }
        return out;
    }

    /** The explanation of a read with a request context: fields a rule set name it. */
    public Explanation explain(Scope scope, String path, long at, TargetingContext ctx) {
        Names.path(path);
        if (at < 0 || at == state.revision()) {
            return state.read(() -> explain(scope, path, state.heads, state.revision(), ctx));
        }
        checkReadable(at);
        return explain(scope, path, new HistoricSource(store, path, at), at, ctx);
    }

    /**
     * The targeting rules every layer of a scope holds for a path, lowest layer first; layers
     * without rules are left out.
     */
    public List<LayerRules> targetingRules(Scope scope, String path) {
        Names.path(path);
        return state.read(() -> {
            List<LayerRef> chain = state.catalog().chain(scope);
            List<EntryVersion> contributors = Resolver.contributors(chain, state.heads, path);
            List<LayerRules> out = new ArrayList<>();
            for (LayerRef ref : chain) {
                EntryVersion v = state.heads.entries(ref.tenant(), path).get(ref.layer());
                if (v == null || v.isDeleted() || Resolver.isSecret(v) || !Targeting.mayHaveRules(v.value())) {
                    continue;
                }
                var list = v.value().json().get(Targeting.FIELD);
                Targeting t = list == null ? Targeting.NONE : Targeting.of(v.value(), list);
                if (!t.isEmpty()) {
                    out.add(new LayerRules(ref, v.revision(), t.rules(), contributors.contains(v)));
                }
            }
            return out;
        });
    }

    /**
     * Makes a targeting rule's variant the default of its layer in one commit: the rule's {@code
     * set} is merged into the layer's value and the rule is removed (the other rules stay, in
     * order). Compare-and-set on the layer's version: the commit fails with a conflict if the entry
     * changed since it was read (or since {@code expectedRevision}, when that is above 0).
     *
     * @throws NotFoundException when the layer holds no value or no rule of that name
     * @throws ConflictException when the entry is not at {@code expectedRevision}
     * @throws io.llmcm.core.ValidationException when the new default breaks a schema
     */
    public CommitResult promote(EntryKey key, String rule, long expectedRevision, String author, String message) {
        return commit(promotion(key, rule, expectedRevision, author, message));
    }

    /**
     * The change {@link #promote} commits, for a caller that commits it its own way (the server
     * audits its writes). It expects the entry at the revision read here.
     */
    public ChangeRequest promotion(EntryKey key, String rule, long expectedRevision, String author, String message) {
        checkKey(key);
        return Promotion.request(key, state.heads.head(key), rule, expectedRevision, author, message);
    }

    /** The effective value with the layer every field came from. */
    public Explanation explain(Scope scope, String path) {
        Names.path(path);
        return state.read(() -> explain(scope, path, state.heads, state.revision()));
    }

    public Explanation explain(Scope scope, String path, long at) {
        if (at == state.revision()) {
            return explain(scope, path);
        }
        Names.path(path);
        checkReadable(at);
        return explain(scope, path, new HistoricSource(store, path, at), at);
    }

    private Explanation explain(Scope scope, String path, LayerSource source, long at) {
        return explain(scope, path, source, at, TargetingContext.EMPTY);
    }

    private Explanation explain(Scope scope, String path, LayerSource source, long at, TargetingContext ctx) {
        List<LayerRef> chain = state.catalog().chain(scope);
        List<EntryVersion> contributors = Resolver.contributors(chain, source, path);
        List<Explanation.LayerVersion> layers = new ArrayList<>();
        for (LayerRef ref : chain) {
            EntryVersion v = source.entries(ref.tenant(), path).get(ref.layer());
            if (v != null) {
                layers.add(new Explanation.LayerVersion(ref, v.revision(), v.replace(), contributors.contains(v)));
            }
        }
        Resolver.Chooser chooser = Resolver.Chooser.of(path, ctx);
        Resolver.Resolution r = Resolver.merge(contributors, chooser);
        if (r == null) {
            return new Explanation(path, scope, at, null, List.of(), layers, List.of());
        }
        if (Resolver.isSecret(r.top())) {
            Value mask = Masks.maskValue(r.value(), r.top().revision(), clock.instant());
            return new Explanation(path, scope, at, mask,
                    List.of(new Explanation.FieldOrigin("", mask, r.from(), r.top().revision())), layers, List.of());
        }
        return new Explanation(path, scope, at, r.value(), Explainer.origins(contributors, chooser), layers,
                referenceOrigins(scope, r.value(), at), r.fired());
    }

    /** Where each reference in a value points, without resolving (or revealing) anything. */
    private List<Explanation.ReferenceOrigin> referenceOrigins(Scope scope, Value value, long at) {
        List<Explanation.ReferenceOrigin> out = new ArrayList<>();
        References.forEachString(value.json(), "", (pointer, s) -> {
            for (var ref : io.llmcm.core.secret.Template.parse(s).references()) {
                Optional<Resolved> target = at == state.revision() ? get(scope, ref.path()) : get(scope, ref.path(), at);
                out.add(new Explanation.ReferenceOrigin(pointer, ref.toString(),
                        target.map(Resolved::from).orElse(null), target.map(Resolved::modRevision).orElse(0L),
                        target.map(Resolved::isSecret).orElse(false)));
            }
        });
        return out;
    }

    private boolean fresh(Cached c, String path) {
        return c.basis() >= state.heads.lastChange(path) && c.basis() >= state.catalog().chainsRevision;
    }

    private Cached compute(Scope scope, String path) {
        long rev = state.revision();
        Resolver.Resolution r = Resolver.resolve(state.catalog().chain(scope), state.heads, path);
        return r == null ? new Cached(null, 0, rev, null) : new Cached(r.value(), r.modRevision(), rev, r.from());
    }

    private Set<String> pathsUnder(Scope scope, String prefix, Heads heads) {
        Set<String> paths = new TreeSet<>();
        for (String t : state.catalog().tenantChain(scope.tenant())) {
            paths.addAll(heads.under(t, prefix).keySet());
        }
        return paths;
    }

    // ---------------------------------------------------------------- raw layer reads

    /** The head version of one layer of one path; empty when the layer holds nothing. */
    public Optional<EntryVersion> raw(EntryKey key) {
        checkKey(key);
        return Optional.ofNullable(state.heads.head(key));
    }

    public Optional<EntryVersion> raw(EntryKey key, long at) {
        if (at == state.revision()) {
            return raw(key);
        }
        checkKey(key);
        checkReadable(at);
        return Optional.ofNullable(new HistoricSource(store, key.path(), at).entries(key.tenant(), key.path()).get(key.layer()));
    }

    /** A tenant's own entries under a prefix, every layer, sorted by path then layer. */
    public List<EntryVersion> entries(String tenant, String prefix) {
        String p = Names.prefix(prefix);
        state.catalog().tenant(tenant);
        return state.read(() -> state.heads.versions(tenant, p));
    }

    public List<EntryVersion> entries(String tenant, String prefix, long at) {
        if (at == state.revision()) {
            return entries(tenant, prefix);
        }
        String p = Names.prefix(prefix);
        state.catalog().tenant(tenant);
        checkReadable(at);
        return store.entriesAt(tenant, p, at);
    }

    private void checkKey(EntryKey key) {
        Catalog c = state.catalog();
        c.tenant(key.tenant());
        c.environment(key.layer().env());
    }

    /**
     * Refuses a point-in-time read the store cannot answer whole. The floor is asked of the store
     * (another instance may have pruned a moment ago) by reads that then go to the store.
     */
    private void checkReadable(long at) {
        checkReadable(at, -1);
    }

    /**
     * As {@link #checkReadable(long)}, with the retention floor given: the in-memory one (raised by
     * the committer's poll each second) for what is answered without reading the store's history —
     * a value from the shared cache was whole when it was computed, and pruning never changes it.
     *
     * @param knownFloor the floor to check against, or -1 to ask the store
     */
    private void checkReadable(long at, long knownFloor) {
        long current = reach(at);
        if (at < 0) {
            throw new InvalidInputException("revision must be 0 or more, got " + at);
        }
        if (at > current) {
            throw new NotFoundException("revision " + at + " does not exist (the latest is " + current + ")");
        }
        long floor = knownFloor < 0 ? floor() : knownFloor;
        if (at < floor && !state.catalog().taggedRevisions().contains(at)) {
            throw new NotFoundException("revision " + at + " is older than the retention window: history before revision "
                    + floor + " was pruned (tagged revisions stay readable)");
        }
    }

    // ---------------------------------------------------------------- the log

    /** Versions of a path in a tenant, every layer, newest first. */
    public List<HistoryEntry> history(String tenant, String path, int limit) {
        Names.path(path);
        state.catalog().tenant(tenant);
        if (limit <= 0) {
            throw new InvalidInputException("limit must be positive, got " + limit);
        }
        return store.history(tenant, path, Long.MAX_VALUE, limit);
    }

    public Optional<CommitInfo> commitInfo(long revision) {
        return store.commitInfo(revision);
    }

    /** How a tenant's entries under a prefix changed between two revisions. */
    public List<EntryDiff> diff(String tenant, String prefix, long from, long to) {
        String p = Names.prefix(prefix);
        state.catalog().tenant(tenant);
        return Diffs.between(entries(tenant, p, from), entries(tenant, p, to), clock.instant());
    }

    // ---------------------------------------------------------------- writes

    /**
     * Commits a change and waits until it is durable and visible.
     *
     * @throws ValidationException when a schema or rule rejects an affected effective value
     * @throws ConflictException when a precondition fails or a name is taken
     * @throws NotFoundException when something referred to does not exist
     */
    public CommitResult commit(ChangeRequest request) {
        return await(committer.submit(request));
    }

    /** Checks a change without storing it, and previews the effective values it would produce. */
    public ValidationReport dryRun(ChangeRequest request) {
        return state.read(() -> {
            long rev = state.revision();
            Plan plan = new Planner(state.heads, state.catalog(), rev, state.retentionFloor(), secrets::verify, state.heads::usage)
                    .plan(request, rev + 1, true);
            Instant now = clock.instant();
            List<ValidationReport.Preview> masked = plan.previews().stream()
                    .map(p -> p.value() == null || p.value().type() != io.llmcm.core.model.ContentType.SECRET
                            ? p
                            : new ValidationReport.Preview(p.scope(), p.path(), Masks.maskValue(p.value(), p.version(), now), p.version()))
                    .toList();
            return new ValidationReport(plan.violations(), masked);
        });
    }

    /**
     * Sets a tenant's entries under a prefix ("" for the whole tenant) back to what they were at a
     * revision, as one new commit. Entries created since are deleted. Fails with a conflict, and
     * changes nothing, if an entry changes while the rollback is being prepared.
     */
    public CommitResult rollback(String tenant, String prefix, long to, String author, String message) {
        String p = Names.prefix(prefix);
        state.catalog().tenant(tenant);
        checkReadable(to);
        List<EntryVersion> past = entries(tenant, p, to);
        ChangeRequest request = state.read(() -> {
            ChangeRequest.Builder b = ChangeRequest.by(author)
                    .message(message == null || message.isBlank()
                            ? "rollback " + (p.isEmpty() ? "tenant " + tenant : p) + " to revision " + to
                            : message);
            Set<EntryKey> keep = new java.util.HashSet<>();
            for (EntryVersion v : past) {
                keep.add(v.key());
                EntryVersion head = state.heads.head(v.key());
                if (head == null || head.replace() != v.replace() || !head.value().equals(v.value())) {
                    b.put(v.key(), v.value(), v.replace()).expect(v.key(), head == null ? 0 : head.revision());
                }
            }
            for (EntryVersion head : state.heads.versions(tenant, p)) {
                if (!keep.contains(head.key())) {
                    b.delete(head.key()).expect(head.key(), head.revision());
                }
            }
            return b.build();
        });
        return commit(request);
    }

    /**
     * Undoes what commit {@code revision} did to one scope's view of a prefix, in one tenant: each
     * entry that commit wrote in {@code tenant}, in a layer the scope reads and under the filter's
     * prefix, goes back to its version before the commit. An entry changed again since is left alone
     * and makes the whole revert fail: a revert never overwrites a newer write.
     *
     * @return the revert's commit; a no-op result when the commit wrote nothing there (the change
     *     came from an ancestor tenant, say)
     * @throws ConflictException when an entry to revert was changed after {@code revision}
     */
    public CommitResult revert(long revision, String tenant, WatchFilter view, String author, String message) {
        List<LayerRef> chain = state.catalog().chain(view.scope());
        checkReadable(revision - 1);
        List<Commit> found = store.commitsAfter(revision - 1, 1);
        if (found.isEmpty() || found.getFirst().revision() != revision) {
            throw new NotFoundException("revision " + revision + " does not exist");
        }
        Set<EntryKey> touched = new java.util.LinkedHashSet<>();
        for (Mutation m : found.getFirst().mutations()) {
            EntryKey k = switch (m) {
                case Mutation.PutEntry p -> p.key();
                case Mutation.DeleteEntry d -> d.key();
                default -> null;
            };
            if (k != null && k.tenant().equals(tenant) && view.covers(k.path()) && chain.contains(new LayerRef(k.tenant(), k.layer()))) {
                touched.add(k);
            }
        }
        ChangeRequest.Builder b = ChangeRequest.by(author).message(message);
        for (EntryKey k : touched) {
            EntryVersion head = state.heads.head(k);
            long headRevision = head == null ? state.heads.lastChange(k.path()) : head.revision();
            if (head != null ? head.revision() != revision : headRevision > revision) {
                throw new ConflictException(k + " was changed after revision " + revision + "; it is not reverted");
            }
            Optional<EntryVersion> before = raw(k, revision - 1).filter(v -> !v.isDeleted());
            if (before.isPresent()) {
                b.put(k, before.get().value(), before.get().replace());
            } else {
                b.delete(k);
            }
            b.expect(k, head == null ? 0 : head.revision());
        }
        return touched.isEmpty() ? new CommitResult(state.revision(), null, 0) : commit(b.build());
    }

    /**
     * Removes versions superseded longer than {@code retention} ago, except heads and versions
     * visible at tagged revisions.
     *
     * @return how many versions were removed
     */
    public long prune(Duration retention) {
        if (retention.isNegative() || retention.isZero()) {
            throw new InvalidInputException("retention must be positive, got " + retention);
        }
        return await(committer.run(() -> {
            long n = store.prune(clock.instant().minus(retention), state.catalog().taggedRevisions());
            state.retentionFloor(store.retentionFloor());
            return n;
        }));
    }

    private static <T> T await(CompletableFuture<T> f) {
        try {
            return f.get();
        } catch (ExecutionException | CompletionException e) {
            if (e.getCause() instanceof LlmcmException le) {
                throw le;
            }
            throw new StoreException("commit failed (" + e.getCause().getClass().getSimpleName() + ")", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("interrupted while waiting for the commit; it may still land");
        }
    }

    // ---------------------------------------------------------------- watching

    /**
     * A cursor over the changes to a filter's effective values after {@code fromRevision} (−1: from
     * now). Each {@link Watch#next} answers one event per commit that changed something in view.
     *
     * @throws NotFoundException when the tenant or environment does not exist, or the revision is
     *     not reached yet
     * @throws HistoryCompactedException when history after {@code fromRevision} was pruned
     */
    public Watch watch(WatchFilter filter, long fromRevision) {
        long current = reach(fromRevision);
        state.catalog().chain(filter.scope()); // the tenant and environment exist
        long from = fromRevision < 0 ? current : fromRevision;
        if (from > current) {
            throw new NotFoundException("revision " + from + " does not exist (the latest is " + current + ")");
        }
        checkWatchable(from);
        return new Watch(this, filter, from);
    }

    /**
     * Follows a filter's changes after {@code fromRevision} (−1: from now) by calls to a listener:
     * first the catch-up on this thread, then the live events from the filter's watch group, whose
     * one thread serves every subscriber of the filter. Use it where many watchers follow one
     * scope (the server's streams); a {@link Watch} cursor, which parks a thread of its own, where
     * a caller pulls at its own pace.
     *
     * @param heartbeat how long without an event in view before {@link WatchListener#onHeartbeat}
     * @throws NotFoundException when the tenant or environment does not exist, or the revision is
     *     not reached yet
     * @throws HistoryCompactedException when history after {@code fromRevision} was pruned
     */
    public Subscription subscribe(WatchFilter filter, long fromRevision, Duration heartbeat, WatchListener listener) {
        Watch checked = watch(filter, fromRevision);
        return watchGroups.subscribe(filter, checked.position(), heartbeat.toNanos(), listener);
    }

    /**
     * The events a watch from {@code after} would answer now, without waiting: one per commit up
     * to the current revision that changed something in view.
     *
     * @throws HistoryCompactedException when history after {@code after} was pruned
     */
    public List<WatchEvent> changes(WatchFilter filter, long after) {
        watch(filter, after); // the same checks as a watch: scope, revision, history
        return watchEvents.between(filter, after, state.revision());
    }

    /**
     * Waits until the revision passes {@code after}, {@code timeout} passes or the repository
     * closes; answers the revision then. Parks the (virtual) thread; no polling.
     */
    public long awaitRevision(long after, Duration timeout) throws InterruptedException {
        return awaitRevision(after, timeout.toNanos());
    }

    long awaitRevision(long after, long timeoutNanos) throws InterruptedException {
        return state.signal.awaitAfter(after, timeoutNanos, state::revision);
    }

    /** True once {@link #close} has begun: waits end, watches answer what they have. */
    public boolean isClosed() {
        return state.signal.isClosed();
    }

    void checkWatchable(long position) {
        long floor = state.retentionFloor(); // in memory: this runs at each delivery (the committer's poll raises it)
        if (position < floor) {
            throw new HistoryCompactedException(position, floor);
        }
    }

    /**
     * The events of the commits after {@code after} up to {@code upTo}, for a watch positioned at
     * {@code after}: its history must still be kept.
     *
     * @throws HistoryCompactedException when it was pruned
     */
    List<WatchEvent> eventsBetween(WatchFilter filter, long after, long upTo) {
        checkWatchable(after);
        return watchEvents.between(filter, after, upTo);
    }

    /**
     * The effective value of a path at a revision, for a chain already looked up. From memory when
     * nothing has written the path since (the common case for the newest commit); from the store
     * otherwise.
     */
    Optional<Resolved> effectiveAt(Scope scope, List<LayerRef> chain, String path, long at) {
        if (state.heads.lastChange(path) <= at && state.catalog().chainsRevision <= at) {
            Optional<Resolved> now = cached(scope, path, true);
            if (state.heads.lastChange(path) <= at) { // still: nothing landed on the path meanwhile
                return now;
            }
        }
        Resolver.Resolution r = Resolver.resolve(chain, new HistoricSource(store, path, at), path);
        return r == null ? Optional.empty() : Optional.of(new Resolved(path, r.value(), at, r.modRevision(), r.from()));
    }

    /**
     * Before other processes' commits apply: a tenant another process deleted lost its keyring in
     * the store, so this process must not seal with its cached copy (for a tenant of that name
     * created again, say).
     */
    private void beforeFollowed(List<Commit> commits) {
        shared.beforeApplied(commits);
        for (Commit c : commits) {
            for (Mutation m : c.mutations()) {
                if (m instanceof Mutation.DeleteTenant d) {
                    keys.forget(d.name());
                }
            }
        }
    }

    /**
     * The retention floor, asked of the store when other processes share it: one of them may have
     * pruned (pruning is not a commit, so the feed does not bring it), and a point-in-time read
     * below its floor must be refused here as it is there. Watches, which check the floor at each
     * delivery, read the state's, which the committer raises at each periodic poll of the log.
     */
    private long floor() {
        if (feed != null) {
            try {
                state.retentionFloor(store.retentionFloor());
            } catch (StoreException e) {
                // unreachable: the floor as last known (the committer's poll keeps it within a period)
            }
        }
        return state.retentionFloor();
    }

    /** How long a read or watch at a revision another process made waits for this one to apply it. */
    static final Duration FOLLOW_WAIT = Duration.ofSeconds(5);

    /**
     * The state's revision, after waiting (at most {@link #FOLLOW_WAIT}) for it to reach {@code
     * revision} when that revision is in the store but not applied here yet: another process made
     * it a moment ago (a client that wrote through another instance, or resumes a watch there).
     * Without other writers, or for a revision the store does not hold, answers at once.
     */
    private long reach(long revision) {
        long current = state.revision();
        if (revision <= current || feed == null || store.commitInfo(revision).isEmpty()) {
            return current;
        }
        committer.followed(revision); // read the log now rather than when the notification comes
        try {
            return awaitRevision(revision - 1, FOLLOW_WAIT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return state.revision();
        }
    }

    /**
     * Whether this repository follows other processes writing the same store (PostgreSQL): their
     * commits then reach its state, watchers and caches as its own do.
     */
    public boolean isFollowing() {
        return feed != null;
    }

    /** How long after its last complete read of the store's log a follower stops being prompt. */
    public static final Duration FOLLOW_STALE = Duration.ofSeconds(5);

    /**
     * False while the store's prompt change notification is down (PostgreSQL's LISTEN connection),
     * or when the log was last read to its end more than {@link #FOLLOW_STALE} ago (the store is
     * unreachable, say): other writers' commits then arrive late, or not until it is back. True
     * when nothing is followed. Readiness depends on it.
     */
    public boolean followingPromptly() {
        return feed == null || (feed.connected() && sinceCaughtUp().compareTo(FOLLOW_STALE) <= 0);
    }

    /**
     * How long ago this repository last read the store's log to its end (the feed has it check
     * every second or so); zero when nothing is followed. For the follow-lag metric.
     */
    public Duration sinceCaughtUp() {
        return feed == null ? Duration.ZERO : Duration.ofNanos(Math.max(0, System.nanoTime() - committer.lastCaughtUp()));
    }

    /**
     * Claims a step that must happen once per store, whichever process does it (issuing the first
     * start's admin key, say): true for the one process that claims {@code step} first, false for
     * every other and every later claim. Atomic across the processes sharing the store.
     */
    public boolean claimOnce(String step) {
        return store.createSetting("once:" + step, clock.instant().toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** How many commits of other processes this repository applied (for metrics and tests). */
    public long followedCommits() {
        return committer.followedCommits();
    }

    /** How many batches were planned again because another process took their revisions first. */
    public long replannedBatches() {
        return committer.replans();
    }

    /** Stops the committer (after finishing what is queued), flushes the audit log, closes the store. */
    @Override
    public void close() {
        shared.close(); // no announcement wakes the follow from now on
        if (feed != null) {
            feed.close();
        }
        state.signal.close();
        watchGroups.close();
        committer.close();
        audit.close();
        store.close();
    }
}
