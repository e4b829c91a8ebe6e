package io.llmcm.cli.command;

import io.llmcm.core.model.Tenant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The tenant hierarchy as the CLI needs it. */
final class Tenants {
    private Tenants() {}

    /** name → parent (null for the root). */
    static Map<String, String> parents(List<Tenant> tenants) {
        Map<String, String> parents = new HashMap<>();
        tenants.forEach(t -> parents.put(t.name(), t.parent()));
        return parents;
    }
}
