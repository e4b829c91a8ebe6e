package io.llmcm.cli.command;

import picocli.CommandLine.Command;

/** {@code llmcm schema}: JSON Schemas and CEL rules that values under a path pattern must pass. */
@Command(
        name = "schema",
        mixinStandardHelpOptions = true,
        description = "Attach JSON Schemas and CEL rules to path patterns of a tenant (and the tenants below it). Writes that break them are refused.",
        subcommands = {SchemaSetCommand.class, SchemaGetCommand.class, SchemaListCommand.class, SchemaDeleteCommand.class, SchemaBuiltinCommand.class},
        footerHeading = "%nExample:%n",
        footer = "  llmcm schema set openai-model openai.schema.json --pattern 'models/openai/**'")
public final class SchemaCommand {}
