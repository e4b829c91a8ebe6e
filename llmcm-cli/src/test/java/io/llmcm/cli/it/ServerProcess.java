package io.llmcm.cli.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmcm.cli.Llmcm;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code llmcm serve --store DIR --port 0} as a process with {@code LLMCM_BOOTSTRAP_TOKEN}: started,
 * its URL read from the line it prints, and destroyed (with anything it started) on close.
 */
final class ServerProcess implements AutoCloseable {
    private static final Pattern SERVING = Pattern.compile("llmcm serving (http://127\\.0\\.0\\.1:\\d+) ");

    private final Process process;
    private final String url;
    private final List<String> output = new ArrayList<>();

    ServerProcess(Path store, String bootstrapToken) {
        List<String> cmd = new ArrayList<>(Llmcm.javaCommand());
        cmd.addAll(List.of("serve", "--store", store.toString(), "--port", "0"));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().keySet().removeIf(k -> k.startsWith("LLMCM_"));
        pb.environment().put("LLMCM_BOOTSTRAP_TOKEN", bootstrapToken);
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
                    }
                    Matcher m = SERVING.matcher(line);
                    if (m.find()) {
                        found.complete(m.group(1));
                    }
                }
            } catch (IOException ignored) {
                // the process ended
            }
            found.complete(null);
        });
        try {
            url = found.get(120, TimeUnit.SECONDS);
        } catch (InterruptedException | ExecutionException | TimeoutException e) {
            close();
            throw new AssertionError("llmcm serve did not start: " + output(), e);
        }
        if (url == null) {
            close();
            throw new AssertionError("llmcm serve ended without serving: " + output());
        }
    }

    String url() {
        return url;
    }

    int port() {
        return Integer.parseInt(url.substring(url.lastIndexOf(':') + 1));
    }

    String output() {
        synchronized (output) {
            return String.join("\n", output);
        }
    }

    /** Stops the server (SIGTERM, then SIGKILL after 30 s) and checks that nothing it started is left. */
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
        assertThat(process.isAlive()).as("llmcm serve still running").isFalse();
        assertThat(children).as("processes started by llmcm serve").noneMatch(ProcessHandle::isAlive);
    }
}
