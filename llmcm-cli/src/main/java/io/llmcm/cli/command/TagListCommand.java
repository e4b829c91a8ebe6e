package io.llmcm.cli.command;

import io.llmcm.cli.StoreOptions;
import io.llmcm.cli.TenantOptions;
import io.llmcm.cli.render.Table;
import io.llmcm.cli.render.Text;
import io.llmcm.core.json.Json;
import io.llmcm.core.model.Tag;
import io.llmcm.core.repo.Repository;
import java.util.Comparator;
import java.util.List;
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
        try (Repository repo = store.open()) {
            List<Tag> tags = repo.tags(tenant.tenant()).stream().sorted(Comparator.comparing(Tag::name)).toList();
            if (json) {
                ArrayNode out = Json.NODES.arrayNode();
                tags.forEach(t -> out.addObject().put("name", t.name()).put("revision", t.revision()));
                Out.print(spec, Text.withNewline(Json.pretty(out)));
            } else {
                Table table = new Table();
                tags.forEach(t -> table.row(t.name(), String.valueOf(t.revision())));
                Out.print(spec, table.render());
            }
            return 0;
        }
    }
}
