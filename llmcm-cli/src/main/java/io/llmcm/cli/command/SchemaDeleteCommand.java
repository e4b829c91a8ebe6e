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

/** {@code llmcm schema delete NAME}: detaches a binding; values are no longer checked by it. */
@Command(
        name = "delete",
        mixinStandardHelpOptions = true,
        description = "Delete a schema binding of the tenant.",
        footerHeading = "%nExample:%n",
        footer = "  llmcm schema delete openai-model")
public final class SchemaDeleteCommand implements Callable<Integer> {
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

    @Override
    public Integer call() {
        String t = tenant.tenant();
        long revision = SingleChange.commit(store, write, Remote.delete(Remote.tenantPath(t, "schemas", name)), new Mutation.DeleteSchema(t, name));
        Out.line(spec, "deleted schema " + name + " in tenant " + t + " (revision " + revision + ")");
        return 0;
    }
}
