package io.llmcm.cli.command;

import picocli.CommandLine.Command;

/** {@code llmcm key}: the master key, the tenants' data keys, and key pairs for exports. */
@Command(
        name = "key",
        mixinStandardHelpOptions = true,
        description = {
            "Keys: the store's master key (a file, an environment variable or a passphrase) wraps each tenant's data keys, which seal its secrets.",
            "Also key pairs for encrypted exports, and this store's export-signing public key."
        },
        subcommands = {
            KeyStatusCommand.class,
            KeyRotateCommand.class,
            KeyInitCommand.class,
            KeyPairCommand.class,
            KeyNewCommand.class,
            KeyPublicCommand.class
        },
        footerHeading = "%nExamples:%n",
        footer = {"  llmcm key status --tenant acme", "  llmcm key rotate --tenant acme"})
public final class KeyCommand {}
