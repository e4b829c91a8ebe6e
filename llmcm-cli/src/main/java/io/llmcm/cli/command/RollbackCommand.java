package io.llmcm.cli.command;

import io.llmcm.cli.StoreOptions;
import io.llmcm.cli.TenantOptions;
import io.llmcm.cli.WriteOptions;
import io.llmcm.cli.remote.Answers;
import io.llmcm.cli.remote.Remote;
import io.llmcm.core.model.Names;
import io.llmcm.core.repo.CommitResult;
import io.llmcm.core.repo.Repository;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;

/** {@code llmcm rollback PREFIX --to REV}: restores entries as a new commit; history is kept. */
@Command(
        name = "rollback",
        mixinStandardHelpOptions = true,
        description = {
            "Set the tenant's entries (every layer) under PREFIX back to what they were at a revision or tag, as one new commit.",
            "Entries created since are deleted. Nothing is erased from history."
        },
        footerHeading = "%nExamples:%n",
        footer = {"  llmcm rollback models/openai --to stable --tenant acme -m 'back to stable'", "  llmcm rollback --all --to 42 --tenant acme"})
public final class RollbackCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    StoreOptions store;

    @Mixin
    TenantOptions tenant;

    @Mixin
    WriteOptions write;

    @Parameters(index = "0", arity = "0..1", paramLabel = "PREFIX", description = "a key or namespace")
    String prefix;

    @Option(names = "--all", description = "roll back the whole tenant")
    boolean all;

    @Option(names = "--to", required = true, paramLabel = "REV|TAG", description = "the revision or tag to go back to")
    String to;

    @Override
    public Integer call() {
        if (prefix == null && !all) {
            // a missing prefix must not silently mean "everything"
            throw new ParameterException(spec.commandLine(), "rollback needs a PREFIX (a key or namespace), or --all for the whole tenant");
        }
        if (prefix != null && all) {
            throw new ParameterException(spec.commandLine(), "give either a PREFIX or --all, not both");
        }
        String t = tenant.tenant();
        String p = all ? "" : Names.prefix(prefix);
        String what = p.isEmpty() ? "tenant " + t : p + " in tenant " + t;
        Remote remote = store.remote();
        if (remote != null) {
            write.remote();
            long target = Remotes.revisionOf(remote, t, to, p);
            JsonNode r = Remotes.rollback(remote, t, p, target, write);
            print(what, target, r.path("changed").asBoolean(true), Answers.revision(r));
            return 0;
        }
        try (Repository repo = store.open()) {
            long target = repo.revisionOf(t, to);
            CommitResult r = repo.rollback(t, p, target, write.author(), write.message());
            print(what, target, r.changed(), r.revision());
            return 0;
        }
    }

    private void print(String what, long target, boolean changed, long revision) {
        Out.line(spec, changed
                ? "rolled back " + what + " to revision " + target + " at revision " + revision
                : "nothing to roll back: " + what + " already matches revision " + target);
    }
}
