package io.llmcm.cli.agent;

import io.llmcm.client.AtomicFile;
import io.llmcm.client.ConfigView;
import io.llmcm.client.Snapshot;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Semaphore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Renders every template after each change of the view, writes each file whose content changed
 * atomically ({@link AtomicFile}: a temporary file in the same directory, forced to disk, renamed
 * over the old one), then runs the reload once for the batch. A template that fails leaves its last good file as it
 * was. Changes that arrive while a batch renders are folded into the next batch.
 */
public final class Renderer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Renderer.class);

    /** A template file and where it renders to. */
    public record Target(Path source, Path dest) {}

    private final List<Target> targets;
    private final ConfigView view;
    private final boolean revealed;
    private final Reload reload;
    private final Semaphore pending = new Semaphore(0);
    private volatile boolean closed;
    private Thread thread;

    public Renderer(List<Target> targets, ConfigView view, boolean revealed, Reload reload) {
        this.targets = List.copyOf(targets);
        this.view = view;
        this.revealed = revealed;
        this.reload = reload;
    }

    /** Renders once now (in the calling thread), then after every change on a thread of its own. */
    public void start() {
        if (targets.isEmpty()) {
            return;
        }
        renderAll();
        view.addListener(e -> pending.release());
        thread = Thread.ofVirtual().name("llmcm-agent-render").start(this::run);
    }

    private void run() {
        while (!closed) {
            try {
                pending.acquire();
                pending.drainPermits();
            } catch (InterruptedException e) {
                return;
            }
            if (!closed) {
                renderAll();
            }
        }
    }

    /** Renders every template from the current snapshot; returns how many files were written. */
    int renderAll() {
        Snapshot s = view.snapshot();
        int written = 0;
        for (Target t : targets) {
            try {
                Template.Rendered r = Template.parse(Files.readString(t.source(), StandardCharsets.UTF_8)).render(s, revealed);
                if (write(t.dest(), r.text().getBytes(StandardCharsets.UTF_8), r.holdsSecret())) {
                    written++;
                    LOG.info("rendered {} from {} at revision {}", t.dest(), t.source(), s.revision());
                }
            } catch (Template.TemplateException e) {
                LOG.error("template {} not rendered at revision {}: {}; {} keeps its last good content", t.source(), s.revision(), e.getMessage(), t.dest());
            } catch (IOException e) {
                LOG.error("template {} not rendered to {} at revision {}: {}", t.source(), t.dest(), s.revision(), e.toString());
            }
        }
        if (written > 0) {
            reload.run(s.revision());
        }
        return written;
    }

    /**
     * Writes {@code bytes} to {@code dest} unless it holds them already, through {@link AtomicFile}.
     * A new file is owner-only when it holds a secret, else 0644; an existing file keeps its
     * permissions.
     *
     * @return whether the file was written
     */
    static boolean write(Path dest, byte[] bytes, boolean secret) throws IOException {
        if (Files.isRegularFile(dest) && Arrays.equals(Files.readAllBytes(dest), bytes)) {
            return false;
        }
        AtomicFile.write(dest, bytes, AtomicFile.Mode.keepExistingElse(secret ? "rw-------" : "rw-r--r--"));
        return true;
    }

    @Override
    public void close() {
        closed = true;
        if (thread != null) {
            thread.interrupt();
        }
    }
}
