package io.llmcm.cli.command;

import picocli.CommandLine.Command;

/** {@code llmcm secret}: values stored encrypted, shown masked, revealed on request. */
@Command(
        name = "secret",
        mixinStandardHelpOptions = true,
        description = {
            "Secrets: values sealed with the tenant's data key (AES-256-GCM) before they are stored, shown masked everywhere, revealed only on request (every reveal is audited).",
            "They have versions, history, tags and rollback like configuration, and configuration can refer to them as $${secret:PATH}."
        },
        subcommands = {
            SecretSetCommand.class,
            SecretGetCommand.class,
            SecretListCommand.class,
            SecretHistoryCommand.class,
            SecretRollbackCommand.class,
            SecretDeleteCommand.class,
            SecretLeasesCommand.class,
            SecretRevokeCommand.class,
            SecretCheckCommand.class,
            SecretJwksCommand.class
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  llmcm secret set providers/openai/api-key - -t acme -e prod < key.txt",
            "  llmcm secret get providers/openai/api-key -t acme -e prod --reveal"
        })
public final class SecretCommand {}
