package io.llmcm.cli.command;

import io.llmcm.cli.Context;
import io.llmcm.cli.Inputs;
import io.llmcm.cli.StoreOptions;
import io.llmcm.cli.TenantOptions;
import io.llmcm.cli.WriteOptions;
import io.llmcm.cli.remote.Remote;
import io.llmcm.core.model.Mutation;
import io.llmcm.core.model.SchemaBinding;
import io.llmcm.core.validation.SchemaDocuments;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;

/** {@code llmcm schema set NAME FILE}: attaches or replaces a schema binding. */
@Command(
        name = "set",
        mixinStandardHelpOptions = true,
        description = {
            "Attach a schema binding to the tenant, or replace the one with the same name.",
            "Every existing value it covers is checked first: the binding is refused when one of them breaks it."
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  llmcm schema set openai-model openai.schema.json --pattern 'models/openai/**'",
            "  llmcm schema set presets @presets.yaml --tenant acme"
        })
public final class SchemaSetCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    StoreOptions store;

    @Mixin
    TenantOptions tenant;

    @Mixin
    WriteOptions write;

    @Parameters(index = "0", paramLabel = "NAME", description = "binding name")
    String name;

    @Parameters(index = "1", paramLabel = "FILE", description = "the schema document (json or yaml; @FILE works too; - for standard input)")
    String file;

    @Option(names = "--pattern", paramLabel = "GLOB", description = "path glob the binding applies to (overrides the document's own)")
    String pattern;

    @Override
    public Integer call() {
        String arg = file.equals("-") || file.startsWith("@") ? file : "@" + file;
        Inputs.Source source = Inputs.source(arg, Context.of(spec));
        JsonNode doc = Inputs.formatOf(source, null).read(source.text());
        String t = tenant.tenant();
        SchemaBinding binding = SchemaDocuments.parse(t, name, doc, pattern);
        // the server gets the binding as parsed here (--pattern in it), so both forms check the same document
        long revision = SingleChange.commit(store, write, Remote.put(Remote.tenantPath(t, "schemas", name)).json(SchemaDocuments.document(binding)),
                new Mutation.PutSchema(binding));
        Out.line(spec, "schema " + name + " (" + binding.pattern() + ") set in tenant " + t + " at revision " + revision);
        return 0;
    }
}
