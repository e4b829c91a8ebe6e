package io.llmcm.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmcm.core.auth.BuiltInRoles;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The main path through the server: write, read with its revision, compare-and-set, refusals. */
class ServerSmokeTest {
    static TestServer s;

    @BeforeAll
    static void start() {
        s = TestServer.start();
    }

    @AfterAll
    static void stop() {
        s.close();
    }

    @Test
    void writeThenReadCarriesRevisionAndCompareAndSetRefusesAStaleWriter() {
        String dev = s.key("acme", BuiltInRoles.DEVELOPER);
        TestServer.Reply put = s.put("/v1/tenants/acme/config/models/chat?env=prod", dev, "{\"model\":\"gpt-4o\",\"temperature\":0.7}");
        assertThat(put.status()).isEqualTo(200);
        long rev = put.json().get("revision").asLong();

        TestServer.Reply get = s.get("/v1/tenants/acme/config/models/chat?env=prod", dev);
        assertThat(get.status()).isEqualTo(200);
        assertThat(get.json().get("model").asString()).isEqualTo("gpt-4o");
        assertThat(get.header("X-Revision")).isEqualTo(Long.toString(rev));
        assertThat(get.header("ETag")).isEqualTo("\"" + rev + "\"");

        TestServer.Reply first = s.call("PUT", "/v1/tenants/acme/config/models/chat?env=prod", dev, "{\"model\":\"a\"}",
                java.util.Map.of("Content-Type", "application/json", "If-Match", get.header("ETag")));
        assertThat(first.status()).isEqualTo(200);
        TestServer.Reply stale = s.call("PUT", "/v1/tenants/acme/config/models/chat?env=prod", dev, "{\"model\":\"b\"}",
                java.util.Map.of("Content-Type", "application/json", "If-Match", get.header("ETag")));
        assertThat(stale.status()).isEqualTo(412);
        assertThat(stale.header("Content-Type")).startsWith("application/problem+json");
        assertThat(s.get("/v1/tenants/acme/config/models/chat?env=prod", dev).json().get("model").asString()).isEqualTo("a");
    }

    @Test
    void everyWriteAndDecisionIsInTheAuditChain() {
        String dev = s.key("acme", BuiltInRoles.DEVELOPER);
        TestServer.Reply put = s.put("/v1/tenants/acme/config/audited/x?env=prod", dev, "{\"model\":\"m\"}");
        long rev = put.json().get("revision").asLong();
        assertThat(s.get("/v1/tenants/acme/config/audited/x", "llmcm_wrong_token").status()).isEqualTo(401);
        s.repo().audit().flush();
        var events = s.repo().auditEvents(0, 100_000);
        assertThat(events).anySatisfy(e -> {
            assertThat(e.action()).isEqualTo("commit");
            assertThat(e.tenant()).isEqualTo("acme");
            assertThat(e.target()).isEqualTo("revision " + rev);
            assertThat(e.detail()).isEqualTo("put acme:prod audited/x");
            assertThat(e.hash()).isNotEmpty();
            assertThat(e.mac()).isNotEmpty();
        });
        assertThat(events).anySatisfy(e -> {
            assertThat(e.action()).isEqualTo("authz.config.write");
            assertThat(e.outcome()).isEqualTo("allowed");
            assertThat(e.target()).isEqualTo("audited/x env=prod");
        });
        assertThat(events).anySatisfy(e -> {
            assertThat(e.action()).isEqualTo("auth.authenticate");
            assertThat(e.outcome()).isEqualTo("denied");
        });
        assertThat(s.repo().verifyAudit().ok()).isTrue();
    }

    @Test
    void repeatedReadsAreAuditedAsOneEventWithTheirCount() throws InterruptedException {
        String dev = s.key("acme", BuiltInRoles.DEVELOPER);
        assertThat(s.put("/v1/tenants/acme/config/folded/x", dev, "1").status()).isEqualTo(200);
        for (int i = 0; i < 5; i++) {
            assertThat(s.get("/v1/tenants/acme/config/folded/x", dev).status()).isEqualTo(200);
        }
        String id = s.call("GET", "/v1/whoami", dev, null, java.util.Map.of()).json().get("id").asString();
        Thread.sleep(2_500); // the folder writes once a second
        s.repo().audit().flush();
        // usually one event "allowed 5 times from …"; two if a flush fell between the reads
        long counted = s.repo().auditEvents(0, 100_000).stream()
                .filter(e -> e.actor().equals(id) && e.action().equals("authz.config.read"))
                .mapToLong(e -> {
                    var m = java.util.regex.Pattern.compile("^allowed (\\d+) times from ").matcher(e.detail());
                    return m.find() ? Long.parseLong(m.group(1)) : 1;
                })
                .sum();
        assertThat(counted).isEqualTo(5);
    }

    @Test
    void noCredentialIs401AndAnotherTenantsKeyIs404LikeAMissingTenant() {
        assertThat(s.get("/v1/tenants/acme/config/x", null).status()).isEqualTo(401);
        String beta = s.key("beta", BuiltInRoles.DEVELOPER);
        TestServer.Reply hidden = s.get("/v1/tenants/acme/config/x", beta);
        TestServer.Reply missing = s.get("/v1/tenants/nosuch/config/x", beta);
        assertThat(hidden.status()).isEqualTo(404);
        assertThat(missing.status()).isEqualTo(404);
        assertThat(hidden.json().get("detail").asString()).isEqualTo("unknown tenant 'acme'");
        assertThat(missing.json().get("detail").asString()).isEqualTo("unknown tenant 'nosuch'");
    }

    @Test
    void aViewerMayReadButNotWrite() {
        String viewer = s.key("acme", BuiltInRoles.VIEWER);
        TestServer.Reply r = s.put("/v1/tenants/acme/config/limits", viewer, "{\"rpm\":10}");
        assertThat(r.status()).isEqualTo(403);
        assertThat(r.json().get("detail").asString()).contains("config:write");
    }
}
