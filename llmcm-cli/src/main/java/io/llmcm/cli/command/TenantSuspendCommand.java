package io.llmcm.cli.command;

import io.llmcm.core.model.TenantState;
import picocli.CommandLine.Command;

/** {@code llmcm tenant suspend NAME}. */
@Command(
        name = "suspend",
        mixinStandardHelpOptions = true,
        description = {
            "Suspend a tenant: a server refuses its reads and writes to everyone but administrators. Nothing is deleted; 'tenant activate' undoes it.",
            "Local commands on the store are not refused (they are the administrator's)."
        },
        footerHeading = "%nExample:%n",
        footer = "  llmcm tenant suspend acme -m 'invoice overdue'")
public final class TenantSuspendCommand extends TenantStateChange {
    @Override
    TenantState target() {
        return TenantState.SUSPENDED;
    }

    @Override
    String done() {
        return "suspended";
    }
}
