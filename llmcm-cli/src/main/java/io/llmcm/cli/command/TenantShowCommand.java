package io.llmcm.cli.command;

import io.llmcm.cli.StoreOptions;
import io.llmcm.cli.remote.Remote;
import io.llmcm.core.model.Names;
import io.llmcm.core.model.Tenant;
import io.llmcm.core.repo.Repository;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;

/** {@code llmcm tenant show NAME}: a tenant's parent and isolation, what is fixed at its creation. */
@Command(
        name = "show",
        mixinStandardHelpOptions = true,
        description = "Show a tenant: its parent and its isolation (shared: the store's shared tables; dedicated: storage of its own).",
        footerHeading = "%nExample:%n",
        footer = "  llmcm tenant show acme")
public final class TenantShowCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    StoreOptions store;

    @Parameters(index = "0", paramLabel = "NAME", description = "the tenant")
    String name;

    @Override
    public Integer call() {
        String t = Names.tenant(name);
        Remote remote = store.remote();
        if (remote != null) {
            JsonNode o = remote.send(Remote.get("/v1/tenants/" + t)).json();
            Out.print(spec, describe(o.path("name").asString(t), o.has("parent") ? o.get("parent").asString() : null,
                    o.path("isolation").asString("shared")));
            return 0;
        }
        try (Repository repo = store.open()) {
            Tenant tenant = repo.tenant(t);
            Out.print(spec, describe(tenant.name(), tenant.parent(), tenant.isolation().id()));
            return 0;
        }
    }

    private static String describe(String name, String parent, String isolation) {
        return "name:      " + name + "\n"
                + "parent:    " + (parent == null ? "(none: the root)" : parent) + "\n"
                + "isolation: " + isolation + "\n";
    }
}
