package io.llmcm.core.repo;

import io.llmcm.core.NotFoundException;
import io.llmcm.core.auth.ApiKey;
import io.llmcm.core.auth.Binding;
import io.llmcm.core.auth.BuiltInRoles;
import io.llmcm.core.auth.Role;
import io.llmcm.core.model.Environment;
import io.llmcm.core.model.Layer;
import io.llmcm.core.model.Mutation;
import io.llmcm.core.model.RollbackRule;
import io.llmcm.core.model.SchemaBinding;
import io.llmcm.core.model.Tag;
import io.llmcm.core.model.Tenant;
import io.llmcm.core.model.TenantQuota;
import io.llmcm.core.model.TenantState;
import io.llmcm.core.store.StoreImage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Everything that is not an entry: tenants (with their lifecycle states and quotas), environments,
 * tags, schemas, and access control (custom roles, role bindings, API keys). Immutable; a commit that changes it publishes a new one. Small,
 * so copy-on-write is cheap.
 */
final class Catalog {
    final Map<String, Tenant> tenants;
    /** tenant → state, for tenants that are not active */
    final Map<String, TenantState> states;
    /** tenant → quota, for tenants that have one */
    final Map<String, TenantQuota> quotas;
    final Map<String, Environment> environments;
    /** tenant → tag name → tag */
    final Map<String, Map<String, Tag>> tags;
    /** tenant → schema name → compiled schema */
    final Map<String, Map<String, LazySchema>> schemas;
    /** tenant ("" for the store) → role name → custom role */
    final Map<String, Map<String, Role>> roles;
    /** tenant ("" for the store) → binding id → binding */
    final Map<String, Map<String, Binding>> bindings;
    /** key id → API key (ids are unique in the store: a presented key names only its id) */
    final Map<String, ApiKey> apiKeys;
    /** tenant → rule name → automatic rollback rule */
    final Map<String, Map<String, RollbackRule>> rollbackRules;
    /** Revision of the last change to tenants or environments: cached resolutions older are void. */
    final long chainsRevision;
    /** Revision of the last change of any kind. */
    final long revision;

    private static final int MAX_CACHED_CHAINS = 10_000;

    private final Map<Scope, List<LayerRef>> chains = new ConcurrentHashMap<>();
    /** tenant → it and its descendants; at most one entry per tenant of this catalog. */
    private final Map<String, Set<String>> descendants = new ConcurrentHashMap<>();

    private Catalog(Parts p, long chainsRevision, long revision) {
        this.tenants = Collections.unmodifiableMap(p.tenants);
        this.states = Collections.unmodifiableMap(p.states);
        this.quotas = Collections.unmodifiableMap(p.quotas);
        this.environments = Collections.unmodifiableMap(p.environments);
        this.tags = Collections.unmodifiableMap(p.tags);
        this.schemas = Collections.unmodifiableMap(p.schemas);
        this.roles = Collections.unmodifiableMap(p.roles);
        this.bindings = Collections.unmodifiableMap(p.bindings);
        this.apiKeys = Collections.unmodifiableMap(p.apiKeys);
        this.rollbackRules = Collections.unmodifiableMap(p.rollbackRules);
        this.chainsRevision = chainsRevision;
        this.revision = revision;
    }

    /** Mutable copies of the maps, while a new catalog is being made. */
    private record Parts(
            Map<String, Tenant> tenants,
            Map<String, TenantState> states,
            Map<String, TenantQuota> quotas,
            Map<String, Environment> environments,
            Map<String, Map<String, Tag>> tags,
            Map<String, Map<String, LazySchema>> schemas,
            Map<String, Map<String, Role>> roles,
            Map<String, Map<String, Binding>> bindings,
            Map<String, ApiKey> apiKeys,
            Map<String, Map<String, RollbackRule>> rollbackRules) {
        static Parts of(Catalog c) {
            return new Parts(new TreeMap<>(c.tenants), new TreeMap<>(c.states), new TreeMap<>(c.quotas), new TreeMap<>(c.environments), new TreeMap<>(c.tags),
                    new TreeMap<>(c.schemas), new TreeMap<>(c.roles), new TreeMap<>(c.bindings), new TreeMap<>(c.apiKeys), new TreeMap<>(c.rollbackRules));
        }
    }

