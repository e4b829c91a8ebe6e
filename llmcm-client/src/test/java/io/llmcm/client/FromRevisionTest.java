package io.llmcm.client;

import static io.llmcm.client.LiveServer.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A view started at a past revision of a real server: the state then, and each change since. */
class FromRevisionTest {
    static final Duration WAIT = Duration.ofSeconds(30);

    record Seen(long previous, long revision, Set<String> paths) {}

    LiveServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void aViewFromARevisionServesThatStateThenReplaysEachLaterChangeInOrder() {
        server = LiveServer.start();
        long r1 = server.put("acme", "fr/a", "1");
        long r2 = server.put("acme", "fr/a", "2");
        server.put("acme", "elsewhere/x", "1"); // outside the prefix: no event
        long r4 = server.put("acme", "fr/b", "1");
        try (LlmcmClient client = server.client().build()) {
            List<Seen> seen = new CopyOnWriteArrayList<>();
            List<Long> firstValues = new CopyOnWriteArrayList<>();
            ConfigView view = client.view(ConfigSpec.of("acme", "base").prefix("fr/"))
                    .fromRevision(r1)
                    .listener(e -> seen.add(new Seen(e.previousRevision(), e.revision(), e.changedPaths())))
                    .listener(e -> firstValues.add(e.snapshot().require("fr/a", Long.class)))
                    .open();
            await(WAIT, "the replay", () -> seen.size() >= 2);
            assertThat(seen).containsExactly(new Seen(r1, r2, Set.of("fr/a")), new Seen(r2, r4, Set.of("fr/b")));
            assertThat(firstValues).containsExactly(2L, 2L);
            assertThat(view.require("fr/b", Integer.class)).isEqualTo(1);

            long r5 = server.put("acme", "fr/a", "3");
            await(WAIT, "a live change", () -> seen.size() >= 3);
            assertThat(seen.get(2)).isEqualTo(new Seen(r4, r5, Set.of("fr/a")));
        }
    }

    @Test
    void theFirstSnapshotIsTheStateAtTheRevision() {
        server = LiveServer.start();
        long r1 = server.put("acme", "at/a", "1");
        server.put("acme", "at/a", "2");
        // watching off and an hour between polls: the view stays at its first snapshot
        try (LlmcmClient client = server.client().watch(false).pollInterval(Duration.ofHours(1)).build()) {
            ConfigView view = client.view(ConfigSpec.of("acme", "base").prefix("at/")).fromRevision(r1).open();
            assertThat(view.revision()).isEqualTo(r1);
            assertThat(view.require("at/a", Integer.class)).isEqualTo(1);
        }
    }

    @Test
    void aPrunedRevisionStartsFromTheCurrentSnapshot() {
        server = LiveServer.start();
        long old = server.put("acme", "pr/a", "1");
        server.stop();
        long last = server.commitOffline("acme", "pr/a", "2");
        assertThat(server.pruneOffline()).isGreaterThan(old);
        server.restart();
        try (LlmcmClient client = server.client().build()) {
            ConfigView view = client.view(ConfigSpec.of("acme", "base").prefix("pr/")).fromRevision(old).open();
            assertThat(view.revision()).isGreaterThanOrEqualTo(last);
            assertThat(view.require("pr/a", Integer.class)).isEqualTo(2);
            await(WAIT, "the stream", () -> view.state() == ConfigView.State.STREAMING);
        }
    }

    @Test
    void aRevisionNotReachedFailsTheOpen() {
        server = LiveServer.start();
        try (LlmcmClient client = server.client().build()) {
            assertThatThrownBy(() -> client.view(ConfigSpec.of("acme", "base")).fromRevision(1_000_000).open())
                    .isInstanceOf(LlmcmClientException.class)
                    .hasMessageContaining("not reached")
                    .extracting(e -> ((LlmcmClientException) e).status()).isEqualTo(404);
            assertThatThrownBy(() -> client.view(ConfigSpec.of("acme", "base")).fromRevision(-1))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }
}
