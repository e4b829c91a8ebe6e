package io.llmcm.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmcm.core.auth.BindingScope;
import io.llmcm.core.auth.BuiltInRoles;
import io.llmcm.core.model.Mutation;
import io.llmcm.core.model.Tenant;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Suspend, archive and quotas through HTTP, each on a tenant of its own. */
class TenantStateTest {
    static TestServer s;
    static final AtomicInteger N = new AtomicInteger();

    @BeforeAll
    static void start() {
        s = TestServer.start();
    }

    @AfterAll
    static void stop() {
        s.close();
    }

    static String tenant() {
        String t = "t" + N.incrementAndGet();
        s.commit(new Mutation.PutTenant(new Tenant(t, "acme")));
        return t;
    }

    @Test
    void aSuspendedTenantRefusesAllButItsAdminsAndOnlyTheParentsAdminLiftsIt() {
        String t = tenant();
        String dev = s.key(t, BuiltInRoles.DEVELOPER);
        String admin = s.key(t, BuiltInRoles.TENANT_ADMIN);
        String parentAdmin = s.key("acme", BuiltInRoles.TENANT_ADMIN, BindingScope.SUBTREE);
        assertThat(s.put("/v1/tenants/" + t + "/config/a", dev, "1").status()).isEqualTo(200);

        assertThat(s.put("/v1/tenants/" + t + "/state", admin, "{\"state\":\"suspended\"}").status()).isEqualTo(403);
        TestServer.Reply suspend = s.put("/v1/tenants/" + t + "/state", parentAdmin, "{\"state\":\"suspended\"}");
        assertThat(suspend.status()).isEqualTo(200);

        TestServer.Reply refused = s.get("/v1/tenants/" + t + "/config/a", dev);
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.json().get("detail").asString()).isEqualTo("tenant '" + t + "' is suspended; only its admins may act in it");
        assertThat(s.get("/v1/tenants/" + t + "/config/a", admin).status()).isEqualTo(200);
        assertThat(s.get("/v1/tenants/" + t + "/state", admin).json().get("state").asString()).isEqualTo("suspended");

        assertThat(s.put("/v1/tenants/" + t + "/state", parentAdmin, "{\"state\":\"active\"}").status()).isEqualTo(200);
        assertThat(s.get("/v1/tenants/" + t + "/config/a", dev).status()).isEqualTo(200);
    }

    @Test
    void anArchivedTenantIsReadOnly() {
        String t = tenant();
        String dev = s.key(t, BuiltInRoles.DEVELOPER);
        assertThat(s.put("/v1/tenants/" + t + "/config/a", dev, "1").status()).isEqualTo(200);
        assertThat(s.put("/v1/tenants/" + t + "/state", TestServer.BOOTSTRAP, "{\"state\":\"archived\"}").status()).isEqualTo(200);
        long rev = s.repo().revision();
        TestServer.Reply w = s.put("/v1/tenants/" + t + "/config/a", dev, "2");
        assertThat(w.status()).isEqualTo(409);
        assertThat(w.json().get("detail").asString()).contains("archived");
        assertThat(s.repo().revision()).isEqualTo(rev);
        assertThat(s.get("/v1/tenants/" + t + "/config/a", dev).body()).isEqualTo("1");
        // a conditional write is refused for the same reason, not as a failed precondition
        TestServer.Reply conditional = s.call("PUT", "/v1/tenants/" + t + "/config/a", dev, "3",
                java.util.Map.of("Content-Type", "application/json", "If-Match", "\"" + rev + "\""));
        assertThat(conditional.status()).isEqualTo(409);
        assertThat(conditional.json().get("detail").asString()).contains("archived");
    }

    @Test
    void keyQuotaRefusesGrowthNamingTheLimit() {
        String t = tenant();
        String dev = s.key(t, BuiltInRoles.DEVELOPER);
        TestServer.Reply q = s.put("/v1/tenants/" + t + "/quota", TestServer.BOOTSTRAP, "{\"maxKeys\":2}");
        assertThat(q.status()).isEqualTo(200);
        assertThat(s.put("/v1/tenants/" + t + "/config/a", dev, "1").status()).isEqualTo(200);
        assertThat(s.put("/v1/tenants/" + t + "/config/b", dev, "1").status()).isEqualTo(200);
        TestServer.Reply over = s.put("/v1/tenants/" + t + "/config/c", dev, "1");
        assertThat(over.status()).isEqualTo(409);
        assertThat(over.json().get("detail").asString()).contains("3 keys").contains("allows 2");
        TestServer.Reply shown = s.get("/v1/tenants/" + t + "/quota", TestServer.BOOTSTRAP);
        assertThat(shown.json().get("maxKeys").asLong()).isEqualTo(2);
        assertThat(shown.json().get("usage").get("keys").asLong()).isEqualTo(2);
    }

    @Test
    void requestRateQuotaAnswers429WithRetryAfter() {
        String t = tenant();
        String dev = s.key(t, BuiltInRoles.DEVELOPER);
        assertThat(s.put("/v1/tenants/" + t + "/quota", TestServer.BOOTSTRAP, "{\"requestsPerSecond\":0.5}").status()).isEqualTo(200);
        assertThat(s.get("/v1/tenants/" + t + "/config", dev).status()).isEqualTo(200);
        TestServer.Reply limited = s.get("/v1/tenants/" + t + "/config", dev);
        assertThat(limited.status()).isEqualTo(429);
        assertThat(limited.header("Retry-After")).isIn("1", "2");
        assertThat(limited.header("Content-Type")).startsWith("application/problem+json");
        // another tenant is not affected
        assertThat(s.get("/v1/tenants/acme/config", TestServer.BOOTSTRAP).status()).isEqualTo(200);
    }

    @Test
    void badStateAndQuotaBodiesNameTheField() {
        String t = tenant();
        TestServer.Reply bad = s.put("/v1/tenants/" + t + "/state", TestServer.BOOTSTRAP, "{\"state\":\"sleeping\"}");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().get("field").asString()).isEqualTo("/state");
        TestServer.Reply neg = s.put("/v1/tenants/" + t + "/quota", TestServer.BOOTSTRAP, "{\"maxKeys\":-1}");
        assertThat(neg.status()).isEqualTo(400);
        assertThat(neg.json().get("field").asString()).isEqualTo("/maxKeys");
        TestServer.Reply root = s.put("/v1/tenants/global/state", TestServer.BOOTSTRAP, "{\"state\":\"archived\"}");
        assertThat(root.status()).isEqualTo(400);
    }
}