    static Catalog empty() {
        return new Catalog(new Parts(new TreeMap<>(), new TreeMap<>(), new TreeMap<>(), new TreeMap<>(), new TreeMap<>(),
                new TreeMap<>(), new TreeMap<>(), new TreeMap<>(), new TreeMap<>(), new TreeMap<>()), 0, 0);
    }

    static Catalog load(StoreImage image) {
        List<Mutation> ms = new ArrayList<>();
        // `with` checks nothing, so order only matters for readability of the result
        image.tenants().forEach(t -> ms.add(new Mutation.PutTenant(t)));
        image.tenantStates().forEach((t, state) -> ms.add(new Mutation.SetTenantState(t, state)));
        image.tenantQuotas().forEach((t, quota) -> ms.add(new Mutation.SetTenantQuota(t, quota)));
        image.environments().forEach(e -> ms.add(new Mutation.PutEnvironment(e)));
        image.tags().forEach(t -> ms.add(new Mutation.PutTag(t)));
        image.roles().forEach(r -> ms.add(new Mutation.PutRole(r)));
        image.bindings().forEach(b -> ms.add(new Mutation.PutBinding(b)));
        image.apiKeys().forEach(k -> ms.add(new Mutation.PutApiKey(k)));
        image.rollbackRules().forEach(r -> ms.add(new Mutation.PutRollbackRule(r)));
        Catalog loaded = empty().with(ms, image.revision());
        Parts p = Parts.of(loaded);
        for (SchemaBinding s : image.schemas()) {
            p.schemas.compute(s.tenant(), (k, old) -> plus(old, s.name(), LazySchema.stored(s)));
        }
        return new Catalog(p, loaded.chainsRevision, image.revision());
    }

    /** A new catalog with the mutations applied (entry mutations are ignored). No checks here. */
    Catalog with(List<Mutation> mutations, long atRevision) {
        Parts p = Parts.of(this);
        boolean chainsChanged = false;
        boolean changed = false;
        for (Mutation m : mutations) {
            switch (m) {
                case Mutation.PutTenant(Tenant t) -> {
                    p.tenants.put(t.name(), t);
                    chainsChanged = true;
                }
                case Mutation.DeleteTenant(String name) -> {
                    p.tenants.remove(name);
                    p.states.remove(name);
                    p.quotas.remove(name);
                    p.tags.remove(name);
                    p.schemas.remove(name);
                    p.roles.remove(name);
                    p.bindings.remove(name);
                    p.apiKeys.values().removeIf(k -> k.tenant().equals(name));
                    p.rollbackRules.remove(name);
                    chainsChanged = true;
                }
                case Mutation.SetTenantState(String tenant, TenantState state) -> {
                    // only exceptions to the default are kept, so the maps stay as small as the news
                    if (state == TenantState.ACTIVE) {
                        p.states.remove(tenant);
                    } else {
                        p.states.put(tenant, state);
                    }
                }
                case Mutation.SetTenantQuota(String tenant, TenantQuota quota) -> {
                    if (quota.isUnlimited()) {
                        p.quotas.remove(tenant);
                    } else {
                        p.quotas.put(tenant, quota);
                    }
                }
                case Mutation.PutEnvironment(Environment e) -> {
                    p.environments.put(e.name(), e);
                    chainsChanged = true;
                }
                case Mutation.PutTag(Tag t) -> p.tags.compute(t.tenant(), (k, old) -> plus(old, t.name(), t));
                case Mutation.DeleteTag(String tenant, String name) -> p.tags.computeIfPresent(tenant, (k, old) -> minus(old, name));
                case Mutation.PutSchema(SchemaBinding s) ->
                    p.schemas.compute(s.tenant(), (k, old) -> plus(old, s.name(), LazySchema.compile(s)));
                case Mutation.DeleteSchema(String tenant, String name) ->
                    p.schemas.computeIfPresent(tenant, (k, old) -> minus(old, name));
                case Mutation.PutRollbackRule(RollbackRule r) -> p.rollbackRules.compute(r.tenant(), (k, old) -> plus(old, r.name(), r));
                case Mutation.DeleteRollbackRule(String tenant, String name) ->
                    p.rollbackRules.computeIfPresent(tenant, (k, old) -> minus(old, name));
                case Mutation.PutRole(Role r) -> p.roles.compute(r.tenant(), (k, old) -> plus(old, r.name(), r));
                case Mutation.DeleteRole(String tenant, String name) -> p.roles.computeIfPresent(tenant, (k, old) -> minus(old, name));
                case Mutation.PutBinding(Binding b) -> p.bindings.compute(b.tenant(), (k, old) -> plus(old, b.id(), b));
                case Mutation.DeleteBinding(String tenant, String id) ->
                    p.bindings.computeIfPresent(tenant, (k, old) -> minus(old, id));
                case Mutation.PutApiKey(ApiKey k) -> p.apiKeys.put(k.id(), k);
                case Mutation.RevokeApiKey(String tenant, String id, Instant at) ->
                    p.apiKeys.computeIfPresent(id, (k, old) -> old.tenant().equals(tenant) ? old.revokedAt(at) : old);
                case Mutation.PutEntry e -> {
                    continue;
                }
                case Mutation.DeleteEntry d -> {
                    continue;
                }
            }
            changed = true;
        }
        if (!changed) {
            return this;
        }
        return new Catalog(p, chainsChanged ? atRevision : chainsRevision, atRevision);
    }

