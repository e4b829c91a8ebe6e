package io.llmcm.cli.command;

import io.llmcm.core.model.TenantState;
import picocli.CommandLine.Command;

/** {@code llmcm tenant activate NAME}. */
@Command(
        name = "activate",
        mixinStandardHelpOptions = true,
        description = "Make a suspended or archived tenant active again: readable and writable.",
        footerHeading = "%nExample:%n",
        footer = "  llmcm tenant activate acme")
public final class TenantActivateCommand extends TenantStateChange {
    @Override
    TenantState target() {
        return TenantState.ACTIVE;
    }

    @Override
    String done() {
        return "activated";
    }
}
