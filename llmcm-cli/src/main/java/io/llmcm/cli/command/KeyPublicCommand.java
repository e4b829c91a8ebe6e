package io.llmcm.cli.command;

import io.llmcm.cli.StoreOptions;
import io.llmcm.cli.render.Text;
import io.llmcm.core.repo.Repository;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code llmcm key public}: the public key that verifies this store's exports. */
@Command(
        name = "public",
        mixinStandardHelpOptions = true,
        description = "Print the public half of this store's Ed25519 export-signing key (PEM). Whoever imports this store's bundles passes it as --signer.",
        footerHeading = "%nExample:%n",
        footer = "  llmcm key public > exporter.pub")
public final class KeyPublicCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    StoreOptions store;

    @Override
    public Integer call() {
        store.localOnly("the server has no route for it; a bundle it exports names its signing key in \"signer\"");
        try (Repository repo = store.open()) {
            Out.print(spec, Text.withNewline(repo.secrets().signingPublicKey()));
            return 0;
        }
    }
}
