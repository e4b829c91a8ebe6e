package io.llmcm.cli.command;

import io.llmcm.cli.StoreOptions;
import io.llmcm.cli.remote.Remote;
import io.llmcm.core.json.Json;
import io.llmcm.core.llm.BuiltinSchemas;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import tools.jackson.databind.node.ArrayNode;

/** {@code llmcm schema builtin list}: name, default pattern and title of every built-in schema. */
@Command(
        name = "list",
        mixinStandardHelpOptions = true,
        description = "List the built-in schemas: name, the pattern they apply to by default, what they validate."
                + " With --server, the server's (its version may ship others).",
        footerHeading = "%nExample:%n",
        footer = "  llmcm schema builtin list --output json")
public final class SchemaBuiltinListCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    StoreOptions store;

    @Option(names = "--output", paramLabel = "FORMAT", description = "text (default) or json")
    String output = "text";

    @Override
    public Integer call() {
        boolean json = OutputChoice.jsonOrText(output);
        ArrayNode items; // {name, title, pattern, namespace}, as the server lists them
        Remote remote = store.remote();
        if (remote != null) {
            items = Listings.items(remote.send(Remote.get("/v1/builtin-schemas")).json());
        } else {
            items = Json.NODES.arrayNode();
            for (BuiltinSchemas.Builtin b : BuiltinSchemas.list()) {
                items.addObject().put("name", b.name()).put("title", b.title()).put("pattern", b.defaultPattern())
                        .put("namespace", b.takesNamespace());
            }
        }
        Listings.print(spec, items, json, b -> new String[] {b.path("name").asString(""), b.path("pattern").asString(""), b.path("title").asString("")});
        return 0;
    }
}
