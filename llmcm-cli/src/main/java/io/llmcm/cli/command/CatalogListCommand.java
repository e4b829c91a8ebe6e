package io.llmcm.cli.command;

import io.llmcm.cli.LayerOptions;
import io.llmcm.cli.StoreOptions;
import io.llmcm.cli.TenantOptions;
import io.llmcm.cli.render.Table;
import io.llmcm.cli.render.Text;
import io.llmcm.core.json.Json;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;

/** {@code llmcm catalog list}: every model of the scope's catalog, one per line. */
@Command(
        name = "list",
        mixinStandardHelpOptions = true,
        description = "List the models of the catalog effective in the scope: id, provider, context window, output limit,"
                + " prices in USD per million input and output tokens, deprecation date.",
        footerHeading = "%nExample:%n",
        footer = "  llmcm catalog list --tenant acme --env prod")
public final class CatalogListCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    StoreOptions store;

    @Mixin
    TenantOptions tenant;

    @Mixin
    LayerOptions layer;

    @Option(names = "--output", paramLabel = "FORMAT", description = "text (default) or json")
    String output = "text";

    @Override
    public Integer call() {
        boolean json = OutputChoice.jsonOrText(output);
        JsonNode catalog = Catalogs.effective(store, layer.scope(tenant.tenant()));
        if (json) {
            Out.print(spec, Text.withNewline(Json.pretty(catalog)));
            return 0;
        }
        Table table = new Table();
        table.row("MODEL", "PROVIDER", "CONTEXT", "OUTPUT", "IN $/M", "OUT $/M", "DEPRECATED");
        for (Map.Entry<String, JsonNode> e : catalog.path("models").properties()) {
            JsonNode m = e.getValue();
            table.row(e.getKey(), m.path("provider").asString(""), number(m, "context_window"), number(m, "max_output_tokens"),
                    number(m, "input_price_per_mtok"), number(m, "output_price_per_mtok"), m.path("deprecation_date").asString("-"));
        }
        Out.print(spec, table.render());
        Out.line(spec, "catalog as of " + catalog.path("as_of").asString("")
                + (catalog.path("overridden").asBoolean(false) ? ", with the overrides of " + catalog.path("scope").asString("") : ""));
        return 0;
    }

    static String number(JsonNode model, String field) {
        JsonNode v = model.get(field);
        return v == null || v.isNull() ? "-" : v.isIntegralNumber() ? Long.toString(v.longValue()) : v.asString();
    }
}
