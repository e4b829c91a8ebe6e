package io.llmcm.core.repo;

import io.llmcm.core.ConflictException;
import io.llmcm.core.InvalidInputException;
import io.llmcm.core.NotFoundException;
import io.llmcm.core.Violation;
import io.llmcm.core.model.EntryKey;
import io.llmcm.core.model.EntryVersion;
import io.llmcm.core.model.Layer;
import io.llmcm.core.model.Mutation;
import io.llmcm.core.model.Tag;
import io.llmcm.core.model.TenantState;
import io.llmcm.core.model.TenantUsage;
import io.llmcm.core.targeting.Targeting;
import io.llmcm.core.targeting.TargetingRule;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Checks a {@link ChangeRequest} against the current state and turns it into a {@link Plan}:
 * names and references exist, compare-and-set preconditions hold, archived tenants are left alone,
 * tenants stay within their key and byte quotas, puts that change nothing are dropped, and every
 * effective value the change affects passes the schemas that apply to it.
 *
 * <p>Runs on the committer thread for real commits (so the state cannot move underneath) and on a
 * caller thread under the read lock for dry runs.
 */
final class Planner {
    /** Largest number of mutations in one commit. */
    static final int MAX_MUTATIONS = 100_000;
    /** Validation stops collecting after this many problems; the user fixes those first. */
    static final int MAX_VIOLATIONS = 50;
    /** A dry run previews at most this many effective values. */
    static final int MAX_PREVIEWS = 500;

    private final Heads heads;
    private final Catalog catalog;
    private final long revision;
    private final long retentionFloor;
    private final SecretRules secrets;
    private final Function<String, TenantUsage> usage;

    /** What the planner needs to know of secrets: whether a sealed value opens at its address. */
    @FunctionalInterface
    interface SecretRules {
        /** @throws io.llmcm.core.LlmcmException when the sealed value does not belong at {@code key} */
        void verify(EntryKey key, io.llmcm.core.model.Value sealed);
    }

    /**
     * @param usage each tenant's usage before the commit: the heads' count, plus what commits
     *     planned before this one but not yet applied add
     */
    Planner(Heads heads, Catalog catalog, long revision, long retentionFloor, SecretRules secrets,
            Function<String, TenantUsage> usage) {
        this.usage = usage;
        this.heads = heads;
        this.catalog = catalog;
        this.revision = revision;
        this.retentionFloor = retentionFloor;
        this.secrets = secrets;
    }

    /**
     * @param nextRevision the revision the commit would get (pending versions carry it)
     * @param previews whether to collect the effective values after the change (dry run)
     * @throws io.llmcm.core.QuotaExceededException when the change takes a tenant over its quota
     * @throws io.llmcm.core.LlmcmException when the request cannot be applied at all; validation
     *     failures are returned in the plan instead, so a dry run can show them all
     */
    Plan plan(ChangeRequest request, long nextRevision, boolean previews) {
        if (request.mutations().size() > MAX_MUTATIONS) {
            throw new InvalidInputException("a commit holds at most " + MAX_MUTATIONS + " changes, this one has "
                    + request.mutations().size());
        }
        List<Mutation> catalogMutations = new ArrayList<>();
        for (Mutation m : request.mutations()) {
            if (!(m instanceof Mutation.PutEntry) && !(m instanceof Mutation.DeleteEntry)) {
                catalogMutations.add(m);
            }
        }
        Catalog next = checkCatalog(catalogMutations, nextRevision);
        checkExpectations(request.expectations());

        Overlay overlay = new Overlay(heads);
        QuotaCheck quotas = new QuotaCheck(next, heads);
        List<Mutation> kept = new ArrayList<>();
        Set<EntryKey> seen = new HashSet<>();
        List<Target> targets = new ArrayList<>();
        Set<String> paths = new LinkedHashSet<>();
        List<Violation> ruleProblems = new ArrayList<>();
        for (Mutation m : request.mutations()) {
            switch (m) {
                case Mutation.PutEntry p -> {
                    checkEntryKey(p.key(), seen, next);
                    EntryVersion head = heads.head(p.key());
                    if (head != null && head.replace() == p.replace() && head.value().equals(p.value())) {
                        continue; // writing what is already there is not a change
                    }
                    checkValue(p, overlay, next);
                    checkTargeting(p, ruleProblems);
                    quotas.put(p.key(), p.value());
                    overlay.put(new EntryVersion(p.key(), nextRevision, p.value(), p.replace()));
                    kept.add(m);
                    targets.add(Target.of(p.key()));
                    paths.add(p.key().path());
                }
                case Mutation.DeleteEntry d -> {
                    checkEntryKey(d.key(), seen, next);
                    if (heads.head(d.key()) == null) {
                        throw new NotFoundException("no entry " + d.key());
                    }
                    quotas.delete(d.key());
                    overlay.delete(d.key());
                    kept.add(m);
                    targets.add(Target.of(d.key()));
                    paths.add(d.key().path());
                }
                case Mutation.PutSchema s -> {
                    kept.add(m);
                    targets.addAll(schemaTargets(next.schemas.get(s.schema().tenant()).get(s.schema().name()), overlay, next));
                }
                default -> kept.add(m);
            }
        }
        targets.addAll(crossEntryTargets(targets, overlay, next));
        Map<String, TenantUsage> usageDeltas = quotas.check(usage); // before validation, which costs more
        Validation v = new Validation(next, overlay, previews);
        for (Target t : targets) {
            v.check(t);
        }
        List<Violation> violations = v.violations();
        if (!ruleProblems.isEmpty()) {
            ruleProblems.addAll(violations);
            violations = ruleProblems;
        }
        return new Plan(List.copyOf(kept), next, violations, v.previews, paths, usageDeltas);
    }

