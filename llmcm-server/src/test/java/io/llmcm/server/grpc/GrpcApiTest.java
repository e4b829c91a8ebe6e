package io.llmcm.server.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.llmcm.core.auth.Binding;
import io.llmcm.core.auth.BindingScope;
import io.llmcm.core.auth.BuiltInRoles;
import io.llmcm.core.auth.Subjects;
import io.llmcm.core.json.Json;
import io.llmcm.core.model.Mutation;
import io.llmcm.core.repo.MutableClock;
import io.llmcm.server.Server;
import io.llmcm.server.TestServer;
import io.llmcm.server.grpc.v1.Change;
import io.llmcm.server.grpc.v1.CommitRequest;
import io.llmcm.server.grpc.v1.CommitResponse;
import io.llmcm.server.grpc.v1.HistoryItem;
import io.llmcm.server.grpc.v1.HistoryRequest;
import io.llmcm.server.grpc.v1.HistoryResponse;
import io.llmcm.server.grpc.v1.Item;
import io.llmcm.server.grpc.v1.Layer;
import io.llmcm.server.grpc.v1.ListRequest;
import io.llmcm.server.grpc.v1.ListResponse;
import io.llmcm.server.grpc.v1.ResolveRequest;
import io.llmcm.server.grpc.v1.ResolveResponse;
import io.llmcm.server.grpc.v1.WatchEvent;
import io.llmcm.server.grpc.v1.WatchRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code llmcm.v1.ConfigService} through a real grpc-java client against a running server, side by
 * side with REST on the same server: the same answers, the same refusals.
 */
class GrpcApiTest {
    private static final String ADMIN = TestServer.BOOTSTRAP;
    private static final String PLAIN_SECRET = "sk-live-GRPC-PLAINTEXT-77";

    private final MutableClock clock = new MutableClock(Instant.parse("2026-06-01T00:00:00Z"));
    private TestServer s;
    private GrpcClient g;

    @BeforeEach
    void start() {
        s = TestServer.start(Server.Options.defaults().withClock(clock).withWatchHeartbeat(Duration.ofMillis(300)).withGrpcPort(0));
        g = GrpcClient.plaintext(s.server().grpcPort());
    }

    @AfterEach
    void stop() {
        g.close();
        s.close();
    }

    private long put(String tenant, String path, String env, String json) {
        TestServer.Reply r = s.put("/v1/tenants/" + tenant + "/config/" + path + "?env=" + env, ADMIN, json);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return Long.parseLong(r.header("X-Revision"));
    }

    /** A few layers, a text value and a secret, written over REST. */
    private void seed() {
        put("global", "models/chat", "base", "{\"model\":\"gpt-4o\",\"temperature\":0.7,\"max_tokens\":1000}");
        put("acme", "models/chat", "prod", "{\"temperature\":0.2}");
        put("acme", "models/embed", "base", "{\"model\":\"text-embedding-3\"}");
        assertThat(s.call("PUT", "/v1/tenants/acme/config/models/notes?env=prod", ADMIN, "hello, world", Map.of("Content-Type", "text/plain")).status())
                .isEqualTo(200);
        assertThat(s.put("/v1/tenants/acme/secrets/models/key?env=prod", ADMIN, "{\"value\":\"" + PLAIN_SECRET + "\"}").status()).isEqualTo(200);
        put("acme", "prompts/greeting", "prod", "\"Hi\"");
    }

    private static ResolveRequest resolve(String tenant, String env, String path) {
        return ResolveRequest.newBuilder().setTenant(tenant).setEnv(env).setPath(path).build();
    }

    // ---------------------------------------------------------------- the same answers

