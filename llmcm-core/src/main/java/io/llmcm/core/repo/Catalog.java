package io.llmcm.core.repo;

import io.llmcm.core.NotFoundException;
import io.llmcm.core.model.Environment;
import io.llmcm.core.model.Layer;
import io.llmcm.core.model.Mutation;
import io.llmcm.core.model.SchemaBinding;
import io.llmcm.core.model.Tag;
import io.llmcm.core.model.Tenant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Everything that is not an entry: tenants, environments, tags and schemas. Immutable; a commit
 * that changes it publishes a new one. Small, so copy-on-write is cheap.
 */
final class Catalog {
    final Map<String, Tenant> tenants;
    final Map<String, Environment> environments;
    /** tenant → tag name → tag */
    final Map<String, Map<String, Tag>> tags;
    /** tenant → schema name → compiled schema */
    final Map<String, Map<String, LazySchema>> schemas;
    /** Revision of the last change to tenants or environments: cached resolutions older are void. */
    final long chainsRevision;
    /** Revision of the last change of any kind. */
    final long revision;

    private static final int MAX_CACHED_CHAINS = 10_000;

    private final Map<Scope, List<LayerRef>> chains = new ConcurrentHashMap<>();

    private Catalog(
            Map<String, Tenant> tenants,
            Map<String, Environment> environments,
            Map<String, Map<String, Tag>> tags,
            Map<String, Map<String, LazySchema>> schemas,
            long chainsRevision,
            long revision) {
        this.tenants = Collections.unmodifiableMap(tenants);
        this.environments = Collections.unmodifiableMap(environments);
        this.tags = Collections.unmodifiableMap(tags);
        this.schemas = Collections.unmodifiableMap(schemas);
        this.chainsRevision = chainsRevision;
        this.revision = revision;
    }

    static Catalog empty() {
        return new Catalog(new TreeMap<>(), new TreeMap<>(), new TreeMap<>(), new TreeMap<>(), 0, 0);
    }

    static Catalog load(
            List<Tenant> tenants, List<Environment> envs, List<Tag> tags, List<SchemaBinding> schemas, long revision) {
        Catalog c = empty();
        List<Mutation> ms = new ArrayList<>();
        // parents first: the store gives no order, and `with` checks nothing, so order only matters
        // for readability of the result
        tenants.forEach(t -> ms.add(new Mutation.PutTenant(t)));
        envs.forEach(e -> ms.add(new Mutation.PutEnvironment(e)));
        tags.forEach(t -> ms.add(new Mutation.PutTag(t)));
        Catalog loaded = c.with(ms, revision);
        Map<String, Map<String, LazySchema>> sc = new TreeMap<>();
        for (SchemaBinding s : schemas) {
            sc.compute(s.tenant(), (k, old) -> plus(old, s.name(), LazySchema.stored(s)));
        }
        return new Catalog(loaded.tenants, loaded.environments, loaded.tags, sc, loaded.chainsRevision, revision);
    }

    /** A new catalog with the mutations applied (entry mutations are ignored). No checks here. */
    Catalog with(List<Mutation> mutations, long atRevision) {
        Map<String, Tenant> ts = new TreeMap<>(tenants);
        Map<String, Environment> es = new TreeMap<>(environments);
        Map<String, Map<String, Tag>> tg = new TreeMap<>(tags);
        Map<String, Map<String, LazySchema>> sc = new TreeMap<>(schemas);
        boolean chainsChanged = false;
        boolean changed = false;
        for (Mutation m : mutations) {
            switch (m) {
                case Mutation.PutTenant(Tenant t) -> {
                    ts.put(t.name(), t);
                    chainsChanged = true;
                }
                case Mutation.DeleteTenant(String name) -> {
                    ts.remove(name);
                    tg.remove(name);
                    sc.remove(name);
                    chainsChanged = true;
                }
                case Mutation.PutEnvironment(Environment e) -> {
                    es.put(e.name(), e);
                    chainsChanged = true;
                }
                case Mutation.PutTag(Tag t) -> tg.compute(t.tenant(), (k, old) -> plus(old, t.name(), t));
                case Mutation.DeleteTag(String tenant, String name) -> tg.computeIfPresent(tenant, (k, old) -> minus(old, name));
                case Mutation.PutSchema(SchemaBinding s) ->
                    sc.compute(s.tenant(), (k, old) -> plus(old, s.name(), LazySchema.compile(s)));
                case Mutation.DeleteSchema(String tenant, String name) ->
                    sc.computeIfPresent(tenant, (k, old) -> minus(old, name));
                case Mutation.PutEntry p -> {
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
        return new Catalog(ts, es, tg, sc, chainsChanged ? atRevision : chainsRevision, atRevision);
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

    /** The tenant and every tenant below it. */
    Set<String> tenantAndDescendants(String tenant) {
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
        return out;
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
