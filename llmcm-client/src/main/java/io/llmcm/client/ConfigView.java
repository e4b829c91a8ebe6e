package io.llmcm.client;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import tools.jackson.databind.JsonNode;

/**
 * The effective configuration of one {@link ConfigSpec}, held in memory as an immutable {@link
 * Snapshot} and kept up to date by one background (virtual) thread:
 *
 * <ol>
 *   <li>it follows the watch stream ({@code GET /v1/watch}, server-sent events) from the
 *       snapshot's revision, applying each change event as a new snapshot; a dropped stream is
 *       resumed with {@code Last-Event-ID} = the snapshot's revision, so no change is missed or
 *       applied twice; reconnections back off exponentially with jitter;
 *   <li>when the server has no watch stream (404, 405, 406, 501 or not an event stream), it
 *       re-reads the whole snapshot as a long-poll ({@code waitForRevision}) at least every
 *       {@linkplain LlmcmClient.Builder#pollInterval poll interval} (30 s by default); when
 *       streams from a server that answers keep failing (three in a row), every third try is such
 *       a read (a server that refuses connections or answers 503 is only waited for);
 *   <li>when the server says the revision is too old ({@code compacted}), it re-reads the whole
 *       snapshot and watches from there.
 * </ol>
 *
 * <p>Each new snapshot replaces the old one through one volatile write: a reader sees all of a
 * commit or none of it. Reads ({@link #get}) never block and never go to the network. Listeners
 * are called on the view's thread after each swap that changed a value, in revision order.
 */
public final class ConfigView implements AutoCloseable {
    /** What the background thread is doing. */
    public enum State {
        /** opened; the background thread has not reached the server yet */
        STARTING,
        /** following the watch stream */
        STREAMING,
        /** re-reading the snapshot (the server has no watch stream, or watching is off) */
        POLLING,
        /** waiting to retry after a failure (the server cannot be reached, or refused) */
        RETRYING,
        /** closed */
        CLOSED
    }

    private enum Outcome { ENDED, RESYNC, UNSUPPORTED }

    private static final int POLL_AFTER_FAILURES = 3;

    private final LlmcmClient client;
    private final LlmcmClient.Builder options;
    private final ConfigSpec spec;
    private final Object swapLock = new Object();
    private final List<Consumer<ChangeEvent>> listeners = new CopyOnWriteArrayList<>();
    private final Validator validator;
    /** What readers are served: the newest snapshot the application accepted. */
    private volatile Snapshot current;
    /** The server's state as followed (deltas apply to it, a resume starts from it); {@code current} unless rejected. */
    private volatile Snapshot latest;
    /** The last report, repeated now and then so the server keeps counting this client (view thread). */
    private long reportedRevision = -1;
    private boolean reportedAccepted;
    private String reportedReason = "";
    private long reportedAt;
    private volatile State state = State.STARTING;
    private final Object stateLock = new Object();
    private final List<Consumer<StateEvent>> stateListeners = new CopyOnWriteArrayList<>();
    /** why the view polls instead of streaming (view thread) */
    private String pollReason = "";
    /** set by the watchdog when it drops a silent stream */
    private volatile boolean droppedSilent;
    private volatile boolean closed;
    private volatile InputStream stream;
    private volatile long lastActivity;
    private Thread thread;
    /** streams opened, and events received on the current one (observed by tests) */
    final java.util.concurrent.atomic.AtomicInteger streamsOpened = new java.util.concurrent.atomic.AtomicInteger();
    volatile int eventsOnStream;
    // used by the view's thread only
    private boolean needSnapshot;
    private int failures;
    /**
     * Failures in a row of streams from a server that answered (a stream cut, an error other than
     * 503): what the poll fallback counts. A server that is away or stopping (connection refused,
     * 503) is waited for with the same back-off, but reading a snapshot instead would not reach it
     * either, and would fold the commits made meanwhile into one event.
     */
    private int streamBreaks;
    private Outcome streamOutcome;

    /** How often a view repeats its last report when nothing changes (the server forgets after 15 minutes). */
    static final Duration REPORT_AGAIN = Duration.ofMinutes(5);

