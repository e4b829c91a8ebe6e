package io.llmcm.server.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Status;
import io.llmcm.core.auth.Binding;
import io.llmcm.core.auth.BindingScope;
import io.llmcm.core.auth.BuiltInRoles;
import io.llmcm.core.auth.Subjects;
import io.llmcm.core.model.Mutation;
import io.llmcm.server.Server;
import io.llmcm.server.TestServer;
import io.llmcm.server.grpc.v1.ReportAppliedRequest;
import io.llmcm.server.grpc.v1.ReportAppliedResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** ReportApplied against a running server, side by side with POST /v1/tenants/{t}/reports. */
class GrpcReportTest {
    private static final String ADMIN = TestServer.BOOTSTRAP;

    private TestServer s;
    private GrpcClient g;

    @BeforeEach
    void start() {
        s = TestServer.start(Server.Options.defaults().withGrpcPort(0));
        g = GrpcClient.plaintext(s.server().grpcPort());
    }

    @AfterEach
    void stop() {
        g.close();
        s.close();
    }

    private long put(String path, String json) {
        TestServer.Reply r = s.put("/v1/tenants/acme/config/" + path, ADMIN, json);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return Long.parseLong(r.header("X-Revision"));
    }

    private static ReportAppliedRequest.Builder report(String client, long revision, boolean accepted) {
        return ReportAppliedRequest.newBuilder().setTenant("acme").setClient(client).setEnv("base").setPrefix("models")
                .setRevision(revision).setAccepted(accepted);
    }

    @Test
    void grpcAndRestReportsAreCountedTogether() {
        long r = put("models/chat", "{\"model\":\"a\"}");
        ReportAppliedResponse answer = g.call(ConfigServiceMethods.REPORT_APPLIED, ADMIN, report("grpc-1", r, true).build());
        assertThat(answer.getClient()).isEqualTo("grpc-1");
        assertThat(answer.getRevision()).isEqualTo(r);
        assertThat(answer.hasRollback()).isFalse();
        TestServer.Reply rest = s.post("/v1/tenants/acme/reports", ADMIN,
                "{\"client\":\"rest-1\",\"env\":\"base\",\"prefix\":\"models\",\"revision\":" + r + ",\"accepted\":false,\"reason\":\"too hot\"}");
        assertThat(rest.status()).as(rest.body()).isEqualTo(200);

        JsonNode views = s.get("/v1/tenants/acme/reports?prefix=models", ADMIN).json().get("views");
        assertThat(views).hasSize(1);
        assertThat(views.get(0).get("clients").asInt()).isEqualTo(2);
        JsonNode at = views.get(0).get("revisions").get(0);
        assertThat(at.get("accepted").asInt()).isEqualTo(1);
        assertThat(at.get("rejected").asInt()).isEqualTo(1);
    }

    @Test
    void aRejectionOverGrpcTripsARollbackRuleAsOverRest() {
        long before = put("models/chat", "{\"model\":\"a\"}");
        TestServer.Reply rule = s.put("/v1/tenants/acme/rollback-rules/hot", ADMIN,
                "{\"env\":\"base\",\"prefix\":\"models\",\"minReports\":1,\"rejectShare\":0.5}");
        assertThat(rule.status()).as(rule.body()).isIn(200, 201);
        long bad = put("models/chat", "{\"model\":\"b\"}");
        ReportAppliedResponse answer = g.call(ConfigServiceMethods.REPORT_APPLIED, ADMIN, report("c1", bad, false).setReason("bad model").build());
        assertThat(answer.hasRollback()).isTrue();
        assertThat(answer.getRollback().getRevertedRevision()).isEqualTo(bad);
        assertThat(answer.getRollback().getRevision()).isGreaterThan(bad);
        assertThat(s.get("/v1/tenants/acme/config/models/chat", ADMIN).json().get("model").asString()).isEqualTo("a");
        assertThat(before).isLessThan(bad);
    }

    @Test
    void refusalsAreRestsRefusals() {
        long r = put("models/chat", "1");
        // no credential
        assertThat(g.failure(ConfigServiceMethods.REPORT_APPLIED, null, report("c", r, true).build()).getCode())
                .isEqualTo(Status.Code.UNAUTHENTICATED);
        // a reader of other paths may not report on this view: the same 403 as REST
        var k = new io.llmcm.core.auth.ApiKeys(s.repo(), java.time.Clock.systemUTC()).issue("acme", "narrow", null, "test");
        s.commit(new Mutation.PutBinding(new Binding("acme", "narrow", Subjects.KEY + k.key().id(), BuiltInRoles.VIEWER,
                new BindingScope(false, "prompts", ""), "")));
        Status denied = g.failure(ConfigServiceMethods.REPORT_APPLIED, k.secret(), report("c", r, true).build());
        TestServer.Reply rest = s.post("/v1/tenants/acme/reports", k.secret(),
                "{\"client\":\"c\",\"env\":\"base\",\"prefix\":\"models\",\"revision\":" + r + ",\"accepted\":true}");
        assertThat(rest.status()).isEqualTo(403);
        assertThat(denied.getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
        assertThat(denied.getDescription()).isEqualTo(rest.json().get("detail").asString());
        // what is missing or wrong, named
        for (ReportAppliedRequest bad : new ReportAppliedRequest[] {
                report("c", r, true).clearRevision().build(),
                report("c", r, true).clearAccepted().build(),
                report("", r, true).build(),
                report("c", r + 1000, true).build(),
                report("c", r, false).setReason("x".repeat(301)).build()}) {
            assertThat(g.failure(ConfigServiceMethods.REPORT_APPLIED, ADMIN, bad).getCode()).as(bad.toString()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        }
        String field = g.failureTrailers(ConfigServiceMethods.REPORT_APPLIED, ADMIN, report("c", r, true).clearRevision().build())
                .get(GrpcErrors.FIELD);
        assertThat(field).isEqualTo("revision");
        // another tenant is not found, as over REST
        assertThat(g.failure(ConfigServiceMethods.REPORT_APPLIED, ADMIN, report("c", r, true).setTenant("nope").build()).getCode())
                .isEqualTo(Status.Code.NOT_FOUND);
    }
}
