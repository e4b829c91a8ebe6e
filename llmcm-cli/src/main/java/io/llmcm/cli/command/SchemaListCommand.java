package io.llmcm.cli.command;

import io.llmcm.cli.StoreOptions;
import io.llmcm.cli.TenantOptions;
import io.llmcm.cli.render.Table;
import io.llmcm.cli.render.Text;
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
        try (Repository repo = store.open()) {
            List<SchemaBinding> bindings = new ArrayList<>();
            if (path != null) {
                bindings.addAll(repo.schemasFor(t, path));
            } else {
                for (String owner : repo.tenantChain(t)) { // ancestors first, as they apply
                    repo.schemas(owner).stream().sorted(Comparator.comparing(SchemaBinding::name)).forEach(bindings::add);
                }
            }
            if (json) {
                ArrayNode out = Json.NODES.arrayNode();
                bindings.forEach(b -> out.addObject().put("name", b.name()).put("pattern", b.pattern()).put("tenant", b.tenant()));
                Out.print(spec, Text.withNewline(Json.pretty(out)));
            } else {
                Table table = new Table();
                bindings.forEach(b -> table.row(b.name(), b.pattern(), b.tenant()));
                Out.print(spec, table.render());
            }
            return 0;
        }
    }
}
