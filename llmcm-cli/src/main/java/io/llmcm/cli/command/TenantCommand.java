package io.llmcm.cli.command;

import picocli.CommandLine.Command;

/** {@code llmcm tenant}: the tenant hierarchy. */
@Command(
        name = "tenant",
        mixinStandardHelpOptions = true,
        description = "Create, list and delete tenants. A tenant inherits the configuration of its ancestors up to 'global', never a sibling's.",
        subcommands = {TenantCreateCommand.class, TenantListCommand.class, TenantDeleteCommand.class},
        footerHeading = "%nExamples:%n",
        footer = {"  llmcm tenant create acme", "  llmcm tenant create acme-eu --parent acme", "  llmcm tenant list"})
public final class TenantCommand {}
