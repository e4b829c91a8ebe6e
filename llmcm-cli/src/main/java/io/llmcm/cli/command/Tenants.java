package io.llmcm.cli.command;

import io.llmcm.core.NotFoundException;
import io.llmcm.core.model.Tenant;
import io.llmcm.core.repo.Repository;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The tenant hierarchy as the CLI needs it. */
final class Tenants {
    private Tenants() {}

    /** {@code [global, …, tenant]}: the tenants whose configuration the tenant inherits. */
    static List<String> chain(Repository repo, String tenant) {
        Map<String, String> parents = new HashMap<>();
        repo.tenants().forEach(t -> parents.put(t.name(), t.parent()));
        if (!parents.containsKey(tenant)) {
            throw new NotFoundException("unknown tenant '" + tenant + "'");
        }
        List<String> chain = new ArrayList<>();
        for (String t = tenant; t != null && !chain.contains(t); t = parents.get(t)) {
            chain.add(t);
        }
        Collections.reverse(chain);
        return chain;
    }

    /** name → parent (null for the root). */
    static Map<String, String> parents(List<Tenant> tenants) {
        Map<String, String> parents = new HashMap<>();
        tenants.forEach(t -> parents.put(t.name(), t.parent()));
        return parents;
    }
}
