package io.llmcm.cli.command;

import io.llmcm.cli.StoreOptions;
import io.llmcm.cli.TenantOptions;
import io.llmcm.cli.remote.Remote;
import io.llmcm.core.json.Json;
import io.llmcm.core.model.SchemaBinding;
import io.llmcm.core.repo.Repository;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import tools.jackson.databind.node.ArrayNode;

/** {@code llmcm schema list}: the bindings that apply in a tenant. */
@Command(
        name = "list",
        mixinStandardHelpOptions = true,
        description = "List the schema bindings in force in the tenant (its own and its ancestors'): name, pattern, owning tenant. With --path, only those applying to that path.",
        footerHeading = "%nExample:%n",
        footer = "  llmcm schema list --tenant acme --path models/openai/gpt-4o")
public final class SchemaListCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    StoreOptions store;

    @Mixin
    TenantOptions tenant;

    @Option(names = "--path", paramLabel = "PATH", description = "only bindings whose pattern matches this key path")
    String path;

    @Option(names = "--output", paramLabel = "FORMAT", description = "text (default) or json")
    String output = "text";

    @Override
    public Integer call() {
        boolean json = OutputChoice.jsonOrText(output);
        String t = tenant.tenant();
        ArrayNode bindings; // {name, pattern, tenant}, as the server lists them
        Remote remote = store.remote();
        if (remote != null) {
            bindings = Listings.items(remote.send(Remote.get(Remote.tenantPath(t, "schemas", null)).query("path", path)).json());
        } else {
            try (Repository repo = store.open()) {
                bindings = Json.NODES.arrayNode();
                for (SchemaBinding b : local(repo, t)) {
                    bindings.addObject().put("name", b.name()).put("pattern", b.pattern()).put("tenant", b.tenant());
                }
            }
        }
        Listings.print(spec, bindings, json, b -> new String[] {b.path("name").asString(""), b.path("pattern").asString(""), b.path("tenant").asString("")});
        return 0;
    }

    private List<SchemaBinding> local(Repository repo, String t) {
        List<SchemaBinding> bindings = new ArrayList<>();
        if (path != null) {
            bindings.addAll(repo.schemasFor(t, path));
        } else {
            for (String owner : repo.tenantChain(t)) { // ancestors first, as they apply
                repo.schemas(owner).stream().sorted(Comparator.comparing(SchemaBinding::name)).forEach(bindings::add);
            }
        }
        return bindings;
    }
}
