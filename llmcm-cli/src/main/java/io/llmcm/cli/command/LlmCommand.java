package io.llmcm.cli.command;

import picocli.CommandLine.Command;

/** {@code llmcm llm}: setting a tenant up for LLM configuration. */
@Command(
        name = "llm",
        mixinStandardHelpOptions = true,
        description = "Set a tenant up for LLM configuration: the provider schemas and the model catalog.",
        subcommands = {LlmInitCommand.class},
        footerHeading = "%nExample:%n",
        footer = "  llmcm llm init --tenant acme")
public final class LlmCommand {}
