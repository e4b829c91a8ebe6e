package io.llmcm.cli.command;

import io.llmcm.cli.CliException;
import io.llmcm.cli.Context;
import io.llmcm.cli.Inputs;
import io.llmcm.cli.LayerOptions;
import io.llmcm.cli.StoreOptions;
import io.llmcm.cli.TenantOptions;
import io.llmcm.cli.WriteOptions;
import io.llmcm.cli.render.Text;
import io.llmcm.core.format.Documents;
import io.llmcm.core.format.Format;
import io.llmcm.core.model.EntryKey;
import io.llmcm.core.model.Names;
import io.llmcm.core.model.Value;
import io.llmcm.core.repo.ChangeRequest;
import io.llmcm.core.repo.CommitResult;
import io.llmcm.core.repo.Repository;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;

/** {@code llmcm import FILE --into PREFIX}: loads a document's parts as keys in one commit. */
@Command(
        name = "import",
        mixinStandardHelpOptions = true,
        description = {
            "Store the parts of a document as keys under PREFIX, in one commit, in the layer given by --tenant, --env and --service.",
            "--depth N: the fields N levels down become keys (1: each top-level field is a key; 0: the whole document is the value at PREFIX).",
            "A field name with '/' stands for several path segments, as export writes them, so an export imports back with the default depth."
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  llmcm import models.yaml --into models --depth 2 --tenant acme --env prod",
            "  llmcm export models -t acme -o models.json",
            "  llmcm import models.json --into models -t beta"
        })
public final class ImportCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    StoreOptions store;

    @Mixin
    TenantOptions tenant;

    @Mixin
    LayerOptions layer;

    @Mixin
    WriteOptions write;

    @Parameters(index = "0", paramLabel = "FILE", description = "the document (json, yaml, toml, properties, env), or - for standard input")
    String file;

    @Option(names = "--into", paramLabel = "PREFIX", description = "namespace to import under (default: the top)")
    String into = "";

    @Option(names = "--depth", paramLabel = "N", description = "how many levels of fields form the key paths (default: ${DEFAULT-VALUE})")
    int depth = 1;

    @Option(names = "--format", paramLabel = "FORMAT", description = "format of FILE (default: from its extension, else json)")
    String format;

    @Option(names = "--replace", description = "each imported value replaces what lower layers set instead of merging into it")
    boolean replace;

    @Override
    public Integer call() {
        String prefix = Names.prefix(into);
        if (depth == 0 && prefix.isEmpty()) {
            throw new CliException(CliException.USAGE, "--depth 0 stores the whole document as one key: give its path with --into");
        }
        String arg = file.equals("-") || file.startsWith("@") ? file : "@" + file;
        Inputs.Source source = Inputs.source(arg, Context.of(spec));
        Format f = Inputs.formatOf(source, format);
        Map<String, JsonNode> parts = Documents.split(f.read(source.text()), depth);
        String t = tenant.tenant();
        ChangeRequest.Builder request = write.request();
        for (Map.Entry<String, JsonNode> part : parts.entrySet()) {
            String path = Paths.join(prefix, part.getKey());
            Value v = f == Format.TEXT ? Value.text(part.getValue().stringValue()) : Value.of(part.getValue());
            request.put(EntryKey.of(t, path, layer.layer()), v, replace);
        }
        String where = prefix.isEmpty() ? "the top" : prefix;
        if (parts.isEmpty()) {
            Out.line(spec, "imported 0 keys under " + where + ": the document holds none at depth " + depth);
            return 0;
        }
        try (Repository repo = store.open()) {
            CommitResult r = repo.commit(request.build());
            Out.line(spec, "imported " + Text.count(parts.size(), "key") + " under " + where
                    + (r.changed() ? " at revision " + r.revision() : ": all unchanged (revision " + r.revision() + ")"));
            return 0;
        }
    }
}
