package io.llmcm.cli.it;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * {@code llmcm serve --store DIR --port 0} as a process with {@code LLMCM_BOOTSTRAP_TOKEN}: started,
 * its URL read from the line it prints, and destroyed (with anything it started) on close.
 */
final class ServerProcess implements AutoCloseable {
    private static final Pattern SERVING = Pattern.compile("llmcm serving (http://127\\.0\\.0\\.1:\\d+) ");

    private final LlmcmProcess process;

    ServerProcess(Path store, String bootstrapToken) {
        process = new LlmcmProcess(List.of("serve", "--store", store.toString(), "--port", "0"),
                Map.of("LLMCM_BOOTSTRAP_TOKEN", bootstrapToken), SERVING);
    }

    String url() {
        return process.matched();
    }

    int port() {
        String url = url();
        return Integer.parseInt(url.substring(url.lastIndexOf(':') + 1));
    }

    String output() {
        return process.output();
    }

    /** Stops the server (SIGTERM, then SIGKILL after 30 s) and checks that nothing it started is left. */
    @Override
    public void close() {
        process.close();
    }
}
