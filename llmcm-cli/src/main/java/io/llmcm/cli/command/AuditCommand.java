package io.llmcm.cli.command;

import picocli.CommandLine.Command;

/** {@code llmcm audit}: what was done with secrets and keys. */
@Command(
        name = "audit",
        mixinStandardHelpOptions = true,
        description = "The audit log: every reveal of a secret (allowed, denied, failed or expired), every credential issued or revoked, key changes, tenant deletions and exports. It never holds a secret value.",
        subcommands = {AuditListCommand.class, AuditVerifyCommand.class, AuditExportCommand.class},
        footerHeading = "%nExamples:%n",
        footer = {"  llmcm audit list --after 120 --limit 50", "  llmcm audit verify"})
public final class AuditCommand {}