    private Catalog checkCatalog(List<Mutation> mutations, long nextRevision) {
        Catalog c = catalog;
        for (Mutation m : mutations) {
            switch (m) {
                case Mutation.PutTenant(var t) -> {
                    io.llmcm.core.model.Tenant existing = c.tenants.get(t.name());
                    if (existing != null && existing.isolation() != t.isolation()) {
                        // the storage of a tenant is chosen once: moving its data is not what a put does
                        throw new ConflictException("tenant '" + t.name() + "' already exists with isolation '"
                                + existing.isolation().id() + "'; isolation is fixed at creation (delete the tenant and"
                                + " create it again to change it)");
                    }
                    if (existing != null) {
                        throw new ConflictException("tenant '" + t.name() + "' already exists");
                    }
                    if (t.parent() != null && !c.tenants.containsKey(t.parent())) {
                        throw new NotFoundException("parent tenant '" + t.parent() + "' does not exist");
                    }
                }
                case Mutation.DeleteTenant(var name) -> {
                    c.tenant(name);
                    if (name.equals(io.llmcm.core.model.Tenant.GLOBAL)) {
                        throw new InvalidInputException("the root tenant 'global' cannot be deleted");
                    }
                    List<String> children = c.children(name);
                    if (!children.isEmpty()) {
                        throw new ConflictException("tenant '" + name + "' has child tenants (" + String.join(", ", children)
                                + "); delete them first");
                    }
                }
                case Mutation.SetTenantState(var tenant, var state) -> c.tenant(tenant);
                case Mutation.SetTenantQuota(var tenant, var quota) -> c.tenant(tenant);
                case Mutation.PutEnvironment(var e) -> {
                    if (c.environments.containsKey(e.name())) {
                        throw new ConflictException("environment '" + e.name() + "' already exists");
                    }
                    if (e.parent() != null && !c.environments.containsKey(e.parent())) {
                        throw new NotFoundException("parent environment '" + e.parent() + "' does not exist");
                    }
                }
                case Mutation.PutTag(Tag t) -> {
                    checkWritable(c, t.tenant());
                    if (t.revision() > revision) {
                        throw new NotFoundException(
                                "revision " + t.revision() + " does not exist (the latest is " + revision + ")");
                    }
                    if (t.revision() < retentionFloor) {
                        throw new InvalidInputException("revision " + t.revision()
                                + " is older than the retention window (history before revision " + retentionFloor
                                + " was pruned); it can no longer be tagged");
                    }
                }
                case Mutation.DeleteTag(var tenant, var name) -> {
                    checkWritable(c, tenant);
                    if (c.tag(tenant, name) == null) {
                        throw new NotFoundException("no tag '" + name + "' in tenant '" + tenant + "'");
                    }
                }
                case Mutation.PutSchema(var s) -> checkWritable(c, s.tenant());
                case Mutation.DeleteSchema(var tenant, var name) -> {
                    checkWritable(c, tenant);
                    Map<String, LazySchema> own = c.schemas.get(tenant);
                    if (own == null || !own.containsKey(name)) {
                        throw new NotFoundException("no schema '" + name + "' in tenant '" + tenant + "'");
                    }
                }
                case Mutation.PutRollbackRule(var r) -> {
                    checkWritable(c, r.tenant());
                    c.environment(r.env());
                }
                case Mutation.DeleteRollbackRule(var tenant, var name) -> {
                    checkWritable(c, tenant);
                    if (c.rollbackRules.getOrDefault(tenant, Map.of()).get(name) == null) {
                        throw new NotFoundException("no rollback rule '" + name + "' in tenant '" + tenant + "'");
                    }
                }
                case Mutation.PutRole r -> AccessChecks.check(c, r);
                case Mutation.DeleteRole r -> AccessChecks.check(c, r);
                case Mutation.PutBinding b -> AccessChecks.check(c, b);
                case Mutation.DeleteBinding b -> AccessChecks.check(c, b);
                case Mutation.PutApiKey k -> AccessChecks.check(c, k);
                case Mutation.RevokeApiKey k -> AccessChecks.check(c, k);
                case Mutation.PutEntry p -> throw new IllegalStateException("not a catalog mutation");
                case Mutation.DeleteEntry d -> throw new IllegalStateException("not a catalog mutation");
            }
            // apply one at a time so a later mutation may refer to an earlier one (tenant, then child)
            c = c.with(List.of(m), nextRevision);
        }
        return c;
    }