    @Test
    void resolveAnswersWhatRestAnswers() {
        seed();
        for (String path : List.of("models/chat", "models/embed", "models/notes", "models/key", "prompts/greeting")) {
            for (String env : List.of("prod", "base")) {
                TestServer.Reply rest = s.get("/v1/tenants/acme/config/" + path + "?env=" + env, ADMIN);
                if (rest.status() == 404) {
                    Status st = g.failure(ConfigServiceMethods.RESOLVE, ADMIN, resolve("acme", env, path));
                    assertThat(st.getCode()).isEqualTo(Status.Code.NOT_FOUND);
                    assertThat(st.getDescription()).isEqualTo(rest.json().get("detail").asString());
                    continue;
                }
                assertThat(rest.status()).as(path + " " + env).isEqualTo(200);
                ResolveResponse r = g.call(ConfigServiceMethods.RESOLVE, ADMIN, resolve("acme", env, path));
                assertThat(Json.parse(r.getValueJson())).as(path + " " + env).isEqualTo(Json.parse(rest.body()));
                assertThat(r.getRevision()).isEqualTo(Long.parseLong(rest.header("X-Revision")));
                assertThat(r.getModRevision()).isEqualTo(Long.parseLong(rest.header("X-Mod-Revision")));
                assertThat(r.getType()).isEqualTo(rest.header("X-Value-Type"));
                assertThat(r.getPath()).isEqualTo(path);
                assertThat(r.getValueJson()).doesNotContain(PLAIN_SECRET);
            }
        }
        ResolveResponse secret = g.call(ConfigServiceMethods.RESOLVE, ADMIN, resolve("acme", "prod", "models/key"));
        assertThat(secret.getType()).isEqualTo("secret");
        // a past revision and a minimum revision, as ?at= and ?minRevision=
        long before = put("acme", "models/embed", "base", "{\"model\":\"v2\"}") - 1;
        ResolveResponse past = g.call(ConfigServiceMethods.RESOLVE, ADMIN, resolve("acme", "base", "models/embed").toBuilder().setAt(Long.toString(before)).build());
        assertThat(Json.parse(past.getValueJson())).isEqualTo(Json.parse(s.get("/v1/tenants/acme/config/models/embed?at=" + before, ADMIN).body()));
        Status notYet = g.failure(ConfigServiceMethods.RESOLVE, ADMIN, resolve("acme", "base", "models/embed").toBuilder().setMinRevision(1_000_000).build());
        assertThat(notYet.getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
        assertThat(notYet.getDescription()).contains("is not reached");
    }

    @Test
    void listAnswersWhatRestAnswers() {
        seed();
        for (String prefix : List.of("", "models", "models/", "prompts", "nothing")) {
            for (String env : List.of("prod", "base")) {
                TestServer.Reply rest = s.get("/v1/tenants/acme/config?env=" + env + "&prefix=" + prefix, ADMIN);
                assertThat(rest.status()).isEqualTo(200);
                ListResponse r = g.call(ConfigServiceMethods.LIST, ADMIN, ListRequest.newBuilder().setTenant("acme").setEnv(env).setPrefix(prefix).build());
                assertThat(r.getRevision()).isEqualTo(rest.json().get("revision").asLong());
                assertThat(r.getScope()).isEqualTo(rest.json().get("scope").asString());
                assertThat(items(r.getItemsList())).as("prefix '" + prefix + "' env " + env).isEqualTo(rest.json().get("items"));
            }
        }
    }

    @Test
    void historyAnswersWhatRestAnswers() {
        seed();
        put("acme", "models/chat", "prod", "{\"temperature\":0.3}");
        assertThat(s.delete("/v1/tenants/acme/config/models/chat?env=prod", ADMIN).status()).isEqualTo(200);
        s.put("/v1/tenants/acme/secrets/models/key?env=prod", ADMIN, "{\"value\":\"" + PLAIN_SECRET + "-2\"}");
        for (String path : List.of("models/chat", "models/key", "models/notes")) {
            for (String query : List.of("", "env=prod", "env=base", "service=", "limit=1")) {
                TestServer.Reply rest = s.get("/v1/tenants/acme/history/" + path + "?" + query, ADMIN);
                assertThat(rest.status()).isEqualTo(200);
                HistoryRequest.Builder q = HistoryRequest.newBuilder().setTenant("acme").setPath(path);
                if (query.startsWith("env=")) {
                    q.setEnv(query.substring(4));
                } else if (query.equals("service=")) {
                    q.setService("");
                } else if (query.startsWith("limit=")) {
                    q.setLimit(Integer.parseInt(query.substring(6)));
                }
                HistoryResponse r = g.call(ConfigServiceMethods.HISTORY, ADMIN, q.build());
                assertThat(r.getPath()).isEqualTo(path);
                assertThat(history(r.getItemsList())).as(path + "?" + query).isEqualTo(rest.json().get("items"));
                assertThat(r.toString()).doesNotContain(PLAIN_SECRET);
            }
        }
    }

    @Test
    void aCommitLandsAtomicallyAndRestReadsIt() {
        put("acme", "old/gone", "base", "1");
        CommitResponse c = g.call(ConfigServiceMethods.COMMIT, ADMIN, CommitRequest.newBuilder().setTenant("acme").setMessage("over gRPC")
                .addChanges(Change.newBuilder().setOp(Change.Op.PUT).setPath("models/chat").setEnv("prod").setValueJson("{\"temperature\": 0.1}"))
                .addChanges(Change.newBuilder().setOp(Change.Op.PUT).setPath("models/note").setText("plain words"))
                .addChanges(Change.newBuilder().setOp(Change.Op.PUT_SECRET).setPath("models/key").setEnv("prod").setSecret(PLAIN_SECRET))
                .addChanges(Change.newBuilder().setOp(Change.Op.DELETE).setPath("old/gone"))
                .build());
        assertThat(c.getChanged()).isTrue();
        assertThat(c.getChanges()).isEqualTo(4);
        TestServer.Reply chat = s.get("/v1/tenants/acme/config/models/chat?env=prod", ADMIN);
        assertThat(chat.json()).isEqualTo(Json.parse("{\"temperature\":0.1}"));
        assertThat(chat.header("X-Mod-Revision")).isEqualTo(Long.toString(c.getRevision()));
        assertThat(s.get("/v1/tenants/acme/config/models/note", ADMIN).json().asString()).isEqualTo("plain words");
        assertThat(s.get("/v1/tenants/acme/secrets/models/key?env=prod&reveal=true", ADMIN).json().get("value").asString()).isEqualTo(PLAIN_SECRET);
        assertThat(s.get("/v1/tenants/acme/config/old/gone", ADMIN).status()).isEqualTo(404);
        JsonNode history = s.get("/v1/tenants/acme/history/models/chat", ADMIN).json().get("items").get(0);
        assertThat(history.get("message").asString()).isEqualTo("over gRPC");
        assertThat(history.get("author").asString()).isEqualTo(s.get("/v1/tenants/acme/history/old/gone", ADMIN).json().get("items").get(1).get("author").asString());

        // compare-and-set: a stale if_revision loses, and nothing of the batch lands
        long head = c.getRevision();
        put("acme", "models/chat", "prod", "{\"temperature\":0.5}");
        StatusRuntimeException lost = fails(() -> g.call(ConfigServiceMethods.COMMIT, ADMIN, CommitRequest.newBuilder().setTenant("acme")
                .addChanges(Change.newBuilder().setOp(Change.Op.PUT).setPath("models/other").setValueJson("1"))
                .addChanges(Change.newBuilder().setOp(Change.Op.PUT).setPath("models/chat").setEnv("prod").setValueJson("2").setIfRevision(head))
                .build()));
        assertThat(lost.getStatus().getCode()).isEqualTo(Status.Code.ABORTED);
        assertThat(s.get("/v1/tenants/acme/config/models/other", ADMIN).status()).isEqualTo(404);
    }

    @Test
    void badRequestsAreInvalidArgumentNamingTheField() {
        Metadata t = g.failureTrailers(ConfigServiceMethods.COMMIT, ADMIN, CommitRequest.newBuilder().setTenant("acme").build());
        assertThat(t.get(GrpcErrors.FIELD)).isEqualTo("changes");
        StatusRuntimeException bad = fails(() -> g.call(ConfigServiceMethods.COMMIT, ADMIN, CommitRequest.newBuilder().setTenant("acme")
                .addChanges(Change.newBuilder().setOp(Change.Op.PUT).setPath("a").setValueJson("{nope")).build()));
        assertThat(bad.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(bad.getTrailers().get(GrpcErrors.FIELD)).isEqualTo("changes[0].value_json");
        assertThat(bad.getTrailers().get(GrpcErrors.REQUEST_ID)).isNotEmpty();
        StatusRuntimeException path = fails(() -> g.call(ConfigServiceMethods.RESOLVE, ADMIN, resolve("acme", "prod", "../etc")));
        assertThat(path.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(path.getTrailers().get(GrpcErrors.FIELD)).isEqualTo("path");
        StatusRuntimeException env = fails(() -> g.call(ConfigServiceMethods.LIST, ADMIN, ListRequest.newBuilder().setTenant("acme").setEnv("Bad Env").build()));
        assertThat(env.getTrailers().get(GrpcErrors.FIELD)).isEqualTo("env");
        assertThat(g.failure(ConfigServiceMethods.LIST, ADMIN, ListRequest.newBuilder().build()).getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        Status op = g.failure(ConfigServiceMethods.COMMIT, ADMIN, CommitRequest.newBuilder().setTenant("acme").addChanges(Change.newBuilder().setPath("a")).build());
        assertThat(op.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    }

    // ---------------------------------------------------------------- the same refusals

    @Test
    void noCredentialIsUnauthenticatedOnEveryMethod() {
        seed();
        for (String token : new String[] {null, "llmcm_nope_nope", ""}) {
            assertThat(g.failure(ConfigServiceMethods.RESOLVE, token, resolve("acme", "prod", "models/chat")).getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
            assertThat(g.failure(ConfigServiceMethods.LIST, token, ListRequest.newBuilder().setTenant("acme").build()).getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
            assertThat(g.failure(ConfigServiceMethods.HISTORY, token, HistoryRequest.newBuilder().setTenant("acme").setPath("models/chat").build()).getCode())
                    .isEqualTo(Status.Code.UNAUTHENTICATED);
            assertThat(g.failure(ConfigServiceMethods.COMMIT, token, CommitRequest.newBuilder().setTenant("acme")
                    .addChanges(Change.newBuilder().setOp(Change.Op.PUT).setPath("x").setValueJson("1")).build()).getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
            try (GrpcClient.Stream w = g.watch(token, WatchRequest.newBuilder().setTenant("acme").build())) {
                assertThat(w.end().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
            }
        }
        assertThat(s.get("/v1/tenants/acme/config/x", ADMIN).status()).isEqualTo(404); // nothing was written
        awaitAudit(e -> e.action().equals("auth.authenticate") && e.outcome().equals("denied"), 15); // 5 methods, 3 times each
    }

    @Test
    void anotherTenantIsNotFoundExactlyLikeATenantThatDoesNotExist() {
        seed();
        String acmeViewer = s.key("acme", BuiltInRoles.VIEWER);
        for (String tenant : List.of("beta", "nosuch")) {
            String rest = s.get("/v1/tenants/" + tenant + "/config/models/chat", acmeViewer).json().get("detail").asString();
            List<Status> statuses = List.of(
                    g.failure(ConfigServiceMethods.RESOLVE, acmeViewer, resolve(tenant, "prod", "models/chat")),
                    g.failure(ConfigServiceMethods.LIST, acmeViewer, ListRequest.newBuilder().setTenant(tenant).build()),
                    g.failure(ConfigServiceMethods.HISTORY, acmeViewer, HistoryRequest.newBuilder().setTenant(tenant).setPath("models/chat").build()),
                    g.failure(ConfigServiceMethods.COMMIT, acmeViewer, CommitRequest.newBuilder().setTenant(tenant)
                            .addChanges(Change.newBuilder().setOp(Change.Op.PUT).setPath("x").setValueJson("1")).build()));
            for (Status st : statuses) {
                assertThat(st.getCode()).isEqualTo(Status.Code.NOT_FOUND);
                assertThat(st.getDescription()).isEqualTo(rest).isEqualTo("unknown tenant '" + tenant + "'");
            }
            try (GrpcClient.Stream w = g.watch(acmeViewer, WatchRequest.newBuilder().setTenant(tenant).build())) {
                Status st = w.end();
                assertThat(st.getCode()).isEqualTo(Status.Code.NOT_FOUND);
                assertThat(st.getDescription()).isEqualTo(rest);
            }
        }
    }

    @Test
    void aPermissionTheCallerLacksIsPermissionDeniedAsRestSaysIt() {
        String viewer = s.key("acme", BuiltInRoles.VIEWER);
        CommitRequest write = CommitRequest.newBuilder().setTenant("acme")
                .addChanges(Change.newBuilder().setOp(Change.Op.PUT).setPath("models/chat").setValueJson("1")).build();
        Status st = g.failure(ConfigServiceMethods.COMMIT, viewer, write);
        assertThat(st.getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
        TestServer.Reply rest = s.post("/v1/tenants/acme/commits", viewer, "{\"changes\":[{\"op\":\"put\",\"path\":\"models/chat\",\"value\":1}]}");
        assertThat(rest.status()).isEqualTo(403);
        assertThat(st.getDescription()).isEqualTo(rest.json().get("detail").asString());
        // the decision is audited as REST's is: the same action, target and outcome
        awaitAudit(e -> e.action().equals("authz.config.write") && e.outcome().equals("denied") && e.target().equals("models/chat env=base"), 2);
    }

    /** Waits (up to 10 s) until the audit trail holds {@code count} events that match. */
    private void awaitAudit(java.util.function.Predicate<io.llmcm.core.audit.AuditEvent> match, int count) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        long found = 0;
        while (System.nanoTime() < deadline) {
            found = s.repo().auditEvents(0, 100_000).stream().filter(match).count();
            if (found >= count) {
                return;
            }
            try {
                Thread.sleep(20); // polling a condition, not timing it
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
        throw new AssertionError("expected " + count + " audit events, found " + found);
    }

    @Test
    void aCallerBoundToAKeyPrefixListsAndWatchesOnlyItsPaths() {
        var k = new io.llmcm.core.auth.ApiKeys(s.repo(), java.time.Clock.systemUTC()).issue("acme", "narrow", null, "test");
        s.commit(new Mutation.PutBinding(new Binding("acme", "narrow", Subjects.KEY + k.key().id(), BuiltInRoles.VIEWER,
                new BindingScope(false, "models/public", ""), "")));
        put("acme", "models/public/a", "base", "1");
        put("acme", "models/private/b", "base", "2");
        ListResponse l = g.call(ConfigServiceMethods.LIST, k.secret(), ListRequest.newBuilder().setTenant("acme").setPrefix("models").build());
        assertThat(l.getItemsList()).extracting(Item::getPath).containsExactly("models/public/a");
        assertThat(items(l.getItemsList())).isEqualTo(s.get("/v1/tenants/acme/config?prefix=models", k.secret()).json().get("items"));
        assertThat(g.failure(ConfigServiceMethods.RESOLVE, k.secret(), resolve("acme", "base", "models/private/b")).getCode())
                .isEqualTo(Status.Code.PERMISSION_DENIED);
        try (GrpcClient.Stream w = g.watch(k.secret(), WatchRequest.newBuilder().setTenant("acme").setPrefix("models").build())) {
            assertThat(w.next().getKind()).isEqualTo(WatchEvent.Kind.READY);
            put("acme", "models/private/c", "base", "3"); // nothing of it is visible: no event at all
            long visible = put("acme", "models/public/d", "base", "4");
            WatchEvent e = w.nextChange();
            assertThat(e.getRevision()).isEqualTo(visible);
            assertThat(e.getChangesList()).extracting(io.llmcm.server.grpc.v1.WatchChange::getPath).containsExactly("models/public/d");
        }
    }

    // ---------------------------------------------------------------- watch

    @Test
    void aWatchResumedFromARevisionGetsExactlyTheLaterChangesInOrder() {
        List<Long> revisions = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            revisions.add(put("acme", "models/m" + (i % 2), "prod", Integer.toString(i)));
        }
        put("beta", "models/m0", "prod", "99"); // another tenant: never seen
        long from = revisions.get(1);
        try (GrpcClient.Stream w = g.watch(ADMIN, WatchRequest.newBuilder().setTenant("acme").setEnv("prod").setPrefix("models").setFromRevision(from).build())) {
            WatchEvent ready = w.next();
            assertThat(ready.getKind()).isEqualTo(WatchEvent.Kind.READY);
            assertThat(ready.getRevision()).isEqualTo(from);
            List<Long> seen = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                WatchEvent e = w.nextChange();
                seen.add(e.getRevision());
                assertThat(e.getChanges(0).getValueJson()).isEqualTo(Integer.toString(i + 2));
                assertThat(e.getTime()).isNotEmpty();
            }
            assertThat(seen).isEqualTo(revisions.subList(2, 5));
            assertThat(w.quietFor(Duration.ofMillis(700))).isTrue();
            // a quiet stream beats with the revision examined up to, which is the server's
            WatchEvent beat = w.next();
            assertThat(beat.getKind()).isEqualTo(WatchEvent.Kind.HEARTBEAT);
            assertThat(beat.getRevision()).isEqualTo(s.repo().revision());
            // deletes and secrets, as REST's events carry them
            assertThat(s.delete("/v1/tenants/acme/config/models/m0?env=prod", ADMIN).status()).isEqualTo(200);
            WatchEvent deleted = w.nextChange();
            assertThat(deleted.getChanges(0).getDeleted()).isTrue();
            s.put("/v1/tenants/acme/secrets/models/key?env=prod", ADMIN, "{\"value\":\"" + PLAIN_SECRET + "\"}");
            WatchEvent secret = w.nextChange();
            assertThat(secret.getChanges(0).getType()).isEqualTo("secret");
            assertThat(secret.toString()).doesNotContain(PLAIN_SECRET);
        }
        try (GrpcClient.Stream w = g.watch(ADMIN, WatchRequest.newBuilder().setTenant("acme").setFromRevision(1_000_000).build())) {
            assertThat(w.end().getCode()).isEqualTo(Status.Code.NOT_FOUND); // a revision not reached yet
        }
    }

    @Test
    void aWatcherGetsEveryRevisionExactlyOnceAcrossAServerRestart() {
        WatchRequest watch = WatchRequest.newBuilder().setTenant("acme").setEnv("prod").setPrefix("models").build();
        List<Long> written = new ArrayList<>();
        List<Long> seen = new ArrayList<>();
        long last;
        int port = s.server().grpcPort();
        try (GrpcClient.Stream w = g.watch(ADMIN, watch)) {
            last = w.next().getRevision();
            for (int i = 0; i < 5; i++) {
                written.add(put("acme", "models/m" + (i % 2), "prod", Integer.toString(i)));
            }
            for (int i = 0; i < 3; i++) {
                last = w.nextChange().getRevision();
                seen.add(last);
            }
            s = s.restart(); // the stream ends here, mid-way through what was written
            // what the old stream delivered before it ended counts as seen, as a client would keep it
            for (Object o = w.poll(Duration.ofSeconds(10)); o instanceof WatchEvent e; o = w.poll(Duration.ofSeconds(10))) {
                if (e.getKind() == WatchEvent.Kind.CHANGE) {
                    seen.add(e.getRevision());
                }
                last = e.getRevision();
            }
        }
        assertThat(s.server().grpcPort()).isEqualTo(port);
        for (int i = 5; i < 8; i++) {
            written.add(put("acme", "models/m" + (i % 2), "prod", Integer.toString(i)));
        }
        g.close();
        g = GrpcClient.plaintext(port); // the client reconnects to the same address
        try (GrpcClient.Stream w = g.watch(ADMIN, watch.toBuilder().setFromRevision(last).build())) {
            assertThat(w.next().getRevision()).isEqualTo(last);
            while (seen.size() < written.size()) {
                seen.add(w.nextChange().getRevision());
            }
            assertThat(w.quietFor(Duration.ofMillis(700))).isTrue();
        }
        assertThat(seen).as("every revision exactly once, in order").isEqualTo(written);
    }

    @Test
    void theServerStoppingEndsAWatchWithUnavailable() {
        try (GrpcClient.Stream w = g.watch(ADMIN, WatchRequest.newBuilder().setTenant("acme").build())) {
            long ready = w.next().getRevision();
            s.stop();
            StatusRuntimeException end = w.ended();
            assertThat(end.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
            assertThat(end.getStatus().getDescription()).contains("from_revision " + ready);
        }
    }

    @Test
    void aRevisionWhoseHistoryWasPrunedEndsTheWatchWithOutOfRange() {
        long old = put("acme", "models/a", "prod", "1");
        put("acme", "models/a", "prod", "2");
        clock.advance(Duration.ofDays(2));
        put("acme", "models/a", "prod", "3");
        s.repo().prune(Duration.ofDays(1));
        try (GrpcClient.Stream w = g.watch(ADMIN, WatchRequest.newBuilder().setTenant("acme").setEnv("prod").setFromRevision(old).build())) {
            StatusRuntimeException end = w.ended();
            assertThat(end.getStatus().getCode()).isEqualTo(Status.Code.OUT_OF_RANGE);
            assertThat(end.getStatus().getDescription()).contains("read a snapshot");
            assertThat(end.getTrailers().get(GrpcErrors.OLDEST_REVISION)).isEqualTo(Long.toString(s.repo().retentionFloor()));
        }
    }

    @Test
    void gRpcAndSseWatchesShareTheTenantsWatchQuota() {
        assertThat(s.put("/v1/tenants/acme/quota", ADMIN, "{\"maxWatches\":1}").status()).isEqualTo(200);
        try (GrpcClient.Stream first = g.watch(ADMIN, WatchRequest.newBuilder().setTenant("acme").build())) {
            first.next();
            try (GrpcClient.Stream second = g.watch(ADMIN, WatchRequest.newBuilder().setTenant("acme").build())) {
                StatusRuntimeException refused = second.ended();
                assertThat(refused.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
                assertThat(refused.getTrailers().get(GrpcErrors.RETRY_AFTER)).isNotNull();
            }
            assertThat(s.get("/v1/watch?tenant=acme", ADMIN).status()).isEqualTo(429);
        }
        try (GrpcClient.Stream again = g.watch(ADMIN, WatchRequest.newBuilder().setTenant("acme").build())) {
            assertThat(again.next().getKind()).isEqualTo(WatchEvent.Kind.READY); // the place was given back
        }
    }

    // ---------------------------------------------------------------- transport

    @Test
    void answersAreGzipCompressedForAClientThatAcceptsGzip() {
        seed();
        g.call(ConfigServiceMethods.LIST, ADMIN, ListRequest.newBuilder().setTenant("acme").build());
        Metadata headers = g.lastHeaders.get();
        assertThat(headers.get(Metadata.Key.of("grpc-encoding", Metadata.ASCII_STRING_MARSHALLER))).isEqualTo("gzip");
        assertThat(headers.get(GrpcErrors.REQUEST_ID)).isNotEmpty();
    }

    @Test
    void aGzipRequestIsAcceptedAndARequestIdCanBeChosen() {
        CommitResponse c = g.call(ConfigServiceMethods.COMMIT, ADMIN, CommitRequest.newBuilder().setTenant("acme")
                .addChanges(Change.newBuilder().setOp(Change.Op.PUT).setPath("models/big").setValueJson("\"" + "x".repeat(10_000) + "\"")).build(),
                io.grpc.CallOptions.DEFAULT.withCompression("gzip"));
        assertThat(s.get("/v1/tenants/acme/config/models/big", ADMIN).header("X-Revision")).isEqualTo(Long.toString(c.getRevision()));
        Metadata id = new Metadata();
        id.put(GrpcErrors.REQUEST_ID, "my-request-42");
        io.grpc.ManagedChannel channel = GrpcClient.plaintextChannel(s.server().grpcPort());
        try {
            StatusRuntimeException e = fails(() -> io.grpc.stub.ClientCalls.blockingUnaryCall(io.grpc.ClientInterceptors.intercept(
                    channel, io.grpc.stub.MetadataUtils.newAttachHeadersInterceptor(id)),
                    ConfigServiceMethods.LIST, io.grpc.CallOptions.DEFAULT, ListRequest.newBuilder().setTenant("acme").build()));
            assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
            assertThat(e.getTrailers().get(GrpcErrors.REQUEST_ID)).isEqualTo("my-request-42");
        } finally {
            channel.shutdownNow();
        }
    }

    @Test
    void aSuspendedTenantRefusesAllButItsAdmins() {
        String viewer = s.key("acme", BuiltInRoles.VIEWER);
        assertThat(s.put("/v1/tenants/acme/state", ADMIN, "{\"state\":\"suspended\"}").status()).isEqualTo(200);
        Status st = g.failure(ConfigServiceMethods.LIST, viewer, ListRequest.newBuilder().setTenant("acme").build());
        assertThat(st.getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
        assertThat(st.getDescription()).isEqualTo(s.get("/v1/tenants/acme/config", viewer).json().get("detail").asString()).contains("suspended");
        assertThat(g.call(ConfigServiceMethods.LIST, ADMIN, ListRequest.newBuilder().setTenant("acme").build()).getScope()).isEqualTo("acme:base");
    }

    @Test
    void grpcIsOffUnlessAPortIsGiven() {
        try (TestServer plain = TestServer.start()) {
            assertThat(plain.server().grpcPort()).isEqualTo(Server.Options.GRPC_OFF);
        }
    }

    // ---------------------------------------------------------------- REST's JSON forms of the answers

    private static StatusRuntimeException fails(Runnable r) {
        try {
            r.run();
        } catch (StatusRuntimeException e) {
            return e;
        }
        throw new AssertionError("expected a failure");
    }

    private static ObjectNode layer(Layer l, boolean withTenant) {
        ObjectNode o = Json.NODES.objectNode();
        o.put("env", l.getEnv());
        if (!l.getService().isEmpty()) {
            o.put("service", l.getService());
        }
        if (withTenant) {
            o.put("tenant", l.getTenant());
        }
        return o;
    }

    /** List items in the form REST writes them (reparsed, so numbers compare as REST's do). */
    private static JsonNode items(List<Item> items) {
        ArrayNode a = Json.NODES.arrayNode();
        for (Item i : items) {
            ObjectNode o = a.addObject();
            o.put("path", i.getPath());
            o.set("value", Json.parse(i.getValueJson()));
            o.put("type", i.getType());
            o.put("modRevision", i.getModRevision());
            if (i.hasFrom()) {
                o.set("from", layer(i.getFrom(), true));
            }
        }
        return Json.parse(Json.compact(a));
    }

    /** History items in the form REST writes them (reparsed). */
    private static JsonNode history(List<HistoryItem> items) {
        ArrayNode a = Json.NODES.arrayNode();
        for (HistoryItem h : items) {
            ObjectNode o = a.addObject();
            o.put("revision", h.getRevision());
            o.set("layer", layer(h.getLayer(), false));
            if (h.getDeleted()) {
                o.put("deleted", true);
            } else {
                o.set("value", Json.parse(h.getValueJson()));
                o.put("type", h.getType());
                if (h.getReplace()) {
                    o.put("replace", true);
                }
            }
            if (!h.getTime().isEmpty()) {
                o.put("time", h.getTime());
                o.put("author", h.getAuthor());
                o.put("message", h.getMessage());
            }
        }
        return Json.parse(Json.compact(a));
    }
}
