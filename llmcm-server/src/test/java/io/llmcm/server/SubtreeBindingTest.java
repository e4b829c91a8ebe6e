package io.llmcm.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmcm.core.auth.BindingScope;
import io.llmcm.core.auth.BuiltInRoles;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A binding for "a tenant and its children" covers the tenant tree as it is when a request is
 * decided: children and grandchildren created after the binding are inside it, siblings are not
 * (404, as for a tenant that does not exist), and a binding for the tenant alone never grows.
 */
class SubtreeBindingTest {
    static TestServer s;

    @BeforeAll
    static void start() {
        s = TestServer.start();
    }

    @AfterAll
    static void stop() {
        s.close();
    }

    private static void create(String name, String parent) {
        TestServer.Reply r = s.post("/v1/tenants", TestServer.BOOTSTRAP, "{\"name\":\"" + name + "\",\"parent\":\"" + parent + "\"}");
        assertThat(r.status()).as(r.body()).isEqualTo(201);
    }

    @Test
    void childrenCreatedAfterTheBindingAreCoveredAndSiblingsAreNot() {
        String subtree = s.key("acme", BuiltInRoles.DEVELOPER, BindingScope.SUBTREE);
        String own = s.key("acme", BuiltInRoles.DEVELOPER, BindingScope.TENANT);
        create("acme-late", "acme");
        create("acme-late-kid", "acme-late");
        create("beta-late", "beta");

        for (String child : new String[] {"acme-late", "acme-late-kid"}) {
            String path = "/v1/tenants/" + child + "/config/models/chat";
            assertThat(s.put(path, subtree, "{\"model\":\"m\"}").status()).as(child).isEqualTo(200);
            assertThat(s.get(path, subtree).status()).as(child).isEqualTo(200);
            Problem.of(s.get(path, own), 404); // bound to acme alone
        }
        assertThat(s.get("/v1/tenants", subtree).body()).contains("\"acme-late-kid\"").doesNotContain("beta-late");
        Problem.of(s.get("/v1/tenants/beta-late/config/models/chat", subtree), 404);
        Problem.of(s.put("/v1/tenants/beta-late/config/models/chat", subtree, "{\"model\":\"m\"}"), 404);
    }

    @Test
    void aTenantAdminActsInTheChildItJustCreated() {
        String admin = s.key("acme", BuiltInRoles.TENANT_ADMIN, BindingScope.SUBTREE);
        TestServer.Reply created = s.post("/v1/tenants", admin, "{\"name\":\"acme-fresh\",\"parent\":\"acme\"}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(s.put("/v1/tenants/acme-fresh/config/a/b", admin, "{\"x\":1}").status()).isEqualTo(200);
        assertThat(s.get("/v1/tenants/acme-fresh", admin).status()).isEqualTo(200);
    }
}
