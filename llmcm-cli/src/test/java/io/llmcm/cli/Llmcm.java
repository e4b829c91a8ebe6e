package io.llmcm.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs llmcm command lines on one store, either as a separate process on the shaded {@code
 * llmcm.jar} (what a user runs; about a second per command) or in this JVM through {@link
 * Main#run} (the same code below the process boundary; milliseconds). Every run checks that stderr
 * holds no stack trace, whatever the exit code.
 */
public final class Llmcm {
    static final long TIMEOUT_SECONDS = 60;

    private final Path store;
    private final boolean process;
    private final Map<String, String> env = new HashMap<>();

    private Llmcm(Path store, boolean process) {
        this.store = store;
        this.process = process;
        env.put("LLMCM_STORE", store.toString());
        env.put("LLMCM_AUTHOR", "tester");
    }

    /** Runs {@code java -jar llmcm.jar}; needs the {@code llmcm.jar} system property (failsafe sets it). */
    public static Llmcm jar(Path store) {
        return new Llmcm(store, true);
    }

    /** Runs {@link Main#run} in this JVM. */
    public static Llmcm inProcess(Path store) {
        return new Llmcm(store, false);
    }

    public Path store() {
        return store;
    }

    /** A runner on the same store with one more environment variable. */
    public Llmcm env(String name, String value) {
        Llmcm copy = new Llmcm(store, process);
        copy.env.clear(); // exactly this runner's variables (one removed by without stays removed)
        copy.env.putAll(env);
        copy.env.put(name, value);
        return copy;
    }

    /** A runner on the same store without an environment variable (e.g. LLMCM_STORE, to work on a server). */
    public Llmcm without(String name) {
        Llmcm copy = new Llmcm(store, process);
        copy.env.clear();
        copy.env.putAll(env);
        copy.env.remove(name);
        return copy;
    }

    /** The Java command line that runs the jar, for tests that start a long-running llmcm (serve). */
    public static List<String> javaCommand() {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        cmd.addAll(List.of("--enable-native-access=ALL-UNNAMED", "-jar", jar()));
        return cmd;
    }

    /** What a run left behind. */
    public record Result(int code, String out, String err) {
        public Result ok() {
            assertThat(code).as("exit code; stderr: %s", err).isZero();
            return this;
        }

        /** Asserts the exit code and that stderr holds the CLI's one-line message (stdout nothing). */
        public Result fails(int expected) {
            assertThat(code).as("exit code; stdout: %s; stderr: %s", out, err).isEqualTo(expected);
            assertThat(err).as("stderr").startsWith("llmcm: ");
            assertThat(out).as("stdout of a failed command").isEmpty();
            return this;
        }
    }

    public Result run(String... args) {
        return runWithInput("", args);
    }

    public Result runWithInput(String stdin, String... args) {
        Result r = process ? runProcess(stdin, args) : runHere(stdin, args);
        assertThat(r.err()).as("stderr of llmcm %s", String.join(" ", args)).doesNotContain("Exception").doesNotContain("\tat ");
        return r;
    }

    private Result runHere(String stdin, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        InputStream in = new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8));
        int code = Main.run(args, env, in, out, err);
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /**
     * Runs the jar and kills it (SIGKILL) as soon as it has printed its first line: commands print
     * their result before they close the store, so this leaves the store as a crash would, with
     * the WAL not yet checkpointed into the database file. Returns that line.
     */
    public String killAfterFirstLine(String stdin, String... args) {
        assertThat(process).as("only a process can be killed").isTrue();
        try {
            Process p = processBuilder(args).start();
            try (OutputStream in = p.getOutputStream()) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            InputStream out = p.getInputStream();
            for (int b = out.read(); b >= 0 && b != '\n'; b = out.read()) {
                line.write(b);
            }
            p.destroyForcibly();
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                fail("llmcm %s did not die", String.join(" ", args));
            }
            return line.toString(StandardCharsets.UTF_8);
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }

    private ProcessBuilder processBuilder(String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        // C1 only, the serial collector and a class-data archive (written by the first run, as the
        // llmcm script does): a short-lived CLI starts faster with them
        String jar = jar();
        String archive = Path.of(jar).resolveSibling("llmcm-it.jsa").toString();
        cmd.addAll(List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-XX:SharedArchiveFile=" + archive, "-XX:+AutoCreateSharedArchive",
                "-Xlog:cds=off", "-Xlog:cds+dynamic=off", "--enable-native-access=ALL-UNNAMED", "-jar", jar));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().keySet().removeIf(k -> k.startsWith("LLMCM_"));
        pb.environment().putAll(env);
        return pb;
    }

    private Result runProcess(String stdin, String... args) {
        try {
            Process p = processBuilder(args).start();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            Thread o = pump(p.getInputStream(), out);
            Thread e = pump(p.getErrorStream(), err);
            try (OutputStream in = p.getOutputStream()) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                fail("llmcm %s did not finish within %d s", String.join(" ", args), TIMEOUT_SECONDS);
            }
            o.join();
            e.join();
            return new Result(p.exitValue(), out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }

    private static Thread pump(InputStream from, ByteArrayOutputStream to) {
        return Thread.ofVirtual().start(() -> {
            try (from) {
                from.transferTo(to);
            } catch (IOException ignored) {
                // the process ended; what was read is what it wrote
            }
        });
    }

    private static String jar() {
        String jar = System.getProperty("llmcm.jar");
        assertThat(jar).as("system property llmcm.jar (set by failsafe)").isNotNull();
        assertThat(Path.of(jar)).exists();
        return jar;
    }
}
