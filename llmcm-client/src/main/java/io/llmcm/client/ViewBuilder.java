package io.llmcm.client;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * How a {@link ConfigView} opens, from {@link LlmcmClient#view(ConfigSpec)}. Listeners given here
 * are in place before the view's background thread starts, so they see every change it applies
 * (with {@link #fromRevision} that includes the replay of the changes after the revision).
 *
 * <pre>{@code
 * ConfigView v = client.view(ConfigSpec.of("acme", "prod").prefix("models/"))
 *         .fromRevision(lastApplied)
 *         .listener(e -> apply(e))
 *         .open();
 * }</pre>
 *
 * Not thread-safe; {@link #open} may be called more than once, each call opening a new view.
 */
public final class ViewBuilder {
    /** What {@link ConfigView} opens with; immutable. */
    record Settings(ConfigSpec spec, Validator validator, long fromRevision, List<Consumer<ChangeEvent>> listeners,
            List<Consumer<StateEvent>> stateListeners) {
        static final long NOW = -1;

        Settings {
            listeners = List.copyOf(listeners);
            stateListeners = List.copyOf(stateListeners);
        }
    }

    private final LlmcmClient client;
    private final ConfigSpec spec;
    private Validator validator = Validator.ACCEPT_ALL;
    private long fromRevision = Settings.NOW;
    private final List<Consumer<ChangeEvent>> listeners = new ArrayList<>();
    private final List<Consumer<StateEvent>> stateListeners = new ArrayList<>();

    ViewBuilder(LlmcmClient client, ConfigSpec spec) {
        this.client = client;
        this.spec = Objects.requireNonNull(spec, "spec");
    }

    /** The application's check of each snapshot before it is served (default: accept all). */
    public ViewBuilder validator(Validator validator) {
        this.validator = Objects.requireNonNull(validator, "validator");
        return this;
    }

    /**
     * Starts the view at {@code revision} instead of now: its first snapshot is the server's state at
     * that revision ({@code GET …/config?at=}), and the watch resumes from it, so listeners get each
     * change after it, in order, one event per commit.
     *
     * <p>When the server no longer keeps that revision (its history was pruned), the view starts
     * from the current snapshot instead (logged; {@code revision()} tells). When the revision is
     * readable but its watch history is gone (a tagged revision older than the history), the view
     * re-reads the whole snapshot once it follows and listeners get one event with every path that
     * differs. A revision the server has not reached fails the open (404). When the server cannot
     * be reached at open, the view serves its disk snapshot as usual and this option does not apply.
     *
     * @param revision 0 or more
     */
    public ViewBuilder fromRevision(long revision) {
        if (revision < 0) {
            throw new IllegalArgumentException("the revision must be 0 or more, got " + revision);
        }
        this.fromRevision = revision;
        return this;
    }

    /** A change listener in place from the start; see {@link ConfigView#addListener}. */
    public ViewBuilder listener(Consumer<ChangeEvent> listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
        return this;
    }

    /**
     * A state listener in place from the start, so it sees the first state too; see {@link
     * ConfigView#addStateListener}.
     */
    public ViewBuilder stateListener(Consumer<StateEvent> listener) {
        stateListeners.add(Objects.requireNonNull(listener, "listener"));
        return this;
    }

    /**
     * Opens the view; see {@link LlmcmClient#config(ConfigSpec, Validator)} for what it reads and
     * when it throws.
     */
    public ConfigView open() {
        return client.open(new Settings(spec, validator, fromRevision, listeners, stateListeners));
    }
}
