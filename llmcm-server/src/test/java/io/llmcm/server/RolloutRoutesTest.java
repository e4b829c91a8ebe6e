package io.llmcm.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmcm.core.auth.BuiltInRoles;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Client reports, the per-view summary, rollback rules and the automatic rollback, over HTTP. */
class RolloutRoutesTest {
    private static final String ADMIN = TestServer.BOOTSTRAP;

    private TestServer s;

    @BeforeEach
    void start() {
        s = TestServer.start();
    }

    @AfterEach
    void stop() {
        s.close();
    }

    private long put(String tenant, String path, String json) {
        TestServer.Reply r = s.put("/v1/tenants/" + tenant + "/config/" + path + "?env=prod", ADMIN, json);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return Long.parseLong(r.header("X-Revision"));
    }

    private JsonNode report(String client, long revision, boolean accepted) {
        TestServer.Reply r = s.post("/v1/tenants/acme/reports", ADMIN, "{\"client\":\"" + client + "\",\"env\":\"prod\",\"prefix\":\"models\",\"revision\":"
                + revision + ",\"accepted\":" + accepted + (accepted ? "" : ",\"reason\":\"max_tokens too high\"") + "}");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json();
    }

    private void rule(String json) {
        TestServer.Reply r = s.put("/v1/tenants/acme/rollback-rules/models-guard", ADMIN, json);
        assertThat(r.status()).as(r.body()).isIn(200, 201);
    }

    @Test
    void theSummaryShowsHowManyClientsRunWhichRevisionAndWhoRejectedIt() {
        long r1 = put("acme", "models/chat", "{\"max_tokens\":1000}");
        long r2 = put("acme", "models/chat", "{\"max_tokens\":999999}");
        report("pod-1", r1, true);
        report("pod-2", r2, true);
        report("pod-3", r2, false);
        JsonNode views = s.get("/v1/tenants/acme/reports?env=prod", ADMIN).json().get("views");
        assertThat(views).hasSize(1);
        JsonNode v = views.get(0);
        assertThat(v.get("prefix").asString()).isEqualTo("models");
        assertThat(v.get("clients").asInt()).isEqualTo(3);
        JsonNode newest = v.get("revisions").get(0);
        assertThat(newest.get("revision").asLong()).isEqualTo(r2);
        assertThat(List.of(newest.get("clients").asInt(), newest.get("accepted").asInt(), newest.get("rejected").asInt())).containsExactly(2, 1, 1);
        assertThat(newest.get("reasons").get(0).asString()).isEqualTo("max_tokens too high");
        assertThat(s.get("/v1/tenants/acme/reports?env=dev", ADMIN).json().get("views")).isEmpty();
    }

    @Test
    void enoughRejectionsRevertTheNewestChangeOnceAndItIsAudited() {
        rule("{\"env\":\"prod\",\"prefix\":\"models\",\"minReports\":2,\"rejectShare\":0.5}");
        long good = put("acme", "models/chat", "{\"max_tokens\":1000}");
        long bad = put("acme", "models/chat", "{\"max_tokens\":999999}");
        assertThat(report("pod-1", bad, false).has("rollback")).as("one report is below minReports").isFalse();
        JsonNode second = report("pod-2", bad, false);
        assertThat(second.get("rollback").get("revertedRevision").asLong()).isEqualTo(bad);
        long rolledBack = second.get("rollback").get("revision").asLong();

        TestServer.Reply now = s.get("/v1/tenants/acme/config/models/chat?env=prod", ADMIN);
        assertThat(now.json().get("max_tokens").asInt()).isEqualTo(1000);
        assertThat(now.header("X-Mod-Revision")).isEqualTo(Long.toString(rolledBack));
        JsonNode history = s.get("/v1/tenants/acme/history/models/chat", ADMIN).json().get("items");
        assertThat(history.get(0).get("revision").asLong()).isEqualTo(rolledBack);
        assertThat(good).isLessThan(bad);

        assertThat(report("pod-3", bad, false).has("rollback")).as("once per revision").isFalse();
        JsonNode audit = s.get("/v1/audit?tenant=acme&action=rollout.rollback", ADMIN).json().get("items");
        assertThat(audit).hasSize(1);
        assertThat(audit.get(0).get("outcome").asString()).isEqualTo("done");
        assertThat(audit.get(0).get("detail").asString()).contains("2 of 2 clients rejected revision " + bad);
    }

