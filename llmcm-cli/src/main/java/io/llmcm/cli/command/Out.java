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

    /** Writes a whole file; a failure is one line naming the file. */
    static void writeFile(java.nio.file.Path file, byte[] bytes) {
        try {
            java.nio.file.Files.write(file, bytes);
        } catch (java.io.IOException e) {
            throw new io.llmcm.cli.CliException(io.llmcm.cli.CliException.ERROR,
                    "cannot write " + file + " (" + e.getClass().getSimpleName() + ")");
        }
    }
}
