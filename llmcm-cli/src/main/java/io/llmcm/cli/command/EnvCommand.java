package io.llmcm.cli.command;

import picocli.CommandLine.Command;

/** {@code llmcm env}: the environment hierarchy. */
@Command(
        name = "env",
        mixinStandardHelpOptions = true,
        description = "Create and list environments. An environment reads its parents' layers (edge → prod → base); dev is never part of prod.",
        subcommands = {EnvCreateCommand.class, EnvListCommand.class},
        footerHeading = "%nExample:%n",
        footer = "  llmcm env create canary --parent prod && llmcm env list")
public final class EnvCommand {}
