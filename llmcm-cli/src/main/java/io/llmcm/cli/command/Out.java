package io.llmcm.cli.command;

import io.llmcm.cli.render.Text;
import picocli.CommandLine.Model.CommandSpec;

/** Writes to the command's standard output; every write ends with a newline. */
final class Out {
    private Out() {}

    static void line(CommandSpec spec, String line) {
        print(spec, Text.withNewline(line));
    }

    /** Text that already ends with a newline (or is empty: nothing to show). */
    static void print(CommandSpec spec, String text) {
        spec.commandLine().getOut().print(text);
        spec.commandLine().getOut().flush();
    }
}
