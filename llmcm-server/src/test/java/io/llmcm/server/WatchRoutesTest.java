package io.llmcm.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmcm.core.auth.Binding;
import io.llmcm.core.auth.BindingScope;
import io.llmcm.core.auth.BuiltInRoles;
import io.llmcm.core.auth.Subjects;
import io.llmcm.core.model.Mutation;
import io.llmcm.core.repo.MutableClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code GET /v1/watch} and long-poll reads, through HTTP against a running server. */
class WatchRoutesTest {
    private static final String ADMIN = TestServer.BOOTSTRAP;
    private static final String WATCH_ACME = "/v1/watch?tenant=acme&env=prod&prefix=models";

    private final MutableClock clock = new MutableClock(Instant.parse("2026-06-01T00:00:00Z"));
    private TestServer s;

    @BeforeEach
    void start() {
        s = TestServer.start(Server.Options.defaults().withClock(clock).withWatchHeartbeat(Duration.ofMillis(300)));
    }

    @AfterEach
    void stop() {
        s.close();
    }

    private long put(String tenant, String path, String env, String json) {
        TestServer.Reply r = s.put("/v1/tenants/" + tenant + "/config/" + path + "?env=" + env, ADMIN, json);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return Long.parseLong(r.header("X-Revision"));
    }

    private SseStream watch(String path) {
        return SseStream.open(s, path, ADMIN, Map.of());
    }

    @Test
    void aWatcherGetsReadyThenOneEventPerCommitWithItsRevisionAsId() {
        try (SseStream w = watch(WATCH_ACME)) {
            assertThat(w.status()).isEqualTo(200);
            assertThat(w.header("Content-Type")).startsWith("text/event-stream");
            SseStream.Event ready = w.next();
            assertThat(ready.event()).isEqualTo("ready");
            assertThat(ready.revision()).isEqualTo(s.server().revision());

            long r1 = put("acme", "models/chat", "prod", "{\"model\":\"gpt-4o\"}");
            long r2 = put("acme", "models/embed", "prod", "{\"model\":\"e5\"}");
            SseStream.Event e1 = w.nextChange();
            SseStream.Event e2 = w.nextChange();
            assertThat(List.of(e1.event(), e2.event())).containsOnly("change");
            assertThat(List.of(e1.revision(), e2.revision())).containsExactly(r1, r2);
            var change = e1.json().get("changes").get(0);
            assertThat(change.get("path").asString()).isEqualTo("models/chat");
            assertThat(change.get("value").get("model").asString()).isEqualTo("gpt-4o");
            assertThat(change.get("modRevision").asLong()).isEqualTo(r1);
            assertThat(e1.json().get("revision").asLong()).isEqualTo(r1);
        }
    }

    @Test
    void aChangeInGlobalReachesTheTenantsWatcherAndAnotherTenantsNeverDoes() throws Exception {
        try (SseStream acme = watch(WATCH_ACME); SseStream beta = watch("/v1/watch?tenant=beta&env=prod&prefix=models")) {
            acme.next();
            beta.next();
            long inherited = put("global", "models/chat", "base", "{\"model\":\"gpt\"}");
            assertThat(acme.nextChange().revision()).isEqualTo(inherited);
            assertThat(beta.nextChange().revision()).as("global is beta's ancestor too").isEqualTo(inherited);

            long own = put("acme", "models/chat", "prod", "{\"model\":\"acme-only\"}");
            assertThat(acme.nextChange().revision()).isEqualTo(own);
            assertThat(beta.quietFor(Duration.ofMillis(700))).as("acme's write is not beta's business").isTrue();
        }
    }

    @Test
    void resumingWithLastEventIdGivesExactlyTheEventsAfterIt() {
        long r1 = put("acme", "models/a", "prod", "1");
        long r2 = put("acme", "models/b", "prod", "2");
        long r3 = put("acme", "models/a", "prod", "3");
        try (SseStream w = SseStream.open(s, WATCH_ACME, ADMIN, Map.of("Last-Event-ID", Long.toString(r1)))) {
            assertThat(w.next().revision()).as("ready at the resume point").isEqualTo(r1);
            assertThat(List.of(w.nextChange().revision(), w.nextChange().revision())).containsExactly(r2, r3);
        }
        try (SseStream w = watch(WATCH_ACME + "&fromRevision=" + r2)) {
            w.next();
            assertThat(w.nextChange().revision()).isEqualTo(r3);
        }
    }

