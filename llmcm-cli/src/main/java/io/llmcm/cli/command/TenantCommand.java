package io.llmcm.cli.command;

import picocli.CommandLine.Command;

/** {@code llmcm tenant}: the tenant hierarchy, lifecycle and quotas. */
@Command(
        name = "tenant",
        mixinStandardHelpOptions = true,
        description = "Create, list, show and delete tenants; suspend, archive and activate them; set their quotas. A tenant inherits the configuration of its ancestors up to 'global', never a sibling's.",
        subcommands = {
            TenantCreateCommand.class,
            TenantListCommand.class,
            TenantShowCommand.class,
            TenantDeleteCommand.class,
            TenantSuspendCommand.class,
            TenantArchiveCommand.class,
            TenantActivateCommand.class,
            TenantQuotaCommand.class
        },
        footerHeading = "%nExamples:%n",
        footer = {"  llmcm tenant create acme", "  llmcm tenant create acme-eu --parent acme",
            "  llmcm tenant create bank --isolation dedicated", "  llmcm tenant list", "  llmcm tenant show bank",
            "  llmcm tenant archive acme", "  llmcm tenant quota acme --max-keys 10000"})
public final class TenantCommand {}