    private ConfigView(LlmcmClient client, ViewBuilder.Settings settings) {
        this.client = client;
        this.options = client.options();
        this.spec = settings.spec();
        this.validator = settings.validator();
        this.listeners.addAll(settings.listeners());
        this.stateListeners.addAll(client.options().stateListeners());
        this.stateListeners.addAll(settings.stateListeners());
    }

    static ConfigView open(LlmcmClient client, ViewBuilder.Settings settings) {
        ConfigView v = new ConfigView(client, settings);
        ConfigSpec spec = settings.spec();
        Snapshot first = null;
        try {
            first = settings.fromRevision() == ViewBuilder.Settings.NOW ? client.fetch(spec, 0, -1, null)
                    : firstAt(client, spec, settings.fromRevision());
        } catch (LlmcmClientException e) {
            if (!e.isTransient()) {
                throw e;
            }
            Path dir = client.options().snapshotDir();
            Optional<Snapshot> disk = dir == null ? Optional.empty()
                    : SnapshotFile.read(dir, spec, client.options().secretsKey(), client.options().mapper());
            if (disk.isEmpty()) {
                throw new LlmcmClientException(e.status(), "the snapshot of " + spec + " cannot be read (" + e.getMessage() + ")"
                        + (dir == null ? " and no snapshot directory is set" : " and there is none on disk in " + dir), e);
            }
            LlmcmClient.LOG.log(System.Logger.Level.WARNING, "{0}: the server cannot be reached ({1}); serving the snapshot on disk at revision {2}",
                    spec, e.getMessage(), disk.get().revision());
            v.current = disk.get();
            v.latest = disk.get();
            v.needSnapshot = true;
        }
        if (first != null) {
            v.first(first);
        }
        v.thread = Thread.ofVirtual().name("llmcm-view " + spec).start(v::run);
        return v;
    }

    /**
     * The snapshot at {@code revision}, or the current one when the server no longer keeps that
     * revision. The list answers 404 both for a pruned revision and for one not reached yet: the
     * current revision tells them apart without reading the message.
     */
    private static Snapshot firstAt(LlmcmClient client, ConfigSpec spec, long revision) {
        try {
            return client.fetchAt(spec, revision);
        } catch (LlmcmClientException e) {
            if (e.status() != 404) {
                throw e;
            }
            Snapshot now = client.fetch(spec, 0, -1, null); // an unknown tenant fails here too
            if (now.revision() < revision) {
                throw new LlmcmClientException(404, "revision " + revision + " of " + spec + " is not reached (the server is at "
                        + now.revision() + ")", e);
            }
            LlmcmClient.LOG.log(System.Logger.Level.WARNING, "{0}: revision {1} is no longer kept by the server ({2}); starting from revision {3}",
                    spec, revision, e.getMessage(), now.revision());
            return now;
        }
    }

    // ---- reads

    /** What the view holds. */
    public ConfigSpec spec() {
        return spec;
    }

    /** The current snapshot: hold on to it to read several values of the same revision. */
    public Snapshot snapshot() {
        return current;
    }

    /** The revision of the current snapshot. */
    public long revision() {
        return current.revision();
    }

    /** What the background thread is doing now. */
    public State state() {
        return state;
    }

    /**
     * The value at {@code path} in the current snapshot bound to {@code type}; see {@link
     * Snapshot#get}. Bound once per snapshot entry and type, then a hash lookup.
     *
     * @throws LlmcmClientException when the value does not bind to {@code type}
     */
    public <T> Optional<T> get(String path, Class<T> type) {
        return current.get(path, type);
    }

    /**
     * The value at {@code path} bound to {@code type}.
     *
     * @throws NoSuchElementException when there is none
     */
    public <T> T require(String path, Class<T> type) {
        return current.require(path, type);
    }

    /** The value at {@code path} as a JSON tree (read-only). */
    public Optional<JsonNode> getNode(String path) {
        return current.node(path);
    }

    /** The value at {@code path} with its type and revision. */
    public Optional<ConfigValue> getRaw(String path) {
        return current.value(path);
    }

