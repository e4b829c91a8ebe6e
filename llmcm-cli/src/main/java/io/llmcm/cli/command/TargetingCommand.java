package io.llmcm.cli.command;

import picocli.CommandLine.Command;

/** {@code llmcm targeting}: the targeting rules inside a key's layers, and their promotion. */
@Command(
        name = "targeting",
        mixinStandardHelpOptions = true,
        description = {
            "Targeting rules live inside a value, in its \"$$targeting\" list: conditions on the request context (CEL over ctx) and percentage rollouts by a context attribute.",
            "Read with a context: llmcm get PATH --context region=eu --context user_id=42 [--explain]."
        },
        subcommands = {TargetingListCommand.class, TargetingPromoteCommand.class},
        footerHeading = "%nExamples:%n",
        footer = {
            "  llmcm targeting list models/chat --tenant acme --env prod",
            "  llmcm targeting promote models/chat --rule gpt41 -t acme -e prod -m 'ship'"
        })
public final class TargetingCommand {}
