package io.llmcm.core.auth;

import io.llmcm.core.NotFoundException;
import io.llmcm.core.model.Environment;
import io.llmcm.core.model.Tenant;
import io.llmcm.core.repo.Repository;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The bindings of one catalog revision, arranged for decisions: grouped by subject, each with its
 * role's grants as bits and its condition compiled; tenants and environments with their ancestor
 * sets. Immutable but for a bounded memo of each principal's candidate bindings.
 */
final class PolicyIndex {
    /** A binding ready to decide: grants as bits ({@link Grant#bit()}) and the compiled condition. */
    record Rule(Binding binding, String role, long grants, Condition condition) {}

    private static final int MAX_MEMO = 10_000;

    final long revision;
    private final Map<String, Set<String>> tenantAncestors;
    private final Map<String, Set<String>> envAncestors;
    private final Map<String, List<Rule>> bySubject;
    private final Map<Principal, List<Rule>> memo = new ConcurrentHashMap<>();

    private PolicyIndex(long revision, Map<String, Set<String>> tenantAncestors, Map<String, Set<String>> envAncestors,
            Map<String, List<Rule>> bySubject) {
        this.revision = revision;
        this.tenantAncestors = tenantAncestors;
        this.envAncestors = envAncestors;
        this.bySubject = bySubject;
    }

    /**
     * Reads the repository's catalog. A commit can land between the reads, so the build is repeated
     * until the catalog revision is the same before and after it.
     */
    static PolicyIndex build(Repository repo) {
        while (true) {
            long before = repo.catalogRevision();
            try {
                PolicyIndex index = read(repo, before);
                if (repo.catalogRevision() == before) {
                    return index;
                }
            } catch (NotFoundException torn) {
                // a tenant went away while we read it: read again
            }
        }
    }

    private static PolicyIndex read(Repository repo, long revision) {
        Map<String, String> tenantParents = new HashMap<>();
        for (Tenant t : repo.tenants()) {
            tenantParents.put(t.name(), t.parent());
        }
        Map<String, String> envParents = new HashMap<>();
        for (Environment e : repo.environments()) {
            envParents.put(e.name(), e.parent());
        }
        List<String> owners = new ArrayList<>(tenantParents.keySet());
        owners.add("");
        Map<String, List<Rule>> bySubject = new HashMap<>();
        for (String owner : owners) {
            for (Binding b : repo.bindings(owner)) {
                Role role = repo.roleFor(owner, b.role()).orElse(null);
                long grants = role == null ? 0 : role.mask(); // the planner keeps roles resolvable
                bySubject.computeIfAbsent(b.subject(), k -> new ArrayList<>())
                        .add(new Rule(b, role == null ? b.role() : role.name(), grants, Condition.compile(b.condition())));
            }
        }
        bySubject.replaceAll((k, v) -> List.copyOf(v));
        return new PolicyIndex(revision, ancestors(tenantParents), ancestors(envParents), Map.copyOf(bySubject));
    }

    /** name → the name itself and every ancestor. */
    private static Map<String, Set<String>> ancestors(Map<String, String> parents) {
        Map<String, Set<String>> out = new HashMap<>();
        for (String name : parents.keySet()) {
            Set<String> chain = new HashSet<>();
            for (String n = name; n != null && chain.add(n); n = parents.get(n)) {
                // walks up; `add` stops a (never expected) cycle
            }
            out.put(name, Set.copyOf(chain));
        }
        return Map.copyOf(out);
    }

    /** The bindings naming the principal or one of its groups. */
    List<Rule> candidates(Principal p) {
        List<Rule> known = memo.get(p);
        if (known != null) {
            return known;
        }
        List<Rule> out = new ArrayList<>(bySubject.getOrDefault(p.id(), List.of()));
        for (String g : p.groups()) {
            out.addAll(bySubject.getOrDefault(Subjects.GROUP + g, List.of()));
        }
        List<Rule> rules = List.copyOf(out);
        if (memo.size() < MAX_MEMO) { // principals are many and open-ended (OIDC users): bound it
            memo.put(p, rules);
        }
        return rules;
    }

    /** True when {@code tenant} is {@code ancestor} or lies below it. */
    boolean isWithin(String tenant, String ancestor) {
        if (tenant.equals(ancestor)) {
            return true;
        }
        Set<String> chain = tenantAncestors.get(tenant);
        return chain != null && chain.contains(ancestor);
    }

    /** True when {@code env} is {@code ancestor} or lies below it. */
    boolean isEnvWithin(String env, String ancestor) {
        if (env.equals(ancestor)) {
            return true;
        }
        Set<String> chain = envAncestors.get(env);
        return chain != null && chain.contains(ancestor);
    }

    /** True when the binding's tenant scope covers {@code tenant} ("" = a store-wide request). */
    boolean coversTenant(Binding b, String tenant) {
        if (b.tenant().isEmpty()) {
            return true;
        }
        if (tenant.isEmpty()) {
            return false;
        }
        return tenant.equals(b.tenant()) || (b.scope().includeChildTenants() && isWithin(tenant, b.tenant()));
    }
}