    @Test
    void aQuietStreamSendsHeartbeatsWhoseIdIsTheRevisionExaminedUpTo() {
        try (SseStream w = watch(WATCH_ACME)) {
            w.next();
            long elsewhere = put("acme", "routes/x", "prod", "1"); // not under the prefix
            SseStream.Event beat = w.next();
            while (beat.revision() < elsewhere) {
                beat = w.next();
            }
            assertThat(beat.event()).isEqualTo("heartbeat");
            assertThat(beat.revision()).isEqualTo(elsewhere);
            assertThat(beat.json().get("revision").asLong()).isEqualTo(elsewhere);
        }
    }

    @Test
    void aRevisionWhoseHistoryWasPrunedGetsACompactedEventAndTheStreamEnds() {
        long old = put("acme", "models/a", "prod", "1");
        put("acme", "models/a", "prod", "2");
        clock.advance(Duration.ofDays(2));
        put("acme", "models/a", "prod", "3");
        s.repo().prune(Duration.ofDays(1));
        try (SseStream w = watch(WATCH_ACME + "&fromRevision=" + old)) {
            assertThat(w.status()).isEqualTo(200);
            SseStream.Event e = w.next();
            assertThat(e.event()).isEqualTo("compacted");
            assertThat(e.json().get("status").asInt()).isEqualTo(410);
            assertThat(e.json().get("oldestRevision").asLong()).isEqualTo(s.repo().retentionFloor());
            assertThat(e.json().get("detail").asString()).contains("read a snapshot");
            assertThat(w.next()).isEqualTo(SseStream.END);
        }
    }

    @Test
    void secretsAreMaskedInEvents() {
        try (SseStream w = watch("/v1/watch?tenant=acme&prefix=providers")) {
            w.next();
            assertThat(s.put("/v1/tenants/acme/secrets/providers/openai", ADMIN, "{\"value\":\"sk-live-PLAINTEXT-42\"}").status()).isEqualTo(200);
            SseStream.Event e = w.nextChange();
            assertThat(e.data()).doesNotContain("sk-live-PLAINTEXT-42");
            assertThat(e.json().get("changes").get(0).get("type").asString()).isEqualTo("secret");
        }
    }

    @Test
    void aCallerBoundToAKeyPrefixSeesOnlyItsPaths() {
        var k = new io.llmcm.core.auth.ApiKeys(s.repo(), java.time.Clock.systemUTC()).issue("acme", "narrow", null, "test");
        s.commit(new Mutation.PutBinding(new Binding("acme", "narrow", Subjects.KEY + k.key().id(), BuiltInRoles.VIEWER,
                new BindingScope(false, "models/public", ""), "")));
        try (SseStream w = SseStream.open(s, "/v1/watch?tenant=acme&prefix=models", k.secret(), Map.of())) {
            w.next();
            s.repo().commit(io.llmcm.core.repo.ChangeRequest.by("test")
                    .put(io.llmcm.core.model.EntryKey.of("acme", "models/private/x", io.llmcm.core.model.Layer.BASE), io.llmcm.core.model.Value.of(io.llmcm.core.json.Json.parse("1")))
                    .put(io.llmcm.core.model.EntryKey.of("acme", "models/public/x", io.llmcm.core.model.Layer.BASE), io.llmcm.core.model.Value.of(io.llmcm.core.json.Json.parse("2")))
                    .build());
            put("acme", "models/private/y", "base", "3"); // nothing of it is visible: no event at all
            long visible = put("acme", "models/public/y", "base", "4");
            SseStream.Event both = w.nextChange();
            assertThat(both.json().get("changes")).hasSize(1);
            assertThat(both.json().get("changes").get(0).get("path").asString()).isEqualTo("models/public/x");
            assertThat(w.nextChange().revision()).isEqualTo(visible);
        }
    }