    /**
     * A path holds configuration or secrets, not both, across the layers a scope can merge (its
     * tenant's ancestors and descendants); secrets must be sealed for their address; references in
     * configuration must be well formed.
     */
    private void checkValue(Mutation.PutEntry p, Overlay overlay, Catalog c) {
        boolean secret = p.value().type() == io.llmcm.core.model.ContentType.SECRET;
        Set<String> related = new LinkedHashSet<>(c.tenantChain(p.key().tenant()));
        related.addAll(c.tenantAndDescendants(p.key().tenant()));
        for (String t : related) {
            for (EntryVersion other : overlay.entries(t, p.key().path()).layers().values()) {
                boolean otherSecret = other.value().type() == io.llmcm.core.model.ContentType.SECRET;
                if (other.key().equals(p.key())) {
                    // the layer's own value is being replaced: configuration may become a secret,
                    // but a secret must never be overwritten by a plain value
                    if (otherSecret && !secret) {
                        throw new InvalidInputException(p.key() + " holds a secret; a plain value would replace it unencrypted:"
                                + " seal the new value, or delete the secret first");
                    }
                    continue;
                }
                if (otherSecret != secret) {
                    throw new InvalidInputException(p.key().path() + " holds " + (otherSecret ? "a secret" : "configuration")
                            + " in " + t + ":" + other.key().layer() + "; a path holds either configuration or secrets");
                }
            }
        }
        if (secret) {
            secrets.verify(p.key(), p.value());
        } else {
            References.check(p.key(), p.value());
        }
    }

    /** A value's {@code $targeting} rules are well formed: names, conditions, rollouts, patches. */
    private static void checkTargeting(Mutation.PutEntry p, List<Violation> out) {
        if (p.value().type() == io.llmcm.core.model.ContentType.SECRET || !Targeting.mayHaveRules(p.value())) {
            return;
        }
        tools.jackson.databind.JsonNode list = p.value().json().get(Targeting.FIELD);
        if (list != null) {
            for (Violation v : Targeting.check(list)) {
                out.add(v.at(p.key().toString()));
            }
        }
    }

