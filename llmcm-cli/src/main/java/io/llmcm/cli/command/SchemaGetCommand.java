package io.llmcm.cli.command;

import io.llmcm.cli.StoreOptions;
import io.llmcm.cli.TenantOptions;
import io.llmcm.cli.remote.Remote;
import io.llmcm.cli.render.Formats;
import io.llmcm.cli.render.SchemaView;
import io.llmcm.cli.render.ValueView;
import io.llmcm.core.NotFoundException;
import io.llmcm.core.model.SchemaBinding;
import io.llmcm.core.repo.Repository;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import tools.jackson.databind.node.ObjectNode;

/** {@code llmcm schema get NAME}: prints a binding as a document {@code schema set} accepts. */
@Command(
        name = "get",
        mixinStandardHelpOptions = true,
        description = "Print a schema binding of the tenant (or, failing that, of the nearest ancestor that has one by that name).",
        footerHeading = "%nExample:%n",
        footer = "  llmcm schema get openai-model --output yaml")
public final class SchemaGetCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    StoreOptions store;

    @Mixin
    TenantOptions tenant;

    @Parameters(index = "0", paramLabel = "NAME", description = "binding name")
    String name;

    @Option(names = "--output", paramLabel = "FORMAT", description = "json (default) or yaml")
    String output = "json";

    @Override
    public Integer call() {
        var format = Formats.named(output);
        String t = tenant.tenant();
        Remote remote = store.remote();
        if (remote != null) { // the server's answer is the document plus the owning tenant, which the local form does not print
            ObjectNode doc = (ObjectNode) remote.send(Remote.get(Remote.tenantPath(t, "schemas", name))).json();
            doc.remove("tenant");
            Out.print(spec, ValueView.render(doc, format));
            return 0;
        }
        try (Repository repo = store.open()) {
            List<String> chain = repo.tenantChain(t);
            for (int i = chain.size() - 1; i >= 0; i--) {
                for (SchemaBinding b : repo.schemas(chain.get(i))) {
                    if (b.name().equals(name)) {
                        Out.print(spec, ValueView.render(SchemaView.document(b), format));
                        return 0;
                    }
                }
            }
            throw new NotFoundException("no schema '" + name + "' in tenant " + t + " or its ancestors");
        }
    }
}
