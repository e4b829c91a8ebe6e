package io.llmcm.cli.command;

import io.llmcm.cli.CliException;
import io.llmcm.cli.LayerOptions;
import io.llmcm.cli.StoreOptions;
import io.llmcm.cli.TenantOptions;
import io.llmcm.cli.render.Formats;
import io.llmcm.cli.render.Text;
import io.llmcm.cli.render.ValueView;
import io.llmcm.core.format.Documents;
import io.llmcm.core.format.Format;
import io.llmcm.core.model.EntryVersion;
import io.llmcm.core.model.Layer;
import io.llmcm.core.model.Names;
import io.llmcm.core.repo.Repository;
import io.llmcm.core.repo.Resolved;
import io.llmcm.core.repo.Scope;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;

/** {@code llmcm export [PREFIX]}: the keys under a prefix as one document. */
@Command(
        name = "export",
        mixinStandardHelpOptions = true,
        description = {
            "Write the effective values under PREFIX in a scope as one document whose top-level fields are the paths below PREFIX (it imports back with the default --depth 1).",
            "--raw exports only the layer's own values (given by --tenant, --env, --service), for backups and re-import."
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  llmcm export models --tenant acme --env prod --format yaml",
            "  llmcm export --raw --tenant acme --env prod -o acme-prod.json"
        })
public final class ExportCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    StoreOptions store;

    @Mixin
    TenantOptions tenant;

    @Mixin
    LayerOptions layer;

    @Parameters(index = "0", arity = "0..1", paramLabel = "PREFIX", description = "a namespace or key (default: everything)")
    String prefix = "";

    @Option(names = "--format", paramLabel = "FORMAT", description = "json (default), yaml, toml, properties or env")
    String format = "json";

    @Option(names = "--raw", description = "only the layer's own values instead of the effective ones")
    boolean raw;

    @Option(names = "--at", paramLabel = "REV|TAG", description = "export as of a past revision or a tag of the tenant")
    String at;

    @Option(names = {"-o", "--out"}, paramLabel = "FILE", description = "write to FILE instead of standard output")
    Path out;

    @Override
    public Integer call() {
        Format f = Formats.named(format);
        String p = Names.prefix(prefix);
        Scope scope = layer.scope(tenant.tenant());
        Map<String, JsonNode> parts = new TreeMap<>();
        try (Repository repo = store.open()) {
            Long rev = at == null ? null : repo.revisionOf(scope.tenant(), at);
            if (raw) {
                Layer own = scope.layer();
                for (EntryVersion v : rev == null ? repo.entries(scope.tenant(), p) : repo.entries(scope.tenant(), p, rev)) {
                    if (v.key().layer().equals(own)) {
                        parts.put(Paths.relative(v.key().path(), p), v.value().json());
                    }
                }
            } else {
                for (Resolved r : rev == null ? repo.list(scope, p) : repo.list(scope, p, rev)) {
                    parts.put(Paths.relative(r.path(), p), r.value().json());
                }
            }
        }
        String text = ValueView.render(document(parts, p), f);
        if (out == null) {
            Out.print(spec, text);
        } else {
            write(out, text);
            Out.line(spec, "exported " + Text.count(parts.size(), "key") + (p.isEmpty() ? "" : " under " + p) + " to " + out);
        }
        return 0;
    }

    /** The parts nested into one document; a prefix that is itself a key exports its value. */
    private static JsonNode document(Map<String, JsonNode> parts, String prefix) {
        JsonNode self = parts.get("");
        if (self == null) {
            return Documents.join(parts);
        }
        if (parts.size() > 1) {
            throw new CliException(CliException.ERROR, prefix + " is both a key and a namespace; export a prefix below it");
        }
        return self;
    }

    private static void write(Path file, String text) {
        try {
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new CliException(CliException.ERROR, "cannot write " + file + " (" + e.getClass().getSimpleName() + ")");
        }
    }
}