    private void checkExpectations(Map<EntryKey, Long> expectations) {
        for (Map.Entry<EntryKey, Long> e : expectations.entrySet()) {
            EntryVersion head = heads.head(e.getKey());
            long actual = head == null ? 0 : head.revision();
            if (actual != e.getValue()) {
                throw new ConflictException(e.getKey() + " is "
                        + (head == null ? "absent" : "at revision " + actual)
                        + ", expected " + (e.getValue() == 0 ? "absent" : "revision " + e.getValue())
                        + "; re-read it and retry");
            }
        }
    }

    private static void checkEntryKey(EntryKey key, Set<EntryKey> seen, Catalog c) {
        checkWritable(c, key.tenant());
        c.environment(key.layer().env());
        if (!seen.add(key)) {
            throw new InvalidInputException(key + " is changed twice in one commit");
        }
    }

    /**
     * The tenant exists and is not archived. Entries are checked against the catalog after the
     * commit's catalog changes, tags and schemas against the catalog as of their place in the
     * commit: either way a commit that activates a tenant may write to it too.
     */
    private static void checkWritable(Catalog c, String tenant) {
        c.tenant(tenant);
        if (c.state(tenant) == TenantState.ARCHIVED) {
            throw new ConflictException("tenant '" + tenant + "' is archived (read-only): its entries, tags and schemas"
                    + " cannot change; set its state to active first");
        }
    }

    /** Every path a new or changed schema covers, in its tenant, its ancestors and descendants. */
    private List<Target> schemaTargets(LazySchema schema, Overlay overlay, Catalog c) {
        String tenant = schema.binding().tenant();
        Set<String> tenants = new LinkedHashSet<>(c.tenantChain(tenant));
        tenants.addAll(c.tenantAndDescendants(tenant));
        Set<String> paths = new LinkedHashSet<>();
        for (String t : tenants) {
            paths.addAll(heads.paths(t, schema::appliesTo));
            overlay.paths(t).stream().filter(schema::appliesTo).forEach(paths::add);
        }
        List<Target> out = new ArrayList<>();
        for (String p : paths) {
            out.add(new Target(tenant, p, Layer.BASE_ENV, null));
        }
        return out;
    }

    /**
     * Values whose verdict reads other entries (a route names models and secrets; a deployment's
     * rules read the model catalog in {@code llm/catalog}): when a commit changes an entry such a
     * binding reads, the values it covers are checked again in the scopes the change can reach,
     * since a deleted model or a lowered catalog limit breaks them without touching them.
     */
    private List<Target> crossEntryTargets(List<Target> changed, Overlay overlay, Catalog c) {
        List<Target> out = new ArrayList<>();
        Set<List<Object>> seen = new HashSet<>();
        // a commit of many keys in one tenant asks the same questions for each: answer them once
        Map<String, List<LazySchema>> reaching = new HashMap<>();
        Map<List<Object>, Set<String>> covered = new HashMap<>(); // (schema, tenant) → the paths it covers there
        for (Target t : changed) {
            for (LazySchema schema : reaching.computeIfAbsent(t.tenant(), c::schemasReaching)) {
                if (!schema.readsEntry(t.path())) {
                    continue;
                }
                Set<String> tenants = new LinkedHashSet<>(c.tenantChain(t.tenant()));
                tenants.addAll(c.tenantAndDescendants(t.tenant()));
                for (String tenant : tenants) {
                    Set<String> paths = covered.computeIfAbsent(List.of(schema, tenant), k -> {
                        Set<String> found = new LinkedHashSet<>(heads.paths(tenant, schema::appliesTo));
                        overlay.paths(tenant).stream().filter(schema::appliesTo).forEach(found::add);
                        return found;
                    });
                    for (String p : paths) {
                        Target target = new Target(t.tenant(), p, t.env(), t.service());
                        if (!p.equals(t.path()) && seen.add(List.of(target.tenant(), p, target.env(), String.valueOf(target.service())))) {
                            out.add(target);
                        }
                    }
                }
            }
        }
        return out;
    }

    /**
     * The effective values a change can affect: the path in this tenant and its descendants, this
     * environment and its descendants, and one service or (null) every service.
     */
    private record Target(String tenant, String path, String env, String service) {
        static Target of(EntryKey k) {
            return new Target(k.tenant(), k.path(), k.layer().env(), k.layer().hasService() ? k.layer().service() : null);
        }
    }

