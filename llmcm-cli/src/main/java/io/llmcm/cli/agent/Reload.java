package io.llmcm.cli.agent;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the agent does after files changed: runs a command with {@code /bin/sh -c} (its output to
 * the agent's log, killed with what it started after a timeout), and/or sends a signal to the
 * process whose id is in a pid file. Failures are logged; the agent goes on.
 *
 * @param command the shell command, or null
 * @param timeout how long the command may run
 * @param signal a signal name without SIG (HUP, USR1…), or null
 * @param pidFile the file holding the process id to signal (with {@code signal})
 */
public record Reload(String command, Duration timeout, String signal, Path pidFile) {
    private static final Logger LOG = LoggerFactory.getLogger(Reload.class);

    /** The signals {@code --signal} accepts. */
    public static final List<String> SIGNALS = List.of("HUP", "INT", "QUIT", "TERM", "USR1", "USR2", "WINCH", "CONT", "KILL");

    /** {@code HUP}, {@code SIGHUP} or {@code hup} as {@code HUP}; null when it is not one of {@link #SIGNALS}. */
    public static String signalName(String given) {
        String s = given.strip().toUpperCase(Locale.ROOT);
        if (s.startsWith("SIG")) {
            s = s.substring(3);
        }
        return SIGNALS.contains(s) ? s : null;
    }

    /** Runs the command and sends the signal, if any; after files changed at {@code revision}. */
    void run(long revision) {
        if (command != null) {
            exec(revision);
        }
        if (signal != null) {
            signal(revision);
        }
    }

    private void exec(long revision) {
        long start = System.nanoTime();
        Process p;
        try {
            p = new ProcessBuilder("/bin/sh", "-c", command).redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile())).start();
        } catch (IOException e) {
            LOG.error("--exec could not start: {}", e.toString());
            return;
        }
        Thread out = Thread.ofVirtual().name("llmcm-agent-exec").start(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                    LOG.info("--exec: {}", line);
                }
            } catch (IOException e) {
                // the command ended
            }
        });
        try {
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                p.waitFor(5, TimeUnit.SECONDS);
                LOG.error("--exec did not finish within {} ms after revision {}; killed", timeout.toMillis(), revision);
                return;
            }
            out.join(Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            return;
        }
        long ms = (System.nanoTime() - start) / 1_000_000;
        if (p.exitValue() == 0) {
            LOG.info("--exec ran after revision {} in {} ms", revision, ms);
        } else {
            LOG.error("--exec exited with {} after revision {} ({} ms)", p.exitValue(), revision, ms);
        }
    }

    private void signal(long revision) {
        long pid;
        try {
            pid = Long.parseLong(Files.readString(pidFile, StandardCharsets.US_ASCII).strip());
        } catch (IOException | NumberFormatException e) {
            LOG.error("no SIG{} sent after revision {}: {} does not hold a process id ({})", signal, revision, pidFile, e.getClass().getSimpleName());
            return;
        }
        try {
            // the shell's kill: the JDK sends only TERM and KILL
            Process p = new ProcessBuilder("/bin/sh", "-c", "kill -s \"$0\" \"$1\"", signal, Long.toString(pid)).redirectErrorStream(true).start();
            String said = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (p.waitFor() == 0) {
                LOG.info("sent SIG{} to process {} after revision {}", signal, pid, revision);
            } else {
                LOG.error("SIG{} to process {} (from {}) failed: {}", signal, pid, pidFile, said);
            }
        } catch (IOException e) {
            LOG.error("SIG{} to process {} failed: {}", signal, pid, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
