package io.llmcm.cli.command;

import io.llmcm.cli.LayerOptions;
import io.llmcm.cli.StoreOptions;
import io.llmcm.cli.TenantOptions;
import io.llmcm.cli.render.Text;
import io.llmcm.core.json.Json;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;

/** {@code llmcm catalog show MODEL}: one model of the scope's catalog, as JSON. */
@Command(
        name = "show",
        mixinStandardHelpOptions = true,
        description = "Show one model of the catalog effective in the scope, as JSON.",
        footerHeading = "%nExample:%n",
        footer = "  llmcm catalog show anthropic.claude-3-5-sonnet-20240620-v1:0 --tenant acme")
public final class CatalogShowCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    StoreOptions store;

    @Mixin
    TenantOptions tenant;

    @Mixin
    LayerOptions layer;

    @Parameters(index = "0", paramLabel = "MODEL", description = "the model id")
    String model;

    @Override
    public Integer call() {
        JsonNode m = Catalogs.model(store, layer.scope(tenant.tenant()), model);
        Out.print(spec, Text.withNewline(Json.pretty(m)));
        return 0;
    }
}
