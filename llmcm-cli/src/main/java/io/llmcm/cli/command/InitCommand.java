package io.llmcm.cli.command;

import io.llmcm.cli.Context;
import io.llmcm.cli.StoreOptions;
import io.llmcm.cli.WriteOptions;
import io.llmcm.core.repo.CommitResult;
import io.llmcm.core.repo.Repository;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code llmcm init}: creates and initializes a store; running it again is harmless. */
@Command(
        name = "init",
        mixinStandardHelpOptions = true,
        description = "Create a store with the root tenant 'global' and the environments base, dev, staging, prod and edge.",
        footerHeading = "%nExample:%n",
        footer = "  llmcm init --store ./data")
public final class InitCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    StoreOptions store;

    @Option(names = "--author", paramLabel = "NAME", description = "author recorded in history (default: $LLMCM_AUTHOR or the user name)")
    String author;

    @Override
    public Integer call() {
        try (Repository repo = store.create()) {
            if (repo.isInitialized()) {
                Out.line(spec, "store " + store.dir() + " is already initialized (revision " + repo.revision() + ")");
                return 0;
            }
            CommitResult r = repo.initialize(WriteOptions.author(author, Context.of(spec)));
            Out.line(spec, "initialized store " + store.dir() + " at revision " + r.revision());
            return 0;
        }
    }
}