    private static <V> Map<String, V> plus(Map<String, V> old, String key, V value) {
        Map<String, V> m = old == null ? new TreeMap<>() : new TreeMap<>(old);
        m.put(key, value);
        return Collections.unmodifiableMap(m);
    }

    private static <V> Map<String, V> minus(Map<String, V> old, String key) {
        Map<String, V> m = new TreeMap<>(old);
        m.remove(key);
        return m.isEmpty() ? null : Collections.unmodifiableMap(m);
    }

    Tenant tenant(String name) {
        Tenant t = tenants.get(name);
        if (t == null) {
            throw new NotFoundException("unknown tenant '" + name + "'");
        }
        return t;
    }

    /** The tenant's lifecycle state. */
    TenantState state(String tenant) {
        return states.getOrDefault(tenant, TenantState.ACTIVE);
    }

    /** The tenant's quota; {@link TenantQuota#UNLIMITED} when none is set. */
    TenantQuota quota(String tenant) {
        return quotas.getOrDefault(tenant, TenantQuota.UNLIMITED);
    }

    Environment environment(String name) {
        Environment e = environments.get(name);
        if (e == null) {
            throw new NotFoundException("unknown environment '" + name + "' (known: " + String.join(", ", environments.keySet()) + ")");
        }
        return e;
    }

    /** {@code [global, …, tenant]}. */
    List<String> tenantChain(String tenant) {
        List<String> chain = new ArrayList<>();
        for (Tenant t = tenant(tenant); t != null; t = t.parent() == null ? null : tenants.get(t.parent())) {
            chain.add(t.name());
        }
        Collections.reverse(chain);
        return chain;
    }

    /** {@code [base, …, env]}. */
    List<String> envChain(String env) {
        List<String> chain = new ArrayList<>();
        for (Environment e = environment(env); e != null; e = e.parent() == null ? null : environments.get(e.parent())) {
            chain.add(e.name());
        }
        Collections.reverse(chain);
        return chain;
    }

    /** The tenants whose parent is this one. */
    List<String> children(String tenant) {
        List<String> out = new ArrayList<>();
        for (Tenant t : tenants.values()) {
            if (tenant.equals(t.parent())) {
                out.add(t.name());
            }
        }
        return out;
    }

    /**
     * The tenant and every tenant below it (unmodifiable). Memoized: the planner asks for each key
     * of a commit, and every answer walks all tenants (with 1,000 tenants, 14% of the server's CPU
     * samples under bench/scale's durable PUTs were here); the catalog is immutable, so an answer
     * holds for its life, and entry-only commits keep the same catalog. Only known tenants are
     * kept, so the memo is no bigger than the catalog.
     */
    Set<String> tenantAndDescendants(String tenant) {
        return tenants.containsKey(tenant)
                ? descendants.computeIfAbsent(tenant, this::findTenantAndDescendants)
                : findTenantAndDescendants(tenant);
    }

