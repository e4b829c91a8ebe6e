package io.llmcm.client;

import static io.llmcm.client.LiveServer.await;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Views following the watch stream of a real server, across a restart of the server. */
class WatchTest {
    static final Duration WAIT = Duration.ofSeconds(30);

    LiveServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    /** One listener call as the test saw it. */
    record Seen(long revision, Set<String> paths) {}

    @Test
    void resumesAcrossAServerRestartWithoutMissingOrRepeatingAChange() {
        server = LiveServer.start();
        // polling would fold the offline commits into one event: an hour between polls keeps it out
        try (LlmcmClient client = server.client().pollInterval(Duration.ofHours(1)).build()) {
            ConfigView view = client.config(ConfigSpec.of("acme", "base").prefix("w/"));
            List<Seen> seen = new CopyOnWriteArrayList<>();
            view.addListener(e -> seen.add(new Seen(e.revision(), e.changedPaths())));
            await(WAIT, "the stream", () -> view.state() == ConfigView.State.STREAMING);

            long r1 = server.put("acme", "w/a", "1");
            await(WAIT, "the first change", () -> seen.size() == 1);

            server.stop();
            await(WAIT, "the view to notice", () -> view.state() == ConfigView.State.RETRYING);
            long r2 = server.commitOffline("acme", "w/a", "2");
            long r3 = server.commitOffline("acme", "w/b", "1");
            server.commitOffline("acme", "elsewhere/x", "1"); // outside the prefix: no event
            server.commitOffline("beta", "w/a", "9"); // another tenant: no event
            long r5 = server.commitOffline("acme", "w/a", "3");
            assertThat(view.require("w/a", Integer.class)).as("still serving the last snapshot").isEqualTo(1);

            server.restart();
            await(WAIT, "the offline commits", () -> view.revision() >= r5);
            long r6 = server.put("acme", "w/c", "1");
            // listeners run just after the swap: wait for the call, not the value
            await(WAIT, "the commit after the restart", () -> seen.size() >= 5);

            assertThat(seen).containsExactly(
                    new Seen(r1, Set.of("w/a")),
                    new Seen(r2, Set.of("w/a")),
                    new Seen(r3, Set.of("w/b")),
                    new Seen(r5, Set.of("w/a")),
                    new Seen(r6, Set.of("w/c")));
            assertThat(view.require("w/a", Integer.class)).isEqualTo(3);
            assertThat(view.require("w/b", Integer.class)).isEqualTo(1);
            assertThat(view.state()).isEqualTo(ConfigView.State.STREAMING);
        }
    }

    @Test
    void aResumeFromPrunedHistoryReadsAFreshSnapshotAndWatchesOn() {
        server = LiveServer.start();
        server.put("acme", "cp/a", "1");
        try (LlmcmClient client = server.client().pollInterval(Duration.ofHours(1)).build()) {
            ConfigView view = client.config(ConfigSpec.of("acme", "base").prefix("cp/"));
            List<Seen> seen = new CopyOnWriteArrayList<>();
            view.addListener(e -> seen.add(new Seen(e.revision(), e.changedPaths())));
            await(WAIT, "the stream", () -> view.state() == ConfigView.State.STREAMING);
            long before = view.revision();

            server.stop();
            server.commitOffline("acme", "cp/a", "2");
            long last = server.commitOffline("acme", "cp/b", "1");
            assertThat(server.pruneOffline()).as("the view's revision is pruned").isGreaterThan(before);
            server.restart();

            await(WAIT, "the fresh snapshot", () -> !seen.isEmpty() && seen.get(0).revision() >= last);
            assertThat(seen).as("one re-read, not one event per commit").hasSize(1);
            assertThat(seen.get(0).paths()).containsExactlyInAnyOrder("cp/a", "cp/b");
            assertThat(seen.get(0).revision()).isGreaterThanOrEqualTo(last);
            assertThat(view.require("cp/a", Integer.class)).isEqualTo(2);
            long after = server.put("acme", "cp/c", "1");
            await(WAIT, "a change after the re-read", () -> seen.size() >= 2);
            assertThat(seen).last().isEqualTo(new Seen(after, Set.of("cp/c")));
            assertThat(view.state()).isEqualTo(ConfigView.State.STREAMING);
        }
    }

