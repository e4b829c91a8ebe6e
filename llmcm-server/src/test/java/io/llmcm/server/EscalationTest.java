package io.llmcm.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmcm.core.auth.BindingScope;
import io.llmcm.core.auth.BuiltInRoles;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A binding that reaches child tenants needs its grants held in every one of them. */
class EscalationTest {
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
    void anAdminOfTheTenantAloneCannotGrantIntoItsChildren() {
        String here = s.key("acme", BuiltInRoles.TENANT_ADMIN, BindingScope.TENANT);
        String body = "{\"subject\":\"group:ops\",\"role\":\"viewer\",\"scope\":{\"includeChildTenants\":true}}";
        long rev = s.repo().revision();
        TestServer.Reply refused = s.post("/v1/tenants/acme/bindings", here, body);
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.json().get("detail").asString()).contains("in tenant 'acme-eu'");
        assertThat(s.repo().revision()).isEqualTo(rev);
        // the same binding for acme alone is within what the caller holds
        assertThat(s.post("/v1/tenants/acme/bindings", here, "{\"subject\":\"group:ops\",\"role\":\"viewer\"}").status()).isEqualTo(201);
        // and an API key whose role reaches the children is refused the same way
        TestServer.Reply key = s.post("/v1/tenants/acme/api-keys", here,
                "{\"name\":\"k\",\"role\":\"viewer\",\"scope\":{\"includeChildTenants\":true}}");
        assertThat(key.status()).isEqualTo(403);
    }

    @Test
    void anAdminOfTheSubtreeMay() {
        String subtree = s.key("acme", BuiltInRoles.TENANT_ADMIN, BindingScope.SUBTREE);
        TestServer.Reply ok = s.post("/v1/tenants/acme/bindings", subtree,
                "{\"subject\":\"group:sre\",\"role\":\"viewer\",\"scope\":{\"includeChildTenants\":true}}");
        assertThat(ok.status()).isEqualTo(201);
    }
}
