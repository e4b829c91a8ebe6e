package io.llmcm.cli.command;

import io.llmcm.cli.StoreOptions;
import io.llmcm.cli.remote.Answers;
import io.llmcm.cli.remote.Remote;
import io.llmcm.cli.render.Tree;
import io.llmcm.core.repo.Repository;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code llmcm tenant list}: the tenants as an indented tree. */
@Command(
        name = "list",
        mixinStandardHelpOptions = true,
        description = "List the tenants as a tree: each tenant indented below its parent, siblings sorted by name.",
        footerHeading = "%nExample:%n",
        footer = "  llmcm tenant list")
public final class TenantListCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    StoreOptions store;

    @Override
    public Integer call() {
        Remote remote = store.remote();
        if (remote != null) {
            Out.print(spec, Tree.render(Answers.tenants(remote.send(Remote.get("/v1/tenants")).json())));
            return 0;
        }
        try (Repository repo = store.open()) {
            Out.print(spec, Tree.render(Tenants.parents(repo.tenants())));
            return 0;
        }
    }
}
