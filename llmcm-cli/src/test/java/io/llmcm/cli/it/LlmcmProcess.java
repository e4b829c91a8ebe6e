package io.llmcm.cli.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmcm.cli.Llmcm;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A long-running {@code llmcm} process (serve, agent, watch) started from the jar with only the
 * given {@code LLMCM_} variables; its output (stdout and stderr together) collected; started once
 * it printed a line matching {@code started} (group 1 is kept); destroyed with anything it started
 * on close.
 */
final class LlmcmProcess implements AutoCloseable {
    private final String name;
    private final Process process;
    private final String matched;
    private final List<String> output = new ArrayList<>();

    LlmcmProcess(List<String> args, Map<String, String> env, Pattern started) {
        this.name = "llmcm " + args.getFirst();
        List<String> cmd = new ArrayList<>(Llmcm.javaCommand());
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().keySet().removeIf(k -> k.startsWith("LLMCM_"));
        pb.environment().putAll(env);
        try {
            process = pb.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        CompletableFuture<String> found = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                    synchronized (output) {
                        output.add(line);
                        output.notifyAll();
                    }
                    Matcher m = started.matcher(line);
                    if (m.find()) {
                        found.complete(m.groupCount() > 0 ? m.group(1) : m.group());
                    }
                }
            } catch (IOException ignored) {
                // the process ended
            }
            found.complete(null);
        });
        try {
            matched = found.get(120, TimeUnit.SECONDS);
        } catch (InterruptedException | ExecutionException | TimeoutException e) {
            close();
            throw new AssertionError(name + " did not start: " + output(), e);
        }
        if (matched == null) {
            close();
            throw new AssertionError(name + " ended without starting: " + output());
        }
    }

    /** Group 1 of the line that said the process started. */
    String matched() {
        return matched;
    }

    Process process() {
        return process;
    }

    String output() {
        synchronized (output) {
            return String.join("\n", output);
        }
    }

    /** Waits until a line of output contains {@code text}. */
    boolean awaitOutput(String text, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (output) {
            while (output.stream().noneMatch(l -> l.contains(text))) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                output.wait(Math.max(1, left / 1_000_000));
            }
            return true;
        }
    }

    /** Stops the process (SIGTERM, then SIGKILL after 30 s) and checks that nothing it started is left. */
    @Override
    public void close() {
        List<ProcessHandle> children = process.descendants().toList();
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(30, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        children.forEach(ProcessHandle::destroyForcibly);
        assertThat(process.isAlive()).as(name + " still running").isFalse();
        assertThat(children).as("processes started by " + name).noneMatch(ProcessHandle::isAlive);
    }
}
