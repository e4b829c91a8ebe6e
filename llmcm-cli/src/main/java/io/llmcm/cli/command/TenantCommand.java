package io.llmcm.cli.command;

import picocli.CommandLine.Command;

/** {@code llmcm tenant}: the tenant hierarchy, lifecycle and quotas. */
@Command(
        name = "tenant",
        mixinStandardHelpOptions = true,
        description = "Create, list and delete tenants; suspend, archive and activate them; set their quotas. A tenant inherits the configuration of its ancestors up to 'global', never a sibling's.",
        subcommands = {
            TenantCreateCommand.class,
            TenantListCommand.class,
            TenantDeleteCommand.class,
            TenantSuspendCommand.class,
            TenantArchiveCommand.class,
            TenantActivateCommand.class,
            TenantQuotaCommand.class
        },
        footerHeading = "%nExamples:%n",
        footer = {"  llmcm tenant create acme", "  llmcm tenant create acme-eu --parent acme", "  llmcm tenant list",
            "  llmcm tenant archive acme", "  llmcm tenant quota acme --max-keys 10000"})
public final class TenantCommand {}
