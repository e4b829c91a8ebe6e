package io.llmcm.cli.command;

import picocli.CommandLine.Command;

/** {@code llmcm schema builtin}: the schemas shipped with the product. */
@Command(
        name = "builtin",
        mixinStandardHelpOptions = true,
        description = "The schemas shipped with llmcm: provider schemas for model deployments (openai, anthropic, gemini, vertex,"
                + " bedrock, azure-openai, openai-compatible) and llm-catalog for the model catalog overrides.",
        subcommands = {SchemaBuiltinListCommand.class, SchemaBuiltinApplyCommand.class},
        footerHeading = "%nExamples:%n",
        footer = {"  llmcm schema builtin list", "  llmcm schema builtin apply openai --tenant acme"})
public final class SchemaBuiltinCommand {}
