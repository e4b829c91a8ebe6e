package io.llmcm.cli.command;

import io.llmcm.cli.StoreOptions;
import io.llmcm.cli.WriteOptions;
import io.llmcm.cli.remote.Remote;
import io.llmcm.core.json.Json;
import io.llmcm.core.ConflictException;
import io.llmcm.core.model.Environment;
import io.llmcm.core.model.Layer;
import io.llmcm.core.model.Mutation;
import io.llmcm.core.repo.Repository;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code llmcm env create NAME}: adds an environment below a parent (fixed for good). */
@Command(
        name = "create",
        mixinStandardHelpOptions = true,
        description = "Create an environment under a parent environment. It is shared by all tenants; the parent cannot be changed later.",
        footerHeading = "%nExample:%n",
        footer = "  llmcm env create canary --parent prod")
public final class EnvCreateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    StoreOptions store;

    @Mixin
    WriteOptions write;

    @Parameters(index = "0", paramLabel = "NAME", description = "environment name (lower-case letters, digits, -)")
    String name;

    @Option(names = "--parent", paramLabel = "ENV", description = "parent environment (default: ${DEFAULT-VALUE})")
    String parent = Layer.BASE_ENV;

    @Override
    public Integer call() {
        if (name.equals(Layer.BASE_ENV)) { // the record refuses a parent for the root before the planner can say why
            throw new ConflictException("environment 'base' already exists (it is the root)");
        }
        Environment env = new Environment(name, parent);
        long revision;
        Remote remote = store.remote();
        if (remote != null) {
            write.remoteWithoutMessage("create environment " + name);
            revision = Remotes.revision(remote.send(Remote.post("/v1/environments")
                    .json(Json.NODES.objectNode().put("name", env.name()).put("parent", env.parent()))));
        } else {
            try (Repository repo = store.open()) {
                revision = repo.commit(write.request().add(new Mutation.PutEnvironment(env)).build()).revision();
            }
        }
        Out.line(spec, "created environment " + name + " (parent " + parent + ") at revision " + revision);
        return 0;
    }
}