    /** Walks the affected effective values, validating each distinct one once. */
    private final class Validation {
        final Catalog next;
        final Overlay overlay;
        final boolean collectPreviews;
        final List<ValidationReport.Preview> previews = new ArrayList<>();
        final Set<List<Object>> previewed = new HashSet<>();
        /** (schemas, contributors) → the verdict, shared by every scope that resolves the same way. */
        final Map<List<Object>, Verdict> verdicts = new LinkedHashMap<>();
        int problems;

        /** What a set of schemas said about one effective value, and every scope that has it. */
        private record Verdict(String path, List<Violation> violations, List<Scope> scopes) {}

        Validation(Catalog next, Overlay overlay, boolean collectPreviews) {
            this.next = next;
            this.overlay = overlay;
            this.collectPreviews = collectPreviews;
        }

        void check(Target t) {
            if (next.schemas.isEmpty() && !collectPreviews) {
                return;
            }
            Set<String> services = new java.util.TreeSet<>();
            if (t.service() != null) {
                services.add(t.service());
            } else {
                services.add("");
                services.addAll(heads.servicesAt(t.path()));
                services.addAll(overlay.servicesAt(t.path()));
            }
            for (String tenant : next.tenantAndDescendants(t.tenant())) {
                for (String env : next.envAndDescendants(t.env())) {
                    for (String service : services) {
                        check(new Scope(tenant, env, service), t.path());
                        if (problems >= MAX_VIOLATIONS) {
                            return;
                        }
                    }
                }
            }
        }

        private void check(Scope scope, String path) {
            List<LazySchema> schemas = next.schemasFor(scope.tenant(), path);
            if (schemas.isEmpty() && !collectPreviews) {
                return;
            }
            List<EntryVersion> contributors = Resolver.contributors(next.chain(scope), overlay, path);
            Resolver.Resolution r = null;
            if (collectPreviews && previews.size() < MAX_PREVIEWS && previewed.add(List.of(scope, path))) {
                r = Resolver.merge(contributors);
                previews.add(new ValidationReport.Preview(scope, path, r == null ? null : r.value(), r == null ? 0 : r.modRevision()));
            }
            if (schemas.isEmpty()) {
                return;
            }
            // equal contributors and schemas give equal verdicts: most tenants and environments
            // inherit the same layers, so this keeps a change to `global` cheap to check; a
            // binding that reads its scope is checked once per scope
            boolean readsContext = false;
            boolean readsScope = false;
            for (LazySchema s : schemas) {
                readsContext |= s.compiled().readsContext();
                readsScope |= s.compiled().readsScope();
            }
            List<Object> key;
            if (readsScope) {
                key = List.of(schemas, contributors, scope);
            } else if (readsContext) {
                // rules that read the model catalog depend on the scope only through llm/catalog:
                // scopes with the same overrides share a verdict (and one reported violation)
                key = List.of(schemas, contributors, catalogOverrides(scope));
            } else {
                key = List.of(schemas, contributors);
            }
            Verdict known = verdicts.get(key);
            if (known != null) {
                known.scopes().add(scope);
                return;
            }
            if (r == null) {
                r = Resolver.merge(contributors);
            }
            List<Violation> found = new ArrayList<>();
            if (r != null && r.tree() != null) { // absent values and secrets have nothing to validate
                io.llmcm.core.validation.ValidationContext context = readsContext ? new PlannedScope(scope, path) : io.llmcm.core.validation.ValidationContext.NONE;
                for (LazySchema s : schemas) {
                    found.addAll(s.compiled().validate(r.tree(), context));
                }
                found.addAll(variants(contributors, schemas, context, found));
            }
            problems += found.size();
            List<Scope> scopes = new ArrayList<>();
            scopes.add(scope);
            verdicts.put(key, new Verdict(path, found, scopes));
        }

