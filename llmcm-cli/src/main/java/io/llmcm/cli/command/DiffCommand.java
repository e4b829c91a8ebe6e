package io.llmcm.cli.command;

import io.llmcm.cli.StoreOptions;
import io.llmcm.cli.TenantOptions;
import io.llmcm.cli.remote.Answers;
import io.llmcm.cli.remote.Remote;
import io.llmcm.cli.render.DiffView;
import io.llmcm.core.repo.EntryDiff;
import io.llmcm.core.repo.Repository;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code llmcm diff --from A [--to B] [PREFIX]}: how a tenant's entries changed. */
@Command(
        name = "diff",
        mixinStandardHelpOptions = true,
        description = "Show how the tenant's entries (every layer) under PREFIX changed between two revisions or tags. Prints nothing when nothing changed.",
        footerHeading = "%nExamples:%n",
        footer = {"  llmcm diff --from stable --tenant acme models", "  llmcm diff --from 12 --to 15 --output json"})
public final class DiffCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    StoreOptions store;

    @Mixin
    TenantOptions tenant;

    @Parameters(index = "0", arity = "0..1", paramLabel = "PREFIX", description = "a namespace or key (default: the whole tenant)")
    String prefix = "";

    @Option(names = "--from", required = true, paramLabel = "REV|TAG", description = "the older revision or tag")
    String from;

    @Option(names = "--to", paramLabel = "REV|TAG", description = "the newer revision or tag (default: the current revision)")
    String to;

    @Option(names = "--output", paramLabel = "FORMAT", description = "text (default) or json")
    String output = "text";

    @Override
    public Integer call() {
        boolean json = OutputChoice.jsonOrText(output);
        String t = tenant.tenant();
        Remote remote = store.remote();
        if (remote != null) {
            List<EntryDiff> diffs = Answers.diffs(remote.send(Remote.get(Remote.tenantPath(t, "diff", null))
                    .query("from", from).query("to", to).query("prefix", prefix)).json());
            Out.print(spec, json ? DiffView.json(diffs) : DiffView.text(diffs));
            return 0;
        }
        try (Repository repo = store.open()) {
            long a = repo.revisionOf(t, from);
            long b = to == null ? repo.revision() : repo.revisionOf(t, to);
            List<EntryDiff> diffs = repo.diff(t, prefix, a, b);
            Out.print(spec, json ? DiffView.json(diffs) : DiffView.text(diffs));
            return 0;
        }
    }
}
