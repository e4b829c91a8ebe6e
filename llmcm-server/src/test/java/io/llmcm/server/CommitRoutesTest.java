package io.llmcm.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmcm.core.auth.BuiltInRoles;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Batch commits (atomic, dry run, sealed secrets), history, diff and rollback over HTTP. */
class CommitRoutesTest {
    static TestServer s;
    static String dev;

    @BeforeAll
    static void start() {
        s = TestServer.start();
        dev = s.key("acme", BuiltInRoles.DEVELOPER);
    }

    @AfterAll
    static void stop() {
        s.close();
    }

    private static TestServer.Reply commit(String json) {
        return s.post("/v1/tenants/acme/commits", dev, json);
    }

    @Test
    void aBatchLandsAsOneRevision() {
        long before = s.server().revision();
        TestServer.Reply r = commit("{\"message\":\"set up\",\"changes\":["
                + "{\"op\":\"put\",\"path\":\"batch/a\",\"value\":{\"x\":1}},"
                + "{\"op\":\"put\",\"path\":\"batch/a\",\"env\":\"prod\",\"value\":{\"x\":2}},"
                + "{\"op\":\"put\",\"path\":\"batch/t\",\"service\":\"bot\",\"text\":\"hello\"},"
                + "{\"op\":\"put-secret\",\"path\":\"batch/s\",\"secret\":\"batch-secret\"}]}");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().get("revision").asLong()).isEqualTo(before + 1);
        assertThat(r.json().get("changes").asInt()).isEqualTo(4);
        assertThat(s.get("/v1/tenants/acme/config/batch/a?env=prod", dev).json().get("x").asInt()).isEqualTo(2);
        assertThat(s.get("/v1/tenants/acme/config/batch/t?service=bot", dev).json().asString()).isEqualTo("hello");
        assertThat(s.get("/v1/tenants/acme/secrets/batch/s?reveal=true", dev).json().get("value").asString()).isEqualTo("batch-secret");
        assertThat(s.get("/v1/tenants/acme/history/batch/a", dev).json().get("items").get(0).get("message").asString()).isEqualTo("set up");

