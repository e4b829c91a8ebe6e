package io.llmcm.cli.command;

import picocli.CommandLine.Command;

/** {@code llmcm catalog}: the model catalog validation uses. */
@Command(
        name = "catalog",
        mixinStandardHelpOptions = true,
        description = "Show the model catalog effective in a scope: the catalog shipped with llmcm with the scope's overrides"
                + " from the entry llm/catalog laid over it.",
        subcommands = {CatalogListCommand.class, CatalogShowCommand.class},
        footerHeading = "%nExamples:%n",
        footer = {"  llmcm catalog list --tenant acme --env prod", "  llmcm catalog show gpt-4o"})
public final class CatalogCommand {}
