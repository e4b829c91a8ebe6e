package io.llmcm.cli.command;

import io.llmcm.cli.Context;
import io.llmcm.cli.KeyProviders;
import io.llmcm.cli.StoreOptions;
import io.llmcm.cli.WriteOptions;
import io.llmcm.core.repo.Repository;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code llmcm key init}: adds a master key to a store made before secrets existed. */
@Command(
        name = "init",
        mixinStandardHelpOptions = true,
        description = {
            "Create the master key of a store that has none (llmcm init makes one for new stores). A store has one master key; change it with llmcm key rotate --master.",
            "--key-provider file (default): a new key file, DIR/master.key unless --master-key FILE, mode 0600. env: the key in $LLMCM_MASTER_KEY. passphrase: derived from $LLMCM_PASSPHRASE, or asked for on the terminal."
        },
        footerHeading = "%nExamples:%n",
        footer = {"  llmcm key init", "  llmcm key init --master-key /secure/llmcm.key"})
public final class KeyInitCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    StoreOptions store;

    @Option(names = "--key-provider", paramLabel = "TYPE", description = "where the master key comes from: file (default), env or passphrase")
    String keyProvider = "file";

    @Option(names = "--author", paramLabel = "NAME", description = "author recorded in the audit log (default: $LLMCM_AUTHOR or the user name)")
    String author;

    @Override
    public Integer call() {
        store.localOnly("the server has no route for it: a master key is made where the store is");
        KeyProviders keys = store.keys();
        try (Repository repo = store.open()) {
            List<String> lines = MasterKeys.create(repo, keys, keyProvider, WriteOptions.author(author, Context.of(spec)));
            Out.print(spec, String.join("\n", lines) + "\n");
            return 0;
        }
    }
}
