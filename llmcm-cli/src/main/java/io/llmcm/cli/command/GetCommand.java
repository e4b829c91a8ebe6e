package io.llmcm.cli.command;

import io.llmcm.cli.CliException;
import io.llmcm.cli.LayerOptions;
import io.llmcm.cli.StoreOptions;
import io.llmcm.cli.TenantOptions;
import io.llmcm.cli.render.ExplainView;
import io.llmcm.cli.render.Formats;
import io.llmcm.cli.render.ValueView;
import io.llmcm.core.NotFoundException;
import io.llmcm.core.format.Format;
import io.llmcm.core.model.EntryKey;
import io.llmcm.core.model.EntryVersion;
import io.llmcm.core.model.Names;
import io.llmcm.core.repo.Explanation;
import io.llmcm.core.repo.Repository;
import io.llmcm.core.repo.Resolved;
import io.llmcm.core.repo.Scope;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code llmcm get PATH}: the effective value in a scope, one layer's value, or where it came from. */
@Command(
        name = "get",
        mixinStandardHelpOptions = true,
        description = "Print a key's effective value in a scope: global's layers, then each tenant down to --tenant, environments from base down to --env, then the --service layers.",
        footerHeading = "%nExamples:%n",
        footer = {
            "  llmcm get models/openai/gpt-4o --tenant acme --env prod",
            "  llmcm get models/openai/gpt-4o --tenant acme --env prod --explain",
            "  llmcm get models/openai/gpt-4o --at stable --output yaml",
            "  llmcm get models/openai/gpt-4o --tenant acme --env prod --raw"
        })
public final class GetCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    StoreOptions store;

    @Mixin
    TenantOptions tenant;

    @Mixin
    LayerOptions layer;

    @Parameters(index = "0", paramLabel = "PATH", description = "key path")
    String path;

    @Option(names = "--at", paramLabel = "REV|TAG", description = "read as of a past revision or a tag of the tenant")
    String at;

    @Option(names = "--explain", description = "show which layer each field came from")
    boolean explain;

    @Option(names = "--raw", description = "print only the value stored in the layer given by --tenant, --env and --service, unmerged")
    boolean raw;

    @Option(names = "--output", paramLabel = "FORMAT", description = "json, yaml, toml or text (default: JSON, or the text of a text value)")
    String output;

    @Override
    public Integer call() {
        if (explain && raw) {
            throw new CliException(CliException.USAGE, "--explain and --raw cannot be combined: --raw shows one layer, --explain all of them");
        }
        Format format = output == null ? null : Formats.named(output);
        Scope scope = layer.scope(tenant.tenant());
        Names.path(path);
        try (Repository repo = store.open()) {
            Long rev = at == null ? null : repo.revisionOf(scope.tenant(), at);
            if (raw) {
                EntryKey key = EntryKey.of(scope.tenant(), path, scope.layer());
                Optional<EntryVersion> v = rev == null ? repo.raw(key) : repo.raw(key, rev);
                if (v.isEmpty() || v.get().isDeleted()) {
                    throw new NotFoundException(path + " has no value in layer " + scope + suffix());
                }
                Out.print(spec, ValueView.render(v.get().value(), format));
            } else if (explain) {
                Explanation e = rev == null ? repo.explain(scope, path) : repo.explain(scope, path, rev);
                if (e.value() == null && e.layers().isEmpty()) {
                    throw new NotFoundException(path + " is not set in " + scope + suffix());
                }
                Out.print(spec, format == Format.JSON ? ExplainView.json(e) : ExplainView.text(e, format));
            } else {
                Optional<Resolved> r = rev == null ? repo.get(scope, path) : repo.get(scope, path, rev);
                Out.print(spec, ValueView.render(r.orElseThrow(() -> new NotFoundException(path + " is not set in " + scope + suffix())).value(), format));
            }
            return 0;
        }
    }

    private String suffix() {
        return at == null ? "" : " at " + at;
    }
}