    @Test
    void aNewerChangeOrAChangeFromAnAncestorIsNotRolledBackAndTheReasonIsAudited() {
        rule("{\"env\":\"prod\",\"prefix\":\"models\",\"minReports\":1,\"rejectShare\":1}");
        long first = put("acme", "models/a", "1");
        put("acme", "models/b", "2");
        assertThat(report("pod-1", first, false).has("rollback")).isFalse();
        long inherited = put("global", "models/c", "3");
        assertThat(report("pod-2", inherited, false).has("rollback")).isFalse();
        assertThat(s.get("/v1/tenants/acme/config/models/c?env=prod", ADMIN).status()).isEqualTo(200);
        JsonNode audit = s.get("/v1/audit?tenant=acme&action=rollout.rollback", ADMIN).json().get("items");
        assertThat(audit).extracting(e -> e.get("outcome").asString()).containsOnly("skipped");
        assertThat(audit).extracting(e -> e.get("detail").asString()).anySatisfy(d -> assertThat(d).contains("a newer change"))
                .anySatisfy(d -> assertThat(d).contains("not made in tenant 'acme'"));
    }

    @Test
    void rulesAreListedReplacedAndDeletedThroughTheLog() {
        rule("{\"env\":\"prod\",\"prefix\":\"models/\",\"minReports\":3}");
        JsonNode items = s.get("/v1/tenants/acme/rollback-rules", ADMIN).json().get("items");
        assertThat(items).hasSize(1);
        assertThat(items.get(0).get("prefix").asString()).isEqualTo("models");
        assertThat(items.get(0).get("rejectShare").asDouble()).isEqualTo(0.5);
        assertThat(s.put("/v1/tenants/acme/rollback-rules/models-guard", ADMIN, "{\"env\":\"prod\",\"minReports\":4}").status()).isEqualTo(200);
        assertThat(s.delete("/v1/tenants/acme/rollback-rules/models-guard", ADMIN).status()).isEqualTo(200);
        assertThat(s.delete("/v1/tenants/acme/rollback-rules/models-guard", ADMIN).status()).isEqualTo(404);
        assertThat(s.get("/v1/tenants/acme/rollback-rules", ADMIN).json().get("items")).isEmpty();
    }

    @Test
    void aViewerReportsAndReadsButWritesNoRule() {
        String viewer = s.key("acme", BuiltInRoles.VIEWER);
        long r = put("acme", "models/chat", "1");
        assertThat(s.post("/v1/tenants/acme/reports", viewer, "{\"client\":\"v\",\"revision\":" + r + ",\"accepted\":true}").status()).isEqualTo(200);
        assertThat(s.get("/v1/tenants/acme/reports", viewer).status()).isEqualTo(200);
        assertThat(s.put("/v1/tenants/acme/rollback-rules/x", viewer, "{}").status()).isEqualTo(403);
    }

    @Test
    void badReportsAndRulesNameTheFieldAndChangeNothing() {
        long before = s.server().revision();
        Map<String, String> reports = Map.of(
                "{\"revision\":1,\"accepted\":true}", "/client",
                "{\"client\":\"a\",\"accepted\":true}", "/revision",
                "{\"client\":\"a\",\"revision\":1}", "/accepted",
                "{\"client\":\"a\",\"revision\":99999,\"accepted\":true}", "/revision",
                "{\"client\":\"a\",\"revision\":1,\"accepted\":\"yes\"}", "/accepted",
                "{\"client\":\"a\",\"revision\":1,\"accepted\":true,\"env\":\"PROD\"}", "/env",
                "{\"client\":\"a\",\"revision\":1,\"accepted\":true,\"prefix\":\"a/../b\"}", "/prefix",
                "{\"client\":\"a\",\"revision\":1,\"accepted\":true,\"extra\":1}", "/extra");
        refused("POST", "/v1/tenants/acme/reports", reports);
        Map<String, String> rules = Map.of(
                "{\"rejectShare\":0}", "/rejectShare",
                "{\"rejectShare\":1.5}", "/rejectShare",
                "{\"minReports\":0}", "/minReports",
                "{\"prefix\":\"a//b\"}", "/prefix",
                "{\"when\":1}", "/when");
        refused("PUT", "/v1/tenants/acme/rollback-rules/r1", rules);
        assertThat(s.put("/v1/tenants/acme/rollback-rules/r1", ADMIN, "{\"env\":\"nosuch\"}").status()).isEqualTo(404);
        assertThat(s.put("/v1/tenants/acme/rollback-rules/bad%20name", ADMIN, "{}").status()).isEqualTo(400);
        assertThat(s.server().revision()).as("nothing committed").isEqualTo(before);
    }

    /** Each body (key) is refused with 400 naming its field (value). */
    private void refused(String method, String path, Map<String, String> fieldByBody) {
        fieldByBody.forEach((body, field) -> {
            TestServer.Reply r = s.call(method, path, ADMIN, body, Map.of("Content-Type", "application/json"));
            assertThat(r.status()).as(body).isEqualTo(400);
            assertThat(r.json().get("field").asString()).as(body).isEqualTo(field);
        });
    }
}
