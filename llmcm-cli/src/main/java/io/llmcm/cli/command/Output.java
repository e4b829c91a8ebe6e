package io.llmcm.cli.command;

import io.llmcm.cli.CliException;

/** {@code --output text|json} of the prompt and template commands. */
final class Output {
    private Output() {}

    /** True for json, false for text (or none). */
    static boolean json(String output) {
        if (output == null || output.equals("text")) {
            return false;
        }
        if (output.equals("json")) {
            return true;
        }
        throw new CliException(CliException.USAGE, "--output takes text or json");
    }
}
