package io.llmcm.cli.command;

import io.llmcm.cli.StoreOptions;
import io.llmcm.cli.TenantOptions;
import io.llmcm.cli.WriteOptions;
import io.llmcm.core.model.Mutation;
import io.llmcm.core.repo.CommitResult;
import io.llmcm.core.repo.Repository;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code llmcm tag delete NAME}: removes a tag (the revision it named stays). */
@Command(
        name = "delete",
        mixinStandardHelpOptions = true,
        description = "Delete a tag of the tenant. The revision stays, but may be pruned once no tag names it.",
        footerHeading = "%nExample:%n",
        footer = "  llmcm tag delete stable --tenant acme")
public final class TagDeleteCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    StoreOptions store;

    @Mixin
    TenantOptions tenant;

    @Mixin
    WriteOptions write;

    @Parameters(index = "0", paramLabel = "NAME", description = "tag name")
    String name;

    @Override
    public Integer call() {
        String t = tenant.tenant();
        try (Repository repo = store.open()) {
            CommitResult r = repo.commit(write.request().add(new Mutation.DeleteTag(t, name)).build());
            Out.line(spec, "deleted tag " + name + " in tenant " + t + " (revision " + r.revision() + ")");
            return 0;
        }
    }
}
