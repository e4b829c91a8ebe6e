package io.llmcm.cli.command;

import picocli.CommandLine.Command;

/** {@code llmcm template}: configuration templates (FR-14). */
@Command(
        name = "template",
        mixinStandardHelpOptions = true,
        description = {
            "Configuration templates: versioned documents under templates/NAME (or builtin/NAME, shipped) that produce entries from typed {{variables}}.",
            "A template may extend another, be shared with other tenants (shared_with), and take variables from the target environment, tenant or configuration."
        },
        subcommands = {TemplateListCommand.class, TemplateShowCommand.class, TemplateSetCommand.class, TemplateInstantiateCommand.class, TemplateDocsCommand.class},
        footerHeading = "%nExample:%n",
        footer = "  llmcm template instantiate builtin/chat-service -t acme -e prod --dry-run")
public final class TemplateCommand {}