    private Set<String> findTenantAndDescendants(String tenant) {
        Set<String> out = new LinkedHashSet<>();
        out.add(tenant);
        boolean grew = true;
        while (grew) {
            grew = false;
            for (Tenant t : tenants.values()) {
                if (t.parent() != null && out.contains(t.parent()) && out.add(t.name())) {
                    grew = true;
                }
            }
        }
        return Collections.unmodifiableSet(out);
    }

    /** The environment and every environment below it. */
    Set<String> envAndDescendants(String env) {
        Set<String> out = new LinkedHashSet<>();
        out.add(env);
        boolean grew = true;
        while (grew) {
            grew = false;
            for (Environment e : environments.values()) {
                if (e.parent() != null && out.contains(e.parent()) && out.add(e.name())) {
                    grew = true;
                }
            }
        }
        return out;
    }

    /**
     * The layers a scope reads, lowest first: for each tenant from {@code global} down to the
     * scope's tenant, each environment from {@code base} down to the scope's environment; then, with
     * a service, the same walk over the service's layers.
     */
    List<LayerRef> chain(Scope scope) {
        List<LayerRef> c = chains.get(scope);
        if (c == null) {
            c = buildChain(scope);
            if (chains.size() < MAX_CACHED_CHAINS) { // service names are free-form: bound the memo
                chains.put(scope, c);
            }
        }
        return c;
    }

    private List<LayerRef> buildChain(Scope scope) {
        List<String> ts = tenantChain(scope.tenant());
        List<String> es = envChain(scope.env());
        List<LayerRef> out = new ArrayList<>();
        for (String t : ts) {
            for (String e : es) {
                out.add(new LayerRef(t, Layer.of(e)));
            }
        }
        if (scope.hasService()) {
            for (String t : ts) {
                for (String e : es) {
                    out.add(new LayerRef(t, Layer.of(e, scope.service())));
                }
            }
        }
        return List.copyOf(out);
    }

    /** Schemas that can apply to the tenant's scopes or its descendants'. */
    List<LazySchema> schemasReaching(String tenant) {
        Set<String> ts = new LinkedHashSet<>(tenantChain(tenant));
        ts.addAll(tenantAndDescendants(tenant));
        List<LazySchema> out = new ArrayList<>();
        for (String t : ts) {
            Map<String, LazySchema> own = schemas.get(t);
            if (own != null) {
                out.addAll(own.values());
            }
        }
        return out;
    }

    /** Schemas of the tenant's chain whose pattern matches the path. */
    List<LazySchema> schemasFor(String tenant, String path) {
        List<LazySchema> out = new ArrayList<>();
        for (String t : tenantChain(tenant)) {
            Map<String, LazySchema> own = schemas.get(t);
            if (own != null) {
                for (LazySchema s : own.values()) {
                    if (s.appliesTo(path)) {
                        out.add(s);
                    }
                }
            }
        }
        return out;
    }

    /**
     * The role a binding in {@code tenant} means by {@code name}: a built-in role, else the custom
     * role of that name nearest up the tenant's chain, else a store-wide one; null when none.
     */
    Role resolveRole(String tenant, String name) {
        Role builtIn = BuiltInRoles.get(name).orElse(null);
        if (builtIn != null) {
            return builtIn;
        }
        if (!tenant.isEmpty() && tenants.containsKey(tenant)) {
            List<String> chain = tenantChain(tenant);
            for (int i = chain.size() - 1; i >= 0; i--) {
                Map<String, Role> own = roles.get(chain.get(i));
                if (own != null && own.containsKey(name)) {
                    return own.get(name);
                }
            }
        }
        Map<String, Role> store = roles.get("");
        return store == null ? null : store.get(name);
    }

    Tag tag(String tenant, String name) {
        Map<String, Tag> own = tags.get(tenant);
        return own == null ? null : own.get(name);
    }

    Set<Long> taggedRevisions() {
        Set<Long> out = new java.util.TreeSet<>();
        tags.values().forEach(m -> m.values().forEach(t -> out.add(t.revision())));
        return out;
    }
}