        /**
         * What the schemas say about each targeting variant: the effective value with one rule fired
         * on its own. A problem the default value has already is not repeated for its variants.
         */
        private List<Violation> variants(List<EntryVersion> contributors, List<LazySchema> schemas,
                io.llmcm.core.validation.ValidationContext context, List<Violation> ofDefault) {
            List<Violation> out = new ArrayList<>();
            for (EntryVersion layer : contributors) {
                if (!Targeting.mayHaveRules(layer.value())) {
                    continue;
                }
                tools.jackson.databind.JsonNode list = layer.value().json().get(Targeting.FIELD);
                if (list == null) {
                    continue;
                }
                for (TargetingRule rule : Targeting.of(layer.value(), list).rules()) {
                    Resolver.Resolution variant = Resolver.merge(contributors, Resolver.Chooser.only(layer, rule.name()));
                    if (variant == null || variant.tree() == null) {
                        continue;
                    }
                    for (LazySchema s : schemas) {
                        for (Violation x : s.compiled().validate(variant.tree(), context)) {
                            if (!ofDefault.contains(x)) {
                                out.add(new Violation(x.where(), x.pointer(), "with targeting rule '" + rule.name() + "' of "
                                        + layer.key().tenant() + ":" + layer.key().layer() + " fired: " + x.message(), x.source()));
                            }
                        }
                    }
                }
            }
            return out;
        }

        /** The scope's {@code llm/catalog} as this commit leaves it; a marker when absent or a secret. */
        private Object catalogOverrides(Scope scope) {
            Resolver.Resolution r = Resolver.resolve(next.chain(scope), overlay, io.llmcm.core.llm.ModelCatalog.PATH);
            return r == null || r.tree() == null ? "no catalog overrides" : r.tree();
        }

        /** The other values of a scope as this commit would leave them. */
        private final class PlannedScope implements io.llmcm.core.validation.ValidationContext {
            private final Scope scope;
            private final String path;
            private final List<LayerRef> chain;

            PlannedScope(Scope scope, String path) {
                this.scope = scope;
                this.path = path;
                this.chain = next.chain(scope);
            }

            @Override
            public String path() {
                return path;
            }

            @Override
            public String tenant() {
                return scope.tenant();
            }

            @Override
            public String env() {
                return scope.env();
            }

            @Override
            public String service() {
                return scope.service();
            }

            @Override
            public tools.jackson.databind.JsonNode config(String path) {
                if (!io.llmcm.core.model.Names.isValidPath(path)) {
                    return null;
                }
                Resolver.Resolution r = Resolver.resolve(chain, overlay, path);
                return r == null ? null : r.tree();
            }

            @Override
            public boolean hasSecret(String path) {
                if (!io.llmcm.core.model.Names.isValidPath(path)) {
                    return false;
                }
                Resolver.Resolution r = Resolver.resolve(chain, overlay, path);
                return r != null && r.tree() == null;
            }
        }

        /**
         * Every violation, located at the first scope that has it and naming the others. Verdicts
         * reached apart (a binding that reads its scope is checked once per scope) but saying the
         * same of the same path are reported once.
         */
        List<Violation> violations() {
            Map<List<Object>, List<Scope>> same = new LinkedHashMap<>();
            for (Verdict v : verdicts.values()) {
                if (!v.violations().isEmpty()) {
                    same.computeIfAbsent(List.of(v.path(), v.violations()), k -> new ArrayList<>()).addAll(v.scopes());
                }
            }
            List<Violation> out = new ArrayList<>();
            for (Map.Entry<List<Object>, List<Scope>> e : same.entrySet()) {
                String where = e.getValue().getFirst() + " " + e.getKey().getFirst() + also(e.getValue());
                @SuppressWarnings("unchecked")
                List<Violation> violations = (List<Violation>) e.getKey().get(1);
                for (Violation violation : violations) {
                    out.add(violation.at(where));
                }
            }
            return out;
        }

        private static String also(List<Scope> scopes) {
            if (scopes.size() == 1) {
                return "";
            }
            List<String> names = scopes.subList(1, Math.min(scopes.size(), 6)).stream().map(Scope::toString).toList();
            int more = scopes.size() - 1 - names.size();
            return " (also " + String.join(", ", names) + (more > 0 ? " and " + more + " more" : "") + ")";
        }
    }
}
