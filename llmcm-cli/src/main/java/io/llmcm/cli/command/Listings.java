package io.llmcm.cli.command;

import io.llmcm.cli.render.Table;
import io.llmcm.cli.render.Text;
import io.llmcm.core.json.Json;
import java.util.function.Function;
import picocli.CommandLine.Model.CommandSpec;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;

/**
 * A listing as {@code --output} asks: the items as a JSON array, or a table with one row per item.
 * Local and remote forms both build the items (the server's {@code items} already have the local
 * fields), so they print the same.
 */
final class Listings {
    private Listings() {}

    static void print(CommandSpec spec, ArrayNode items, boolean json, Function<JsonNode, String[]> row) {
        if (json) {
            Out.print(spec, Text.withNewline(Json.pretty(items)));
            return;
        }
        Table table = new Table();
        items.forEach(i -> table.row(row.apply(i)));
        Out.print(spec, table.render());
    }

    /** The {@code items} array of a server's listing answer (empty when there is none). */
    static ArrayNode items(JsonNode answer) {
        return answer.path("items") instanceof ArrayNode a ? a : Json.NODES.arrayNode();
    }
}