    /**
     * Waits until the view's snapshot is at {@code revision} or later, e.g. the revision a write
     * answered, so a writer reads its own write. When the snapshot is behind, this asks the server
     * for a fresh snapshot at that revision ({@code minRevision}) right away, in the calling thread;
     * if that fails it waits for the background thread until the timeout.
     *
     * @return whether the snapshot reached {@code revision}
     */
    public boolean awaitRevision(long revision, Duration timeout) throws InterruptedException {
        if (latest.revision() >= revision) {
            return true;
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            refresh(revision);
        } catch (LlmcmClientException e) {
            LlmcmClient.LOG.log(System.Logger.Level.DEBUG, "{0}: read at revision {1} failed: {2}", spec, revision, e.getMessage());
        }
        synchronized (swapLock) {
            while (latest.revision() < revision) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                swapLock.wait(Math.max(1, left / 1_000_000));
            }
        }
        return true;
    }

    // ---- listeners

    /**
     * Calls {@code listener} after every swap that changed a value, on the view's thread (or the
     * thread of {@link #awaitRevision}), in revision order. It should return quickly; an exception
     * it throws is logged and ignored.
     */
    public void addListener(Consumer<ChangeEvent> listener) {
        listeners.add(java.util.Objects.requireNonNull(listener, "listener"));
    }

    /** Stops calling {@code listener}. */
    public void removeListener(Consumer<ChangeEvent> listener) {
        listeners.remove(listener);
    }

    /**
     * Calls {@code listener} at every change of {@link #state()} from now on, in order, on the
     * client's one state-event thread (never the view's: a slow listener holds no view up). An
     * exception it throws is logged and ignored. To see the first states too, give it to {@link
     * ViewBuilder#stateListener} or {@link LlmcmClient.Builder#stateListener}.
     */
    public void addStateListener(Consumer<StateEvent> listener) {
        stateListeners.add(java.util.Objects.requireNonNull(listener, "listener"));
    }

    /** Stops calling {@code listener}. */
    public void removeStateListener(Consumer<StateEvent> listener) {
        stateListeners.remove(listener);
    }

    /**
     * Moves to {@code next} and queues the event for the state listeners; under a lock so events
     * are queued in the order the states were entered. Nothing follows {@link State#CLOSED}.
     */
    private void enter(State next, String reason) {
        synchronized (stateLock) {
            State previous = state;
            if (previous == next || previous == State.CLOSED) {
                return;
            }
            state = next;
            if (!stateListeners.isEmpty()) {
                Snapshot served = current;
                client.deliver(spec, List.copyOf(stateListeners), new StateEvent(spec, previous, next, reason,
                        served == null ? Snapshot.Source.SERVER : served.source(), served == null ? -1 : served.revision()));
            }
        }
    }

    /** Stops the background thread; the last snapshot stays readable. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        enter(State.CLOSED, "closed");
        closeStream();
        Thread t = thread;
        if (t != null) {
            t.interrupt();
            try {
                t.join(Duration.ofSeconds(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        client.forget(this);
    }

    // ---- swapping

    /** Reads a whole snapshot at {@code minRevision} or later and swaps it in. */
    private void refresh(long minRevision) {
        swapFull(client.fetch(spec, minRevision, -1, null));
    }

    /**
     * The first snapshot from the server: served when accepted; when the application rejects it,
     * the accepted one on disk is served instead, if there is one.
     */
    private void first(Snapshot fresh) {
        Optional<String> problem = problem(fresh);
        if (problem.isEmpty()) {
            current = fresh;
            latest = fresh;
            persist(fresh);
            report(fresh.revision(), true, "");
            return;
        }
        report(fresh.revision(), false, problem.get());
        Path dir = options.snapshotDir();
        Optional<Snapshot> disk = dir == null ? Optional.empty() : SnapshotFile.read(dir, spec, options.secretsKey(), options.mapper());
        if (disk.isEmpty()) {
            throw new LlmcmClientException(0, "the application rejected the configuration of " + spec + " at revision "
                    + fresh.revision() + " (" + problem.get() + ") and there is no accepted snapshot on disk to serve instead");
        }
        LlmcmClient.LOG.log(System.Logger.Level.WARNING, "{0}: revision {1} rejected ({2}); serving the snapshot on disk at revision {3}",
                spec, fresh.revision(), problem.get(), disk.get().revision());
        current = disk.get();
        latest = fresh;
    }

    /** Swaps in a whole snapshot read from the server; returns whether a value changed. */
    private boolean swapFull(Snapshot fresh) {
        synchronized (swapLock) {
            Snapshot cur = latest;
            boolean fromDisk = cur.source() == Snapshot.Source.DISK;
            if (!fromDisk && fresh.revision() <= cur.revision()) {
                return false; // not newer than what is held
            }
            Set<String> changed = new HashSet<>();
            Snapshot next = cur.carryInto(fresh, changed);
            offer(next, changed, fromDisk);
            return !changed.isEmpty();
        }
    }

    /** Applies one {@code change} event unless its revision is already held. */
    private void applyChange(JsonNode event) {
        long revision = event.path("revision").asLong(-1);
        if (revision <= latest.revision()) {
            return; // already held (a full read overtook the stream)
        }
        List<ConfigValue> put = new ArrayList<>();
        List<String> deleted = new ArrayList<>();
        Set<String> changed = new HashSet<>();
        for (JsonNode c : event.path("changes")) {
            String path = c.path("path").asString("");
            changed.add(path);
            if (c.path("deleted").asBoolean(false)) {
                deleted.add(path);
            } else {
                put.add(client.reveal(spec, LlmcmClient.item(c), revision));
            }
        }
        synchronized (swapLock) {
            Snapshot cur = latest;
            if (revision <= cur.revision()) {
                return;
            }
            offer(cur.with(revision, put, deleted), changed, false);
        }
    }

    /** Moves the snapshot to a newer revision where nothing under the prefix changed. */
    private void advance(long revision) {
        synchronized (swapLock) {
            Snapshot cur = latest;
            if (revision > cur.revision() && cur.source() == Snapshot.Source.SERVER) {
                offer(cur.at(revision), Set.of(), false);
            }
        }
        reportAgainIfDue();
    }

    /**
     * Under {@link #swapLock}: {@code next} is the server's state now. Served when nothing in it
     * changed (a newer revision of the same values) or the application accepts it; otherwise the
     * served snapshot stays and the rejection is reported.
     *
     * @param changed the paths whose value differs from the previous server state
     * @param settled true when {@code next} replaces a snapshot read from disk (report and persist it)
     */
    private void offer(Snapshot next, Set<String> changed, boolean settled) {
        Snapshot served = current;
        boolean servingLatest = served == latest;
        latest = next;
        if (changed.isEmpty() && servingLatest) {
            current = next;
            swapLock.notifyAll();
            if (settled) {
                persist(next);
                report(next.revision(), true, "");
            }
            return;
        }
        Optional<String> problem = problem(next);
        if (problem.isPresent()) {
            swapLock.notifyAll();
            LlmcmClient.LOG.log(System.Logger.Level.WARNING, "{0}: revision {1} rejected ({2}); still serving revision {3}",
                    spec, next.revision(), problem.get(), served.revision());
            report(next.revision(), false, problem.get());
            return;
        }
        Set<String> changedForReaders = changed;
        if (!servingLatest) { // readers held an older snapshot: tell them everything that differs from it
            changedForReaders = new HashSet<>();
            served.carryInto(next, changedForReaders);
        }
        swap(served, next, changedForReaders);
        persist(next);
        report(next.revision(), true, "");
    }

    /** The application's verdict; a validator that throws rejects. */
    private Optional<String> problem(Snapshot candidate) {
        try {
            return java.util.Objects.requireNonNullElse(validator.problem(candidate), Optional.empty());
        } catch (RuntimeException e) {
            return Optional.of(e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        }
    }

    private void report(long revision, boolean accepted, String reason) {
        reportedRevision = revision;
        reportedAccepted = accepted;
        reportedReason = reason;
        reportedAt = System.nanoTime();
        client.report(spec, revision, accepted, reason);
    }

    /** Repeats the last report when it is getting old, so the server keeps counting this client. */
    private void reportAgainIfDue() {
        if (reportedRevision >= 0 && System.nanoTime() - reportedAt > REPORT_AGAIN.toNanos()) {
            report(reportedRevision, reportedAccepted, reportedReason);
        }
    }

    /** Under {@link #swapLock}: the one volatile write readers see, then waiters and listeners. */
    private void swap(Snapshot previous, Snapshot next, Set<String> changed) {
        current = next;
        swapLock.notifyAll();
        if (previous == null || changed.isEmpty()) {
            return;
        }
        ChangeEvent e = new ChangeEvent(previous.revision(), next.revision(), changed, next);
        for (Consumer<ChangeEvent> l : listeners) {
            try {
                l.accept(e);
            } catch (RuntimeException | Error ex) {
                LlmcmClient.LOG.log(System.Logger.Level.WARNING, spec + ": a listener failed", ex);
            }
        }
    }

    private void persist(Snapshot s) {
        Path dir = options.snapshotDir();
        if (dir == null) {
            return;
        }
        try {
            SnapshotFile.write(dir, spec, s, options.secretsKey(), options.mapper());
        } catch (IOException | RuntimeException e) {
            LlmcmClient.LOG.log(System.Logger.Level.WARNING, "{0}: snapshot not written to {1}: {2}", spec, dir, e.toString());
        }
    }

    // ---- the background thread

    private void run() {
        while (!closed) {
            try {
                if (needSnapshot) {
                    refresh(0);
                    needSnapshot = false;
                    failures = 0;
                    streamBreaks = 0;
                }
                // a stream that keeps failing (a proxy that cuts it, say) gets a poll every third try
                boolean pollInstead = streamBreaks >= POLL_AFTER_FAILURES && streamBreaks % POLL_AFTER_FAILURES == 0;
                if (!options.watch()) {
                    pollReason = "watching is off";
                } else if (pollInstead) {
                    pollReason = "watch streams keep failing (" + streamBreaks + " in a row); reading the snapshot instead";
                }
                Outcome out = options.watch() && !pollInstead ? stream() : Outcome.UNSUPPORTED;
                switch (out) {
                    case RESYNC -> needSnapshot = true;
                    case UNSUPPORTED -> poll();
                    case ENDED -> retryLater(droppedSilent ? "the watch stream was silent for " + options.idleTimeout().toMillis() + " ms"
                            : "the watch stream ended", null, true);
                }
            } catch (RuntimeException | IOException e) { // a refusal, no answer, or an answer that makes no sense
                if (closed) {
                    break;
                }
                boolean away = e instanceof java.net.ConnectException || e instanceof java.net.http.HttpConnectTimeoutException
                        || e instanceof LlmcmClientException c && c.status() == 503;
                retryLater(e instanceof LlmcmClientException ? e.getMessage() : e.toString(), e, !away);
            } catch (InterruptedException e) {
                if (closed) {
                    break;
                }
            }
        }
        enter(State.CLOSED, "closed");
    }

    /**
     * @param cause null when nothing failed (a stream that ended)
     * @param streamBroke the server answered and the stream still failed (counts toward the poll fallback)
     */
    private void retryLater(String reason, Exception cause, boolean streamBroke) {
        failures++;
        if (streamBroke) {
            streamBreaks++;
        }
        enter(State.RETRYING, reason);
        Duration d = backoff(failures, options.backoffInitial(), options.backoffMax(), ThreadLocalRandom.current().nextDouble());
        if (cause != null) {
            LlmcmClient.LOG.log(failures == 1 ? System.Logger.Level.INFO : System.Logger.Level.DEBUG,
                    "{0}: {1}; retrying in {2} ms (failure {3} in a row)", spec, reason, d.toMillis(), failures);
        }
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            // closing
        }
    }

    /**
     * The delay after {@code failures} failures in a row: {@code initial} doubled at each, capped
     * at {@code max}, then drawn in its upper half by {@code random} (in [0, 1)).
     */
    static Duration backoff(int failures, Duration initial, Duration max, double random) {
        long cap = max.toMillis();
        long d = initial.toMillis();
        for (int i = 1; i < failures && d < cap; i++) {
            d *= 2;
        }
        d = Math.min(d, cap);
        return Duration.ofMillis(d / 2 + (long) (random * (d - d / 2)));
    }

    /** One long-poll of the whole snapshot; waits out the rest of the poll interval when nothing changed. */
    private void poll() throws InterruptedException {
        enter(State.POLLING, pollReason);
        Duration interval = options.pollInterval();
        long start = System.nanoTime();
        Duration wait = interval.compareTo(Duration.ofSeconds(60)) > 0 ? Duration.ofSeconds(60) : interval;
        boolean changed = swapFull(client.fetch(spec, 0, latest.revision(), wait));
        reportAgainIfDue();
        failures = 0;
        streamBreaks = 0;
        long left = interval.toNanos() - (System.nanoTime() - start);
        if (!changed && left > 0) {
            Thread.sleep(Duration.ofNanos(left));
        }
    }

    /** Follows the watch stream until it ends, or tells why it cannot. */
    private Outcome stream() throws IOException, InterruptedException {
        HttpResponse<InputStream> r = client.watch(spec, latest.revision());
        String type = r.headers().firstValue("Content-Type").orElse("");
        int status = r.statusCode();
        if (status != 200 || !type.startsWith("text/event-stream")) {
            byte[] body;
            try (InputStream in = r.body()) {
                body = in.readNBytes(64 * 1024);
            }
            if (status == 200 || status == 404 || status == 405 || status == 406 || status == 501) {
                pollReason = status == 200 ? "the watch answer is not an event stream (" + type + ")"
                        : "the server has no watch stream (HTTP " + status + ")";
                return Outcome.UNSUPPORTED;
            }
            throw client.failure(status, body);
        }
        streamOutcome = null;
        droppedSilent = false;
        streamsOpened.incrementAndGet();
        eventsOnStream = 0;
        EventStreamParser parser = new EventStreamParser(this::onEvent, ms -> { });
        byte[] buf = new byte[8192];
        try (InputStream in = r.body()) {
            stream = in;
            lastActivity = System.nanoTime();
            Thread.ofVirtual().name("llmcm-view-idle " + spec).start(() -> watchdog(in));
            if (closed) {
                return Outcome.ENDED;
            }
            enter(State.STREAMING, "watch stream open at revision " + latest.revision());
            int n;
            while (!closed && (n = in.read(buf)) >= 0) {
                lastActivity = System.nanoTime();
                parser.feed(buf, 0, n);
                if (streamOutcome != null) {
                    return streamOutcome;
                }
            }
        } finally {
            stream = null;
        }
        return Outcome.ENDED;
    }

    /** Drops a stream that has been silent for longer than the idle timeout. */
    private void watchdog(InputStream in) {
        long idle = options.idleTimeout().toNanos();
        try {
            while (stream == in) {
                Thread.sleep(Duration.ofNanos(Math.max(idle / 4, 1_000_000)));
                if (stream == in && System.nanoTime() - lastActivity > idle) {
                    LlmcmClient.LOG.log(System.Logger.Level.INFO, "{0}: the watch stream is silent; reconnecting", spec);
                    droppedSilent = true;
                    closeStream();
                }
            }
        } catch (InterruptedException e) {
            // done
        }
    }

    private void closeStream() {
        InputStream s = stream;
        if (s != null) {
            try {
                s.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
    }

    private void onEvent(EventStreamParser.Event e) {
        if (streamOutcome != null) {
            return;
        }
        eventsOnStream++;
        JsonNode data;
        try {
            data = client.parse(e.data().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        } catch (LlmcmClientException bad) {
            LlmcmClient.LOG.log(System.Logger.Level.WARNING, "{0}: a {1} event that does not parse; resynchronizing", spec, e.type());
            streamOutcome = Outcome.RESYNC;
            return;
        }
        switch (e.type()) {
            case "ready" -> {
                failures = 0;
                streamBreaks = 0;
                if (data.path("revision").asLong(-1) > latest.revision()) {
                    streamOutcome = Outcome.RESYNC; // the stream does not start where this snapshot ends
                }
            }
            case "change" -> applyChange(data);
            case "heartbeat" -> advance(data.path("revision").asLong(-1));
            case "compacted" -> {
                LlmcmClient.LOG.log(System.Logger.Level.INFO, "{0}: revision {1} is compacted on the server; re-reading the snapshot",
                        spec, latest.revision());
                streamOutcome = Outcome.RESYNC;
            }
            default -> { } // unknown events are for newer clients
        }
    }
}
