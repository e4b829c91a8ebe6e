package io.llmcm.cli.command;

import io.llmcm.cli.StoreOptions;
import io.llmcm.cli.remote.Answers;
import io.llmcm.cli.remote.Remote;
import io.llmcm.cli.render.Tree;
import io.llmcm.core.model.Environment;
import io.llmcm.core.repo.Repository;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code llmcm env list}: the environments as an indented tree. */
@Command(
        name = "list",
        mixinStandardHelpOptions = true,
        description = "List the environments as a tree: each indented below its parent, siblings sorted by name.",
        footerHeading = "%nExample:%n",
        footer = "  llmcm env list")
public final class EnvListCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    StoreOptions store;

    @Override
    public Integer call() {
        Map<String, String> parents = new HashMap<>();
        Remote remote = store.remote();
        if (remote != null) {
            parents.putAll(Answers.parents(remote.send(Remote.get("/v1/environments")).json()));
        } else {
            try (Repository repo = store.open()) {
                for (Environment e : repo.environments()) {
                    parents.put(e.name(), e.parent());
                }
            }
        }
        Out.print(spec, Tree.render(parents));
        return 0;
    }
}
