package io.llmcm.cli.command;

import picocli.CommandLine.Command;

/** {@code llmcm tag}: names for revisions of a tenant. */
@Command(
        name = "tag",
        mixinStandardHelpOptions = true,
        description = "Name revisions of a tenant (e.g. stable → 42) to read, diff and roll back to them by name.",
        subcommands = {TagCreateCommand.class, TagListCommand.class, TagDeleteCommand.class},
        footerHeading = "%nExample:%n",
        footer = "  llmcm tag create stable --tenant acme && llmcm tag list --tenant acme")
public final class TagCommand {}
