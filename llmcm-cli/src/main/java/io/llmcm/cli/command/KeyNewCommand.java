package io.llmcm.cli.command;

import io.llmcm.core.crypto.EnvironmentKeyProvider;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code llmcm key new}: a fresh random master key for {@code LLMCM_MASTER_KEY}. */
@Command(
        name = "new",
        mixinStandardHelpOptions = true,
        description = "Print a new random master key (32 bytes, base64) for LLMCM_MASTER_KEY: for llmcm init --key-provider env, and for rotating such a key. Nothing is stored.",
        footerHeading = "%nExamples:%n",
        footer = {"  llmcm key new", "  export LLMCM_MASTER_KEY=$(llmcm key new) && llmcm init --key-provider env"})
public final class KeyNewCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Out.line(spec, EnvironmentKeyProvider.newKey());
        return 0;
    }
}
