package io.llmcm.cli.command;

import io.llmcm.cli.StoreOptions;
import io.llmcm.cli.TenantOptions;
import io.llmcm.cli.remote.Remote;
import io.llmcm.cli.render.Table;
import io.llmcm.core.json.Json;
import io.llmcm.core.llm.template.TemplateCatalog;
import io.llmcm.core.repo.Repository;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** {@code llmcm template list}: the templates a tenant can instantiate. */
@Command(
        name = "list",
        mixinStandardHelpOptions = true,
        description = "List the templates the tenant can instantiate: built-in, its own and its ancestors', and those shared with it (as OWNER:NAME).",
        footerHeading = "%nExample:%n",
        footer = "  llmcm template list --tenant acme")
public final class TemplateListCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    StoreOptions store;

    @Mixin
    TenantOptions tenant;

    @Option(names = "--output", paramLabel = "FORMAT", description = "text (default) or json")
    String output;

    @Override
    public Integer call() {
        boolean json = Output.json(output);
        String t = tenant.tenant();
        Remote remote = store.remote();
        JsonNode answer;
        if (remote != null) {
            answer = remote.send(Remote.get("/v1/templates").query("tenant", t)).json();
        } else {
            try (Repository repo = store.open()) {
                ObjectNode o = Json.NODES.objectNode().put("tenant", t);
                var items = o.putArray("items");
                for (TemplateCatalog.Listed l : TemplateCatalog.list(repo, t, (x, p) -> true)) {
                    items.addObject().put("name", l.name()).put("owner", l.owner()).put("kind", l.kind())
                            .put("version", l.version()).put("description", l.description());
                }
                answer = o;
            }
        }
        if (json) {
            Out.print(spec, Json.pretty(answer) + "\n");
            return 0;
        }
        Table table = new Table();
        for (JsonNode i : answer.get("items").values()) {
            String d = i.path("description").asString("");
            table.row(i.get("name").asString(), i.path("version").asString("-"), i.get("kind").asString(), d.length() > 60 ? d.substring(0, 60) + "…" : d);
        }
        Out.print(spec, table.render());
        return 0;
    }
}
