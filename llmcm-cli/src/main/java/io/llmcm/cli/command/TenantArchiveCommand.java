package io.llmcm.cli.command;

import io.llmcm.core.model.TenantState;
import picocli.CommandLine.Command;

/** {@code llmcm tenant archive NAME}. */
@Command(
        name = "archive",
        mixinStandardHelpOptions = true,
        description = "Archive a tenant: it stays readable, but its entries, tags and schemas can no longer change (exit code 4) until 'tenant activate'. The root tenant 'global' cannot be archived.",
        footerHeading = "%nExample:%n",
        footer = "  llmcm tenant archive acme -m 'project ended'")
public final class TenantArchiveCommand extends TenantStateChange {
    @Override
    TenantState target() {
        return TenantState.ARCHIVED;
    }

    @Override
    String done() {
        return "archived";
    }
}
