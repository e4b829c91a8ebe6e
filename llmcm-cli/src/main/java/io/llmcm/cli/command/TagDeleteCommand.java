package io.llmcm.cli.command;

import io.llmcm.cli.StoreOptions;
import io.llmcm.cli.TenantOptions;
import io.llmcm.cli.WriteOptions;
import io.llmcm.cli.remote.Remote;
import io.llmcm.core.model.Mutation;
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
        long revision = SingleChange.commit(store, write, Remote.delete(Remote.tenantPath(t, "tags", name)), new Mutation.DeleteTag(t, name));
        Out.line(spec, "deleted tag " + name + " in tenant " + t + " (revision " + revision + ")");
        return 0;
    }
}