        TestServer.Reply del = commit("{\"changes\":[{\"op\":\"delete\",\"path\":\"batch/a\",\"env\":\"prod\"}]}");
        assertThat(del.status()).isEqualTo(200);
        assertThat(s.get("/v1/tenants/acme/config/batch/a?env=prod", dev).json().get("x").asInt()).isEqualTo(1);
    }

    @Test
    void oneBadChangeAppliesNothing() {
        long before = s.server().revision();
        // the engine refuses the delete of an entry that does not exist
        Problem.of(commit("{\"changes\":[{\"op\":\"put\",\"path\":\"atomic/a\",\"value\":1},"
                + "{\"op\":\"delete\",\"path\":\"atomic/none\"}]}"), 404);
        // a stale ifRevision
        Problem.of(commit("{\"changes\":[{\"op\":\"put\",\"path\":\"atomic/a\",\"value\":1},"
                + "{\"op\":\"put\",\"path\":\"atomic/b\",\"value\":1,\"ifRevision\":1}]}"), 409);
        // the request is refused before the engine
        Problem.field(commit("{\"changes\":[{\"op\":\"put\",\"path\":\"atomic/a\",\"value\":1},"
                + "{\"op\":\"rename\",\"path\":\"atomic/b\"}]}"), 400, "/changes/1/op");
        Problem.field(commit("{\"changes\":[{\"op\":\"put\",\"path\":\"atomic/a\",\"value\":1},"
                + "{\"op\":\"put\",\"path\":\"atomic/../b\",\"value\":1}]}"), 400, "/changes/1/path");
        assertThat(s.server().revision()).isEqualTo(before);
        Problem.of(s.get("/v1/tenants/acme/config/atomic/a", dev), 404);
    }

    @Test
    void aDryRunReportsAndAppliesNothing() {
        long before = s.server().revision();
        TestServer.Reply r = commit("{\"dryRun\":true,\"changes\":[{\"op\":\"put\",\"path\":\"dry/a\",\"value\":{\"k\":1}},"
                + "{\"op\":\"put-secret\",\"path\":\"dry/s\",\"secret\":\"dry-secret\"}]}");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.body()).doesNotContain("dry-secret");
        JsonNode report = r.json();
        assertThat(report.get("valid").asBoolean()).isTrue();
        assertThat(report.get("violations").size()).isZero();
        List<String> previewed = new ArrayList<>();
        report.get("previews").forEach(p -> previewed.add(p.get("path").asString()));
        assertThat(previewed).contains("dry/a", "dry/s");
        assertThat(s.server().revision()).isEqualTo(before);
        Problem.of(s.get("/v1/tenants/acme/config/dry/a", dev), 404);
    }

    @Test
    void historyIsNewestFirstFilteredByLayerAndMasksSecrets() {
        s.put("/v1/tenants/acme/config/hist/x", dev, "1");
        s.put("/v1/tenants/acme/config/hist/x", dev, "2");
        s.put("/v1/tenants/acme/config/hist/x?env=prod", dev, "3");
        s.delete("/v1/tenants/acme/config/hist/x?env=prod", dev);
        JsonNode all = s.get("/v1/tenants/acme/history/hist/x", dev).json();
        assertThat(all.get("items").size()).isEqualTo(4);
        assertThat(all.get("items").get(0).get("deleted").asBoolean()).isTrue();
        JsonNode base = s.get("/v1/tenants/acme/history/hist/x?env=base", dev).json();
        assertThat(base.get("items").size()).isEqualTo(2);
        assertThat(base.get("items").get(0).get("value").asInt()).isEqualTo(2);
        assertThat(base.get("items").get(0).get("author").asString()).isNotBlank();
        assertThat(s.get("/v1/tenants/acme/history/hist/x?limit=1", dev).json().get("items").size()).isEqualTo(1);
        assertThat(s.get("/v1/tenants/acme/history/hist/x?env=", dev).json().get("items").size()).isEqualTo(4);
        assertThat(s.get("/v1/tenants/acme/history/hist/x?env=prod", dev).json().get("items").size()).isEqualTo(2);

        s.put("/v1/tenants/acme/secrets/hist/s", dev, "{\"value\":\"hist-plain-1\"}");
        s.put("/v1/tenants/acme/secrets/hist/s", dev, "{\"value\":\"hist-plain-2\"}");
        TestServer.Reply h = s.get("/v1/tenants/acme/history/hist/s", dev);
        assertThat(h.body()).doesNotContain("hist-plain");
        assertThat(h.json().get("items").size()).isEqualTo(2);
        assertThat(h.json().get("items").get(0).get("value").get("secret").asString()).isEqualTo("***");
        assertThat(h.json().get("items").get(0).get("type").asString()).isEqualTo("secret");
    }

    @Test
    void diffBetweenRevisionsAndFromATag() {
        long from = s.put("/v1/tenants/acme/config/diff/a", dev, "{\"k\":1}").json().get("revision").asLong();
        s.commit(new io.llmcm.core.model.Mutation.PutTag(new io.llmcm.core.model.Tag("acme", "diff-start", from)));
        s.put("/v1/tenants/acme/config/diff/a", dev, "{\"k\":2}");
        s.put("/v1/tenants/acme/config/diff/b", dev, "true");
        s.put("/v1/tenants/acme/secrets/diff/s", dev, "{\"value\":\"diff-plain\"}");
        long to = s.server().revision();

        TestServer.Reply d = s.get("/v1/tenants/acme/diff?from=" + from + "&prefix=diff", dev);
        assertThat(d.status()).as(d.body()).isEqualTo(200);
        assertThat(d.body()).doesNotContain("diff-plain");
        JsonNode j = d.json();
        assertThat(j.get("from").asLong()).isEqualTo(from);
        assertThat(j.get("to").asLong()).isEqualTo(to);
        List<String> changes = new ArrayList<>();
        j.get("items").forEach(i -> changes.add(i.get("path").asString() + ":" + i.get("change").asString()));
        assertThat(changes).containsExactlyInAnyOrder("diff/a:modified", "diff/b:added", "diff/s:added");
        assertThat(s.get("/v1/tenants/acme/diff?from=diff-start&to=" + from + "&prefix=diff", dev).json().get("items").size()).isZero();
        Problem.field(s.get("/v1/tenants/acme/diff?from=no-such-tag", dev), 404, "query:from");
    }

    @Test
    void rollbackRestoresAPrefixAsOneNewCommit() {
        long r1 = s.put("/v1/tenants/acme/config/rb/a", dev, "1").json().get("revision").asLong();
        s.put("/v1/tenants/acme/config/rb/a", dev, "2");
        s.put("/v1/tenants/acme/config/rb/new", dev, "3");
        s.put("/v1/tenants/acme/config/other/keep", dev, "4");
        TestServer.Reply r = s.post("/v1/tenants/acme/rollback", dev, "{\"to\":" + r1 + ",\"prefix\":\"rb\",\"message\":\"undo\"}");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().get("changes").asInt()).isEqualTo(2);
        assertThat(s.get("/v1/tenants/acme/config/rb/a", dev).json().asInt()).isEqualTo(1);
        Problem.of(s.get("/v1/tenants/acme/config/rb/new", dev), 404);
        assertThat(s.get("/v1/tenants/acme/config/other/keep", dev).json().asInt()).isEqualTo(4);
        assertThat(s.get("/v1/tenants/acme/history/rb/a", dev).json().get("items").get(0).get("message").asString()).isEqualTo("undo");

        String viewer = s.key("acme", BuiltInRoles.VIEWER);
        long before = s.server().revision();
        Problem.of(s.post("/v1/tenants/acme/rollback", viewer, "{\"to\":" + r1 + "}"), 403);
        Problem.field(s.post("/v1/tenants/acme/rollback", dev, "{\"prefix\":\"rb\"}"), 400, "/to");
        assertThat(s.server().revision()).isEqualTo(before);
    }
}
