package io.llmcm.cli.command;

import io.llmcm.cli.CliException;

/** The {@code --output} of listing commands, which print either a text table or JSON. */
final class OutputChoice {
    private OutputChoice() {}

    /** True for json, false for text; a usage error otherwise. */
    static boolean jsonOrText(String output) {
        return switch (output.toLowerCase(java.util.Locale.ROOT)) {
            case "json" -> true;
            case "text" -> false;
            default -> throw new CliException(CliException.USAGE, "unknown output '" + output + "'; expected text or json");
        };
    }
}