    @Test
    void heartbeatsMoveTheRevisionWithoutCallingListeners() throws Exception {
        server = LiveServer.start(Duration.ofMillis(200));
        try (LlmcmClient client = server.client().build()) {
            ConfigView view = client.config(ConfigSpec.of("acme", "base").prefix("hb/"));
            List<ChangeEvent> events = new CopyOnWriteArrayList<>();
            view.addListener(events::add);
            await(WAIT, "the stream", () -> view.state() == ConfigView.State.STREAMING);
            long r = server.put("acme", "not-hb/x", "1");
            await(WAIT, "a heartbeat at the new revision", () -> view.revision() >= r);
            assertThat(events).isEmpty();
            assertThat(view.snapshot().size()).isZero();
        }
    }

    @Test
    void revealedSecretsFollowChanges() {
        server = LiveServer.start();
        server.ok("PUT", "/v1/tenants/acme/secrets/keys/openai", "{\"value\":\"sk-one\"}");
        try (LlmcmClient client = server.client().build()) {
            ConfigView view = client.config(ConfigSpec.of("acme", "base").prefix("keys/").revealSecrets(true));
            assertThat(view.get("keys/openai", String.class)).contains("sk-one");
            await(WAIT, "the stream", () -> view.state() == ConfigView.State.STREAMING);
            server.ok("PUT", "/v1/tenants/acme/secrets/keys/openai", "{\"value\":\"sk-two\"}");
            await(WAIT, "the new secret", () -> view.get("keys/openai", String.class).orElse("").equals("sk-two"));
            ConfigView masked = client.config(ConfigSpec.of("acme", "base").prefix("keys/"));
            assertThat(masked.getNode("keys/openai").orElseThrow().path("secret").asString()).isEqualTo("***");
        }
    }

    @Test
    void aStreamOutlivesTheRequestTimeout() {
        server = LiveServer.start(Duration.ofMillis(50));
        try (LlmcmClient client = server.client().connectTimeout(Duration.ofMillis(200)).requestTimeout(Duration.ofMillis(200)).build()) {
            ConfigView view = client.config(ConfigSpec.of("acme", "base").prefix("long/"));
            // 30 heartbeats 50 ms apart: the stream stays open well past the 400 ms request timeout
            await(WAIT, "30 events on one stream", () -> view.eventsOnStream >= 30);
            assertThat(view.streamsOpened.get()).isEqualTo(1);
        }
    }

    @Test
    void aSilentStreamIsDroppedAndResumedWithoutLosingAChange() {
        server = LiveServer.start(Duration.ofSeconds(30));
        try (LlmcmClient client = server.client().idleTimeout(Duration.ofMillis(200)).build()) {
            ConfigView view = client.config(ConfigSpec.of("acme", "base").prefix("idle/"));
            List<ChangeEvent> events = new CopyOnWriteArrayList<>();
            view.addListener(events::add);
            await(WAIT, "three streams", () -> view.streamsOpened.get() >= 3);
            long r = server.put("acme", "idle/x", "1");
            await(WAIT, "the change", () -> !events.isEmpty());
            await(WAIT, "two more streams", () -> view.streamsOpened.get() >= 5);
            assertThat(events).extracting(ChangeEvent::revision).containsExactly(r);
        }
    }

    @Test
    void closeStopsFollowing() {
        server = LiveServer.start();
        try (LlmcmClient client = server.client().build()) {
            ConfigView view = client.config(ConfigSpec.of("acme", "base").prefix("c/"));
            await(WAIT, "the stream", () -> view.state() == ConfigView.State.STREAMING);
            view.close();
            assertThat(view.state()).isEqualTo(ConfigView.State.CLOSED);
            long r = server.put("acme", "c/x", "1");
            ConfigView other = client.config(ConfigSpec.of("acme", "base").prefix("c/"));
            assertThat(other.revision()).isGreaterThanOrEqualTo(r);
            assertThat(view.getRaw("c/x")).as("a closed view keeps its last snapshot").isEmpty();
        }
    }
}
