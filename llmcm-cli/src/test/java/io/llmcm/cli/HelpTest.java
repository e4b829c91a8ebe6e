package io.llmcm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/** Every command, down to the leaves, answers --help with an example; runs in process (no JVM per command). */
class HelpTest {

    static Stream<List<String>> commands() {
        List<List<String>> out = new ArrayList<>();
        collect(Main.commandLine(new Context(Map.of(), InputStream.nullInputStream())), new ArrayList<>(), out);
        return out.stream();
    }

    private static void collect(CommandLine cmd, List<String> path, List<List<String>> out) {
        out.add(List.copyOf(path));
        cmd.getSubcommands().forEach((name, sub) -> {
            List<String> p = new ArrayList<>(path);
            p.add(name);
            collect(sub, p, out);
        });
    }

    @ParameterizedTest(name = "llmcm {0} --help")
    @MethodSource("commands")
    void helpPrintsAnExampleAndExitsZero(List<String> command) {
        List<String> args = new ArrayList<>(command);
        args.add("--help");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(args.toArray(String[]::new), Map.of(), InputStream.nullInputStream(), out, err);

        String help = out.toString(StandardCharsets.UTF_8);
        assertThat(code).isZero();
        assertThat(err.size()).isZero();
        assertThat(help).startsWith("Usage: llmcm").containsPattern("Examples?:\n  llmcm ");
    }

    @ParameterizedTest(name = "llmcm {0}: footer fits 80 columns")
    @MethodSource("commands")
    void examplesAreNotWrapped(List<String> command) {
        CommandLine cmd = Main.commandLine(new Context(Map.of(), InputStream.nullInputStream()));
        for (String name : command) {
            cmd = cmd.getSubcommands().get(name);
        }
        // picocli wraps long footer lines mid-command, which makes an example impossible to copy
        assertThat(cmd.getCommandSpec().usageMessage().footer()).allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(80));
    }
}
