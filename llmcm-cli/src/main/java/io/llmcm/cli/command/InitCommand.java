package io.llmcm.cli.command;

import io.llmcm.cli.Context;
import io.llmcm.cli.KeyProviders;
import io.llmcm.cli.StoreOptions;
import io.llmcm.cli.WriteOptions;
import io.llmcm.core.repo.CommitResult;
import io.llmcm.core.repo.Repository;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code llmcm init}: creates and initializes a store and its master key; running it again is harmless. */
@Command(
        name = "init",
        mixinStandardHelpOptions = true,
        description = {
            "Create a store with the root tenant 'global' and the environments base, dev, staging, prod and edge, and its master key, which encrypts the tenants' data keys.",
            "--key-provider file (default): a new key file, DIR/master.key unless --master-key FILE, mode 0600. env: the key in $LLMCM_MASTER_KEY (make one with llmcm key new). passphrase: derived from $LLMCM_PASSPHRASE, or asked for on the terminal.",
            "Back the master key up separately from the data."
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  llmcm init --store ./data",
            "  export LLMCM_MASTER_KEY=$(llmcm key new) && llmcm init --key-provider env"
        })
public final class InitCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    StoreOptions store;

    @Option(names = "--author", paramLabel = "NAME", description = "author recorded in history (default: $LLMCM_AUTHOR or the user name)")
    String author;

    @Option(names = "--key-provider", paramLabel = "TYPE", description = "where the master key comes from: file (default), env or passphrase")
    String keyProvider = "file";

    @Override
    public Integer call() {
        store.localOnly("it creates a store here; a server creates its own on its first start");
        String actor = WriteOptions.author(author, Context.of(spec));
        KeyProviders keys = store.keys();
        try (Repository repo = store.create()) {
            if (repo.isInitialized()) {
                Out.line(spec, "store " + store.describe() + " is already initialized (revision " + repo.revision() + ")"
                        + (repo.secrets().hasMasterKey() ? "" : "; it has no master key yet: add one with llmcm key init"));
                return 0;
            }
            // the key first: if it cannot be made, nothing is committed and init can simply run again
            List<String> lines = new ArrayList<>();
            List<String> key = repo.secrets().hasMasterKey() ? List.of() : MasterKeys.create(repo, keys, keyProvider, actor);
            CommitResult r = repo.initialize(actor);
            lines.add("initialized store " + store.describe() + " at revision " + r.revision());
            lines.addAll(key);
            Out.print(spec, String.join("\n", lines) + "\n");
            return 0;
        }
    }
}
