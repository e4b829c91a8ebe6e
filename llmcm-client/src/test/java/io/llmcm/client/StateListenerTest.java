package io.llmcm.client;

import static io.llmcm.client.LiveServer.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.llmcm.client.ConfigView.State;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** State events of views following a real server that stops and starts again: in order, on one thread. */
class StateListenerTest {
    static final Duration WAIT = Duration.ofSeconds(30);

    LiveServer server;
    @TempDir
    Path dir;
    final List<StateEvent> events = new CopyOnWriteArrayList<>();
    final Set<Thread> threads = ConcurrentHashMap.newKeySet();

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    void record(StateEvent e) {
        threads.add(Thread.currentThread());
        events.add(e);
    }

    List<State> states() {
        return events.stream().map(StateEvent::state).toList();
    }

    @Test
    void aViewReportsStreamingRetryingAndStreamingAgainAcrossARestartThenClosed() {
        server = LiveServer.start();
        ConfigSpec spec = ConfigSpec.of("acme", "base").prefix("st/");
        try (LlmcmClient client = server.client().pollInterval(Duration.ofMillis(200)).stateListener(this::record).build()) {
            ConfigView view = client.config(spec);
            await(WAIT, "streaming", () -> states().contains(State.STREAMING));
            server.stop();
            await(WAIT, "retrying", () -> states().contains(State.RETRYING));
            server.restart();
            // after three failures in a row every third try is a read: a POLLING may come first
            await(WAIT, "streaming again", () -> states().size() >= 3 && states().getLast() == State.STREAMING);
            view.close();
            await(WAIT, "closed", () -> states().getLast() == State.CLOSED);
        }
        List<State> states = states();
        assertThat(states.subList(0, 2)).containsExactly(State.STREAMING, State.RETRYING);
        assertThat(states.subList(2, states.size() - 2)).allMatch(s -> s == State.POLLING || s == State.RETRYING);
        assertThat(states.subList(states.size() - 2, states.size())).containsExactly(State.STREAMING, State.CLOSED);
        assertThat(events.getFirst().previous()).isEqualTo(State.STARTING);
        for (int i = 1; i < events.size(); i++) {
            assertThat(events.get(i).previous()).as("event %d follows the one before", i).isEqualTo(events.get(i - 1).state());
        }
        assertThat(events).allSatisfy(e -> {
            assertThat(e.spec()).isEqualTo(spec);
            assertThat(e.reason()).isNotBlank();
            assertThat(e.servingFromDisk()).isFalse();
        });
        assertThat(events.getFirst().reason()).startsWith("watch stream open at revision");
        assertThat(threads).as("one delivering thread").hasSize(1);
        assertThat(threads.iterator().next().getName()).isEqualTo("llmcm-state-events");
    }

    @Test
    void aViewStartedFromDiskSaysSoUntilTheServerAnswers() {
        server = LiveServer.start();
        ConfigSpec spec = ConfigSpec.of("acme", "base").prefix("sd/");
        server.put("acme", "sd/a", "1");
        try (LlmcmClient client = server.client().snapshotDir(dir).build()) {
            client.config(spec);
            await(WAIT, "the snapshot file", () -> Files.exists(SnapshotFile.path(dir, spec)));
        }
        server.stop();
        try (LlmcmClient client = server.client().snapshotDir(dir).build()) {
            ConfigView view = client.view(spec).stateListener(this::record).open();
            await(WAIT, "retrying", () -> !events.isEmpty());
            StateEvent down = events.getFirst();
            assertThat(down.state()).isEqualTo(State.RETRYING);
            assertThat(down.servingFromDisk()).isTrue();
            assertThat(down.revision()).isEqualTo(view.revision());
            server.restart();
            await(WAIT, "streaming", () -> states().contains(State.STREAMING));
            StateEvent up = events.getLast();
            assertThat(up.servingFromDisk()).isFalse();
            assertThat(up.previous()).isEqualTo(State.RETRYING);
        }
    }

    @Test
    void aViewThatOnlyPollsSaysWhy() {
        server = LiveServer.start();
        try (LlmcmClient client = server.client().watch(false).build()) {
            ConfigView view = client.view(ConfigSpec.of("acme", "base").prefix("sp/")).stateListener(this::record).open();
            await(WAIT, "polling", () -> !events.isEmpty());
            assertThat(events.getFirst().state()).isEqualTo(State.POLLING);
            assertThat(events.getFirst().reason()).isEqualTo("watching is off");
            assertThat(view.state()).isEqualTo(State.POLLING);
            List<StateEvent> late = new CopyOnWriteArrayList<>();
            view.addStateListener(late::add);
            view.close();
            await(WAIT, "closed", () -> !late.isEmpty());
            assertThat(late).extracting(StateEvent::state).containsExactly(State.CLOSED);
        }
    }
}
