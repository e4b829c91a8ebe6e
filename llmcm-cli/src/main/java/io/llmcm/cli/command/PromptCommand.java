package io.llmcm.cli.command;

import picocli.CommandLine.Command;

/** {@code llmcm prompt}: prompt templates stored under prompts/. */
@Command(
        name = "prompt",
        mixinStandardHelpOptions = true,
        description = "Prompt templates: versioned entries (usually prompts/NAME) with typed variables, {{variable}} placeholders and A/B variants.",
        subcommands = {PromptRenderCommand.class},
        footerHeading = "%nExample:%n",
        footer = "  llmcm prompt render prompts/support --var product=Widgets -t acme -e prod")
public final class PromptCommand {}
