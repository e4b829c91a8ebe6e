package io.llmcm.client;

import static io.llmcm.client.LiveServer.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A view of a real server: binding, atomic swaps, listeners, polling, read-your-writes. */
class ConfigViewTest {
    static final Duration WAIT = Duration.ofSeconds(30);

    record Model(String model, double temperature) {}

    static LiveServer server;

    @BeforeAll
    static void start() {
        server = LiveServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void getBindsAValueToARecord() {
        server.put("acme", "bind/models/chat", "{\"model\":\"gpt-4o\",\"temperature\":0.2,\"notInTheRecord\":true}");
        try (LlmcmClient client = server.client().build()) {
            ConfigView view = client.config(ConfigSpec.of("acme", "base").prefix("bind/"));
            assertThat(view.require("bind/models/chat", Model.class)).isEqualTo(new Model("gpt-4o", 0.2));
            assertThat(view.get("bind/models/chat", Model.class).orElseThrow()).isSameAs(view.require("bind/models/chat", Model.class));
            assertThat(view.get("bind/missing", Model.class)).isEmpty();
            assertThat(view.getNode("bind/models/chat").orElseThrow().path("model").asString()).isEqualTo("gpt-4o");
            ConfigValue raw = view.getRaw("bind/models/chat").orElseThrow();
            assertThat(raw.type()).isEqualTo("json");
            assertThat(raw.from().path("tenant").asString()).isEqualTo("acme");
            assertThat(view.snapshot().source()).isEqualTo(Snapshot.Source.SERVER);
            assertThat(view.revision()).isGreaterThanOrEqualTo(raw.modRevision());
        }
    }

    @Test
    void aReaderNeverSeesHalfACommit() throws Exception {
        server.put("acme", "pair/a", "0");
        server.put("acme", "pair/b", "0");
        int commits = 40;
        try (LlmcmClient client = server.client().pollInterval(Duration.ofMillis(20)).build()) {
            ConfigView view = client.config(ConfigSpec.of("acme", "base").prefix("pair/"));
            AtomicBoolean done = new AtomicBoolean();
            AtomicReference<String> torn = new AtomicReference<>();
            AtomicLong reads = new AtomicLong();
            List<Integer> seen = new CopyOnWriteArrayList<>();
            Thread reader = Thread.ofPlatform().start(() -> {
                int last = -1;
                while (!done.get() && torn.get() == null && last != commits) {
                    Snapshot s = view.snapshot();
                    int a = s.require("pair/a", Integer.class);
                    int b = s.require("pair/b", Integer.class);
                    reads.incrementAndGet();
                    if (a != b) {
                        torn.set("a=" + a + " b=" + b + " at revision " + s.revision());
                    }
                    if (a != last) {
                        seen.add(a);
                        last = a;
                    }
                }
            });
            for (int i = 1; i <= commits; i++) {
                server.ok("POST", "/v1/tenants/acme/commits", """
                        {"message":"pair %1$d","changes":[
                          {"op":"put","path":"pair/a","value":%1$d},{"op":"put","path":"pair/b","value":%1$d}]}""".formatted(i));
            }
            // the reader stops once it has seen the last commit (or a torn read)
            reader.join(WAIT);
            done.set(true);
            assertThat(reader.isAlive()).as("the reader still waits for the last commit").isFalse();
            assertThat(torn.get()).as("a torn read").isNull();
            assertThat(seen).last().isEqualTo(commits);
            assertThat(seen).isSorted();
            assertThat(reads.get()).isPositive();
        }
    }

    @Test
    void listenersAreCalledAfterEachSwapWithTheChangedPaths() {
        try (LlmcmClient client = server.client().pollInterval(Duration.ofMillis(50)).build()) {
            ConfigView view = client.config(ConfigSpec.of("acme", "base").prefix("listen/"));
            List<ChangeEvent> events = new CopyOnWriteArrayList<>();
            view.addListener(events::add);
            view.addListener(e -> {
                throw new IllegalStateException("a failing listener does not stop the others");
            });
            long r1 = server.put("acme", "listen/x", "{\"v\":1}");
            await(WAIT, "an event for listen/x", () -> events.stream().anyMatch(e -> e.changedPaths().contains("listen/x")));
            ChangeEvent first = events.get(0);
            assertThat(first.revision()).isGreaterThanOrEqualTo(r1);
            assertThat(first.changedPaths()).containsExactly("listen/x");
            assertThat(first.snapshot().node("listen/x").orElseThrow().path("v").asInt()).isEqualTo(1);
            assertThat(view.revision()).isGreaterThanOrEqualTo(first.revision());

            server.ok("DELETE", "/v1/tenants/acme/config/listen/x", null);
            await(WAIT, "the delete", () -> view.getRaw("listen/x").isEmpty());
            await(WAIT, "an event for the delete", () -> events.size() >= 2);
            assertThat(events.get(1).changedPaths()).containsExactly("listen/x");
            assertThat(events.get(1).previousRevision()).isEqualTo(first.revision());
            server.put("beta", "listen/x", "1"); // another tenant: no event here
            server.put("acme", "other/x", "1"); // outside the prefix: no event here
            long r = server.put("acme", "listen/y", "2");
            // listeners run just after the swap: wait for the call, not the value
            await(WAIT, "the event for listen/y", () -> events.size() >= 3);
            assertThat(events).hasSize(3);
            assertThat(events.get(2).changedPaths()).containsExactly("listen/y");
            assertThat(events.get(2).revision()).isGreaterThanOrEqualTo(r);
        }
    }

    @Test
    void pollingFollowsChangesWhenWatchingIsOff() {
        try (LlmcmClient client = server.client().watch(false).pollInterval(Duration.ofMillis(100)).build()) {
            ConfigView view = client.config(ConfigSpec.of("acme", "prod").prefix("poll/"));
            assertThat(view.snapshot().size()).isZero();
            server.put("acme", "poll/k", "\"v1\"");
            await(WAIT, "the polled value", () -> view.get("poll/k", String.class).equals(Optional.of("v1")));
            assertThat(view.state()).isIn(ConfigView.State.POLLING);
            server.ok("PUT", "/v1/tenants/acme/config/poll/k?env=prod", "\"prod\"");
            await(WAIT, "the prod layer", () -> view.get("poll/k", String.class).equals(Optional.of("prod")));
            view.close();
            assertThat(view.state()).isEqualTo(ConfigView.State.CLOSED);
            assertThat(view.get("poll/k", String.class)).as("the last snapshot stays readable").contains("prod");
        }
    }

    @Test
    void pollingIsALongPollThatAnswersAtTheChange() {
        try (LlmcmClient client = server.client().watch(false).pollInterval(Duration.ofSeconds(60)).build()) {
            ConfigView view = client.config(ConfigSpec.of("acme", "base").prefix("longpoll/"));
            await(WAIT, "the first long-poll", () -> view.state() == ConfigView.State.POLLING);
            server.put("acme", "longpoll/k", "1");
            // a plain poll would come back after 60 s; the long-poll answers when the commit lands
            await(Duration.ofSeconds(20), "the value", () -> view.getRaw("longpoll/k").isPresent());
        }
    }

    @Test
    void aWriterReadsItsOwnWrite() throws Exception {
        try (LlmcmClient client = server.client().watch(false).pollInterval(Duration.ofSeconds(30)).build()) {
            ConfigView view = client.config(ConfigSpec.of("acme", "staging").prefix("ryw/"));
            for (int i = 0; i < 5; i++) {
                long r = client.put("acme", "ryw/limit", "staging", new Model("m" + i, i));
                ValueRead read = client.read("acme", "ryw/limit", "staging", r).orElseThrow();
                assertThat(read.revision()).isGreaterThanOrEqualTo(r);
                assertThat(client.mapper().treeToValue(read.value().value(), Model.class)).isEqualTo(new Model("m" + i, i));
                // the view polls every 30 s: awaitRevision reads at r itself
                assertThat(view.awaitRevision(r, WAIT)).isTrue();
                assertThat(view.revision()).isGreaterThanOrEqualTo(r);
                assertThat(view.require("ryw/limit", Model.class)).isEqualTo(new Model("m" + i, i));
            }
            assertThat(client.read("acme", "ryw/none", "staging", 0)).isEmpty();
            long future = view.revision() + 1_000_000;
            assertThatThrownBy(() -> client.read("acme", "ryw/limit", "staging", future))
                    .isInstanceOf(LlmcmClientException.class)
                    .satisfies(e -> assertThat(((LlmcmClientException) e).status()).isEqualTo(412));
        }
    }

    @Test
    void refusalsAreNotHiddenBehindTheDisk() {
        try (LlmcmClient client = server.client().token("not-a-valid-token").build()) {
            assertThatThrownBy(() -> client.config(ConfigSpec.of("acme", "base")))
                    .isInstanceOf(LlmcmClientException.class)
                    .satisfies(e -> assertThat(((LlmcmClientException) e).status()).isEqualTo(401));
        }
        try (LlmcmClient client = server.client().build()) {
            assertThatThrownBy(() -> client.config(ConfigSpec.of("no-such-tenant", "base")))
                    .satisfies(e -> assertThat(((LlmcmClientException) e).status()).isEqualTo(404));
        }
    }

    @Test
    void anUnreachableServerWithoutADiskSnapshotFailsTheOpen() {
        try (LlmcmClient client = LlmcmClient.builder().server(java.net.URI.create("http://127.0.0.1:1")).token("t").build()) {
            assertThatThrownBy(() -> client.config(ConfigSpec.of("acme", "base")))
                    .isInstanceOf(LlmcmClientException.class)
                    .hasMessageContaining("no snapshot directory");
        }
    }
}
