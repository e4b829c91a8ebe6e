package io.llmcm.cli.command;

import io.llmcm.cli.StoreOptions;
import io.llmcm.cli.TenantOptions;
import io.llmcm.cli.remote.Remote;
import io.llmcm.core.json.Json;
import io.llmcm.core.model.Tag;
import io.llmcm.core.repo.Repository;
import java.util.Comparator;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import tools.jackson.databind.node.ArrayNode;

/** {@code llmcm tag list}: the tenant's tags, by name. */
@Command(
        name = "list",
        mixinStandardHelpOptions = true,
        description = "List the tenant's tags and the revisions they name, sorted by name.",
        footerHeading = "%nExample:%n",
        footer = "  llmcm tag list --tenant acme")
public final class TagListCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    StoreOptions store;

    @Mixin
    TenantOptions tenant;

    @Option(names = "--output", paramLabel = "FORMAT", description = "text (default) or json")
    String output = "text";

    @Override
    public Integer call() {
        boolean json = OutputChoice.jsonOrText(output);
        String t = tenant.tenant();
        ArrayNode tags; // {name, revision} by name, as the server lists them
        Remote remote = store.remote();
        if (remote != null) {
            tags = Listings.items(remote.send(Remote.get(Remote.tenantPath(t, "tags", null))).json());
        } else {
            try (Repository repo = store.open()) {
                tags = Json.NODES.arrayNode();
                for (Tag tag : repo.tags(t).stream().sorted(Comparator.comparing(Tag::name)).toList()) {
                    tags.addObject().put("name", tag.name()).put("revision", tag.revision());
                }
            }
        }
        Listings.print(spec, tags, json, i -> new String[] {i.path("name").asString(""), i.path("revision").asString("")});
        return 0;
    }
}
