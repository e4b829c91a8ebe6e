package io.llmcm.cli.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

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
 * Runs the shaded {@code llmcm.jar} as a separate process, the way a user does, on one store.
 * Every run checks that stderr holds no stack trace, whatever the exit code.
 */
final class Llmcm {
    static final long TIMEOUT_SECONDS = 60;

    private final Path store;
    private final Map<String, String> env = new HashMap<>();

    Llmcm(Path store) {
        this.store = store;
        env.put("LLMCM_STORE", store.toString());
        env.put("LLMCM_AUTHOR", "tester");
    }

    Path store() {
        return store;
    }

    /** A runner on the same store with one more environment variable. */
    Llmcm env(String name, String value) {
        Llmcm copy = new Llmcm(store);
        copy.env.putAll(env);
        copy.env.put(name, value);
        return copy;
    }

    /** What a run left behind. */
    record Result(int code, String out, String err) {
        Result ok() {
            assertThat(code).as("exit code; stderr: %s", err).isZero();
            return this;
        }

        Result fails(int expected) {
            assertThat(code).as("exit code; stdout: %s; stderr: %s", out, err).isEqualTo(expected);
            assertThat(err).as("stderr").startsWith("llmcm: ");
            return this;
        }
    }

    Result run(String... args) {
        return runWithInput("", args);
    }

    Result runWithInput(String stdin, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        // C1 only and the serial collector: a short-lived CLI starts faster with them
        cmd.addAll(List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "--enable-native-access=ALL-UNNAMED", "-jar", jar()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().keySet().removeIf(k -> k.startsWith("LLMCM_"));
        pb.environment().putAll(env);
        try {
            Process p = pb.start();
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
            Result r = new Result(p.exitValue(), out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
            assertThat(r.err()).as("stderr of llmcm %s", String.join(" ", args)).doesNotContain("Exception").doesNotContain("\tat ");
            return r;
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