    @Test
    void badWatchRequestsAreRefusedWithTheFieldAtFault() {
        assertThat(s.get("/v1/watch", ADMIN).json().get("field").asString()).isEqualTo("query:tenant");
        TestServer.Reply bad = s.call("GET", "/v1/watch?tenant=acme", ADMIN, null, Map.of("Last-Event-ID", "abc"));
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().get("field").asString()).isEqualTo("header:Last-Event-ID");
        TestServer.Reply future = s.get("/v1/watch?tenant=acme&fromRevision=999999", ADMIN);
        assertThat(future.status()).isEqualTo(404);
        assertThat(future.json().get("detail").asString()).contains("does not exist");
        assertThat(s.get("/v1/watch?tenant=acme&env=nosuch", ADMIN).status()).isEqualTo(404);
        assertThat(s.get("/v1/watch?tenant=nosuch", ADMIN).status()).isEqualTo(404);
        assertThat(s.call("HEAD", "/v1/watch?tenant=acme", ADMIN, null, Map.of()).status()).isEqualTo(200);
    }

    @Test
    void aTenantsWatchQuotaIsEnforcedWith429() {
        assertThat(s.put("/v1/tenants/acme/quota", ADMIN, "{\"maxWatches\":1}").status()).isEqualTo(200);
        try (SseStream first = watch(WATCH_ACME)) {
            first.next();
            TestServer.Reply second = s.get(WATCH_ACME, ADMIN);
            assertThat(second.status()).isEqualTo(429);
            assertThat(second.header("Retry-After")).isNotNull();
            assertThat(second.json().get("detail").asString()).contains("1 watches");
        }
    }

    @Test
    void aWatcherMissesNothingWhileTheServerRestartsMidStream() throws Exception {
        List<Long> written = new ArrayList<>();
        List<Long> seen = new ArrayList<>();
        long last;
        try (SseStream w = watch(WATCH_ACME)) {
            last = w.next().revision();
            for (int i = 0; i < 5; i++) {
                written.add(put("acme", "models/m" + (i % 2), "prod", Integer.toString(i)));
            }
            for (int i = 0; i < 3; i++) {
                SseStream.Event e = w.nextChange();
                seen.add(e.revision());
                last = e.revision();
            }
            s = s.restart(); // the stream drops here, mid-way through what was written
            // what the old stream delivered before it dropped counts as seen, as a client would keep it
            for (SseStream.Event e = w.next(); e != SseStream.END; e = w.next()) {
                if (e.event().equals("change")) {
                    seen.add(e.revision());
                }
                last = e.revision();
            }
        }
        for (int i = 5; i < 8; i++) {
            written.add(put("acme", "models/m" + (i % 2), "prod", Integer.toString(i)));
        }
        try (SseStream w = SseStream.open(s, WATCH_ACME, ADMIN, Map.of("Last-Event-ID", Long.toString(last)))) {
            w.next();
            while (seen.size() < written.size()) {
                seen.add(w.nextChange().revision());
            }
            assertThat(w.quietFor(Duration.ofMillis(700))).isTrue();
        }
        assertThat(seen).as("every revision exactly once, in order").isEqualTo(written);
    }

    // ---------------------------------------------------------------- long-poll

    @Test
    void aLongPollAnswersAsSoonAsTheValueChanges() throws Exception {
        long r = put("acme", "models/chat", "prod", "{\"v\":1}");
        CompletableFuture<TestServer.Reply> poll = CompletableFuture.supplyAsync(
                () -> s.get("/v1/tenants/acme/config/models/chat?env=prod&waitForRevision=" + r + "&timeout=20s", ADMIN));
        put("acme", "models/other", "prod", "1"); // not what the poll covers
        long changed = put("acme", "models/chat", "prod", "{\"v\":2}");
        TestServer.Reply answer = poll.get();
        assertThat(answer.status()).isEqualTo(200);
        assertThat(Long.parseLong(answer.header("X-Revision"))).isGreaterThanOrEqualTo(changed);
        assertThat(answer.json().get("v").asInt()).isEqualTo(2);
    }

    @Test
    void aLongPollOnAPrefixWakesForAnyPathUnderIt() throws Exception {
        long r = put("acme", "models/a", "prod", "1");
        CompletableFuture<TestServer.Reply> poll = CompletableFuture.supplyAsync(
                () -> s.get("/v1/tenants/acme/config?prefix=models&env=prod&waitForRevision=" + r + "&timeout=20s", ADMIN));
        long changed = put("acme", "models/b", "prod", "2");
        TestServer.Reply answer = poll.get();
        assertThat(answer.json().get("revision").asLong()).isGreaterThanOrEqualTo(changed);
        assertThat(answer.json().get("items")).hasSize(2);
    }

    @Test
    void aLongPollWithNothingNewAnswersTheCurrentValueWhenTheTimeoutPasses() {
        long r = put("acme", "models/chat", "prod", "{\"v\":1}");
        TestServer.Reply answer = s.get("/v1/tenants/acme/config/models/chat?env=prod&waitForRevision=" + r + "&timeout=200ms", ADMIN);
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.header("X-Revision")).isEqualTo(Long.toString(r));
    }

    @Test
    void badLongPollParametersAreRefused() {
        put("acme", "models/chat", "prod", "1");
        for (String q : List.of("waitForRevision=1&timeout=61s", "waitForRevision=1&timeout=soon", "timeout=5s", "waitForRevision=-1", "waitForRevision=1&at=1")) {
            TestServer.Reply r = s.get("/v1/tenants/acme/config/models/chat?env=prod&" + q, ADMIN);
            assertThat(r.status()).as(q).isEqualTo(400);
            assertThat(r.json().get("field").asString()).as(q).startsWith("query:");
        }
        assertThat(new String(s.get("/v1/tenants/acme/config/models/chat?env=prod&waitForRevision=1&timeout=61s", ADMIN).body()
                .getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8)).contains("at most 60s");
    }
}
