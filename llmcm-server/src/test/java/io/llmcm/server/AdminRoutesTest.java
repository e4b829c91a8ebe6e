package io.llmcm.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmcm.core.auth.BindingScope;
import io.llmcm.core.auth.BuiltInRoles;
import io.llmcm.core.json.Json;
import io.llmcm.core.repo.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The administrative routes through real HTTP: environments, tags, schemas, data keys, roles and
 * bindings, API keys, service tokens, whoami and the audit log — including bad input and 404s.
 */
class AdminRoutesTest {
    /** A clock the test moves, so token expiry needs no sleeping. */
    static final MutableClock CLOCK = new MutableClock(Instant.now());
    static TestServer s;
    static String admin; // tenant-admin of acme's subtree

    @BeforeAll
    static void start() {
        s = TestServer.start(Server.Options.defaults().withClock(CLOCK));
        admin = s.key("acme", BuiltInRoles.TENANT_ADMIN, BindingScope.SUBTREE);
    }

    @AfterAll
    static void stop() {
        s.close();
    }

    static void assertBadField(TestServer.Reply r, String field) {
        assertThat(r.status()).as(r.body()).isEqualTo(400);
        assertThat(r.header("Content-Type")).startsWith("application/problem+json");
        assertThat(r.json().get("field").asString()).isEqualTo(field);
    }

    // ---------------------------------------------------------------- environments

    @Test
    void environmentsAreListedToAnyCallerAndCreatedStoreWideOnly() {
        String viewer = s.key("acme", BuiltInRoles.VIEWER);
        TestServer.Reply list = s.get("/v1/environments", viewer);
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.body()).contains("\"name\":\"prod\"");
        assertThat(s.post("/v1/environments", TestServer.BOOTSTRAP, "{\"name\":\"perf\",\"parent\":\"prod\"}").status()).isEqualTo(201);
        assertThat(s.post("/v1/environments", TestServer.BOOTSTRAP, "{\"name\":\"perf\"}").status()).isEqualTo(409);
        assertThat(s.post("/v1/environments", TestServer.BOOTSTRAP, "{\"name\":\"x1\",\"parent\":\"nosuch\"}").status()).isEqualTo(404);
        assertBadField(s.post("/v1/environments", TestServer.BOOTSTRAP, "{\"name\":\"x2\",\"parnet\":\"prod\"}"), "/parnet");
        assertBadField(s.post("/v1/environments", TestServer.BOOTSTRAP, "{\"name\":\"Bad Name\"}"), "/name");
        assertThat(s.get("/v1/environments", viewer).body()).contains("\"name\":\"perf\",\"parent\":\"prod\"");
    }

    // ---------------------------------------------------------------- tags

    @Test
    void tagsNameRevisionsAndCanBeReadAt() {
        long rev = s.put("/v1/tenants/acme/config/tagged/x", admin, "{\"v\":1}").json().get("revision").asLong();
        TestServer.Reply created = s.post("/v1/tenants/acme/tags", admin, "{\"name\":\"v1\"}");
        assertThat(created.status()).isEqualTo(201);
        s.put("/v1/tenants/acme/config/tagged/x", admin, "{\"v\":2}");
        assertThat(s.get("/v1/tenants/acme/config/tagged/x?at=v1", admin).json().get("v").asInt()).isEqualTo(1);
        assertThat(s.get("/v1/tenants/acme/tags", admin).body()).contains("\"name\":\"v1\"");
        assertThat(s.post("/v1/tenants/acme/tags", admin, "{\"name\":\"v1\"}").status()).isEqualTo(409);
        assertThat(s.post("/v1/tenants/acme/tags", admin, "{\"name\":\"v1\",\"at\":" + rev + ",\"force\":true}").status()).isEqualTo(200);
        assertThat(s.post("/v1/tenants/acme/tags", admin, "{\"name\":\"v9\",\"at\":\"nosuch\"}").status()).isEqualTo(404);
        assertBadField(s.post("/v1/tenants/acme/tags", admin, "{\"name\":\"v2\",\"forse\":true}"), "/forse");
        assertThat(s.delete("/v1/tenants/acme/tags/v1", admin).status()).isEqualTo(200);
        assertThat(s.delete("/v1/tenants/acme/tags/v1", admin).status()).isEqualTo(404);
        assertBadField(s.delete("/v1/tenants/acme/tags/bad%20name", admin), "path:name");
    }

    // ---------------------------------------------------------------- schemas

    @Test
    void schemasAreSetReadEnforcedAndDeleted() {
        String doc = "{\"pattern\":\"limits/**\",\"schema\":{\"type\":\"object\",\"properties\":{\"rpm\":{\"type\":\"integer\"}}},"
                + "\"rules\":[{\"rule\":\"self.rpm > 0\",\"message\":\"rpm must be positive\",\"pointer\":\"/rpm\"}]}";
        assertThat(s.put("/v1/tenants/acme/schemas/limits", admin, doc).status()).isEqualTo(200);
        JsonNode got = s.get("/v1/tenants/acme/schemas/limits", admin).json();
        assertThat(got.get("pattern").asString()).isEqualTo("limits/**");
        assertThat(got.get("rules").get(0).get("rule").asString()).isEqualTo("self.rpm > 0");
        // the child tenant sees its parent's binding
        assertThat(s.get("/v1/tenants/acme-eu/schemas", admin).body()).contains("\"name\":\"limits\"");
        assertThat(s.put("/v1/tenants/acme/config/limits/api", admin, "{\"rpm\":\"many\"}").status()).isEqualTo(422);
        assertThat(s.put("/v1/tenants/acme/config/limits/api", admin, "{\"rpm\":0}").status()).isEqualTo(422);
        assertThat(s.put("/v1/tenants/acme/config/limits/api", admin, "{\"rpm\":5}").status()).isEqualTo(200);
        assertBadField(s.put("/v1/tenants/acme/schemas/limits", admin, "{\"patern\":\"x/**\"}"), "/patern");
        assertBadField(s.put("/v1/tenants/acme/schemas/other", admin, "{\"schema\":{}}"), "/pattern");
        assertThat(s.put("/v1/tenants/acme/schemas/other", admin, "{\"pattern\":\"a/**\",\"rules\":[{\"rule\":\"self.\"}]}").status()).isEqualTo(400);
        assertThat(s.delete("/v1/tenants/acme/schemas/limits", admin).status()).isEqualTo(200);
        assertThat(s.get("/v1/tenants/acme/schemas/limits", admin).status()).isEqualTo(404);
        assertThat(s.delete("/v1/tenants/acme/schemas/limits", admin).status()).isEqualTo(404);
    }

    // ---------------------------------------------------------------- data keys

    @Test
    void dataKeysShowStatusRotateAndPublishJwks() {
        assertThat(s.get("/v1/tenants/beta/jwks", TestServer.BOOTSTRAP).json().get("keys").isEmpty()).isTrue();
        s.put("/v1/tenants/beta/secrets/db/password", TestServer.BOOTSTRAP, "{\"value\":\"hunter2\"}");
        JsonNode before = s.get("/v1/tenants/beta/keys", TestServer.BOOTSTRAP).json();
        assertThat(before.get("primary").asInt()).isEqualTo(1);
        assertThat(before.toString()).doesNotContain("hunter2");
        JsonNode rotated = s.post("/v1/tenants/beta/keys/rotate", TestServer.BOOTSTRAP, null).json();
        assertThat(rotated.get("primary").asInt()).isEqualTo(2);
        assertThat(rotated.get("reencrypted").asInt()).isEqualTo(1);
        assertThat(s.get("/v1/tenants/beta/keys", TestServer.BOOTSTRAP).json().get("secrets").get("2").asInt()).isEqualTo(1);
        assertThat(s.get("/v1/tenants/beta/secrets/db/password?reveal=true", TestServer.BOOTSTRAP).json().get("value").asString()).isEqualTo("hunter2");
        assertThat(s.get("/v1/tenants/beta/jwks", TestServer.BOOTSTRAP).json().get("keys").isEmpty()).isFalse();
    }

    // ---------------------------------------------------------------- roles and bindings

    @Test
    void rolesAndBindingsAreManagedAuditedAndCannotEscalate() {
        TestServer.Reply role = s.put("/v1/tenants/acme/roles/policy-writer", admin,
                "{\"grants\":[\"config:read\",\"policy:read\",\"policy:write\"]}");
        assertThat(role.status()).isEqualTo(201);
        assertThat(s.get("/v1/tenants/acme/roles/policy-writer", admin).json().get("grants").toString())
                .isEqualTo("[\"config:read\",\"policy:read\",\"policy:write\"]");
        assertThat(s.get("/v1/tenants/acme/roles?builtIn=true", admin).body()).contains("policy-writer", "service-account");
        assertThat(s.get("/v1/tenants/acme/roles/nosuch", admin).status()).isEqualTo(404);
        assertThat(s.put("/v1/tenants/acme/roles/viewer", admin, "{\"grants\":[\"config:read\"]}").status()).isEqualTo(409);
        assertBadField(s.put("/v1/tenants/acme/roles/r2", admin, "{\"grants\":[\"config:reed\"]}"), "/grants/0");
        assertBadField(s.put("/v1/tenants/acme/roles/r2", admin, "{\"grants\":[\"config:read\"],\"grant\":1}"), "/grant");

        // a key with policy:write but not secret:read may bind viewer, not service-account, nor widen its own role
        String writer = s.key("acme", "policy-writer");
        assertThat(s.post("/v1/tenants/acme/bindings", writer, "{\"id\":\"ops-view\",\"subject\":\"group:ops\",\"role\":\"viewer\"}").status()).isEqualTo(201);
        TestServer.Reply escalate = s.post("/v1/tenants/acme/bindings", writer, "{\"subject\":\"group:ops\",\"role\":\"service-account\"}");
        assertThat(escalate.status()).isEqualTo(403);
        assertThat(escalate.json().get("detail").asString()).contains("secret:read");
        assertThat(s.put("/v1/tenants/acme/roles/policy-writer", writer, "{\"grants\":[\"config:read\",\"policy:read\",\"policy:write\",\"secret:read\"]}").status()).isEqualTo(403);

        JsonNode bindings = s.get("/v1/tenants/acme/bindings", admin).json().get("items");
        assertThat(bindings.toString()).contains("\"id\":\"ops-view\"", "\"subject\":\"group:ops\"");
        assertThat(s.post("/v1/tenants/acme/bindings", admin, "{\"id\":\"ops-view\",\"subject\":\"group:ops\",\"role\":\"viewer\"}").status()).isEqualTo(409);
        assertBadField(s.post("/v1/tenants/acme/bindings", admin, "{\"subject\":\"group:ops\",\"role\":\"viewer\",\"scope\":{\"children\":true}}"), "/scope/children");
        assertBadField(s.post("/v1/tenants/acme/bindings", admin, "{\"subject\":\"nobody\",\"role\":\"viewer\"}"), "/subject");
        assertThat(s.post("/v1/tenants/acme/bindings", admin, "{\"subject\":\"group:ops\",\"role\":\"nosuch\"}").status()).isEqualTo(404);
        assertThat(s.post("/v1/tenants/acme/bindings", admin, "{\"subject\":\"group:ops\",\"role\":\"viewer\",\"condition\":\"request.nope\"}").status()).isEqualTo(400);
        // a role in use cannot go; the binding can
        assertThat(s.delete("/v1/tenants/acme/roles/policy-writer", admin).status()).isEqualTo(409);
        assertThat(s.delete("/v1/tenants/acme/bindings/ops-view", admin).status()).isEqualTo(200);
        assertThat(s.delete("/v1/tenants/acme/bindings/ops-view", admin).status()).isEqualTo(404);

        String audit = s.get("/v1/audit?tenant=acme&action=binding&limit=1000", admin).body();
        assertThat(audit).contains("\"action\":\"binding.put\"", "\"action\":\"binding.delete\"", "\"target\":\"ops-view\"");
        assertThat(s.get("/v1/audit?tenant=acme&action=role.put", admin).body()).contains("\"target\":\"policy-writer\"");
    }

    @Test
    void storeWideRolesAndBindingsNeedAStoreWideCaller() {
        assertThat(s.put("/v1/roles/auditor", TestServer.BOOTSTRAP, "{\"grants\":[\"audit:read\"]}").status()).isEqualTo(201);
        assertThat(s.post("/v1/bindings", TestServer.BOOTSTRAP, "{\"id\":\"auditors\",\"subject\":\"group:audit\",\"role\":\"auditor\"}").status()).isEqualTo(201);
        assertThat(s.get("/v1/bindings", TestServer.BOOTSTRAP).body()).contains("\"id\":\"auditors\"");
        assertThat(s.get("/v1/roles", admin).status()).isEqualTo(403);
        assertThat(s.post("/v1/bindings", admin, "{\"subject\":\"group:x\",\"role\":\"global-admin\"}").status()).isEqualTo(403);
        assertThat(s.delete("/v1/bindings/auditors", TestServer.BOOTSTRAP).status()).isEqualTo(200);
        assertThat(s.delete("/v1/roles/auditor", TestServer.BOOTSTRAP).status()).isEqualTo(200);
    }

    // ---------------------------------------------------------------- API keys and tokens

    @Test
    void anIssuedKeyWorksAtOnceIsShownOnceAndStopsWhenRevoked() {
        TestServer.Reply issued = s.post("/v1/tenants/acme/api-keys", admin, "{\"name\":\"ci\",\"role\":\"viewer\"}");
        assertThat(issued.status()).isEqualTo(201);
        assertThat(issued.header("Cache-Control")).isEqualTo("no-store");
        String key = issued.json().get("key").asString();
        String id = issued.json().get("id").asString();
        assertThat(key).startsWith("llmcm_" + id + "_");

        assertThat(s.get("/v1/tenants/acme/config", key).status()).isEqualTo(200);
        assertThat(s.put("/v1/tenants/acme/config/x", key, "{}").status()).isEqualTo(403);
        JsonNode me = s.get("/v1/whoami", key).json();
        assertThat(me.get("id").asString()).isEqualTo("key:" + id);
        assertThat(me.get("name").asString()).isEqualTo("ci");
        assertThat(me.get("tenant").asString()).isEqualTo("acme");

        String secretPart = key.substring(key.lastIndexOf('_') + 1);
        String list = s.get("/v1/tenants/acme/api-keys", admin).body();
        assertThat(list).contains("\"id\":\"" + id + "\"").doesNotContain(secretPart).doesNotContain("\"key\"");
        assertThat(s.get("/v1/tenants/acme/bindings", admin).body()).contains("key-" + id);

        assertThat(s.delete("/v1/tenants/acme/api-keys/" + id, admin).status()).isEqualTo(200);
        assertThat(s.get("/v1/tenants/acme/config", key).status()).isEqualTo(401);
        assertThat(s.delete("/v1/tenants/acme/api-keys/" + id, admin).status()).isEqualTo(409);
        assertThat(s.delete("/v1/tenants/beta/api-keys/" + id, TestServer.BOOTSTRAP).status()).isEqualTo(404);
        assertBadField(s.delete("/v1/tenants/acme/api-keys/not-an-id", admin), "path:id");
        assertThat(s.get("/v1/tenants/acme/api-keys", admin).body()).contains("\"revoked\"");

        String audit = s.call("GET", "/v1/audit/export?tenant=acme", admin, null, Map.of()).body();
        assertThat(audit).contains("io.llmcm.audit.apikey.issue", "io.llmcm.audit.apikey.revoke").doesNotContain(secretPart);
    }

    @Test
    void issuingChecksItsInput() {
        assertBadField(s.post("/v1/tenants/acme/api-keys", admin, "{\"name\":\"a\",\"expiry\":\"2030-01-01T00:00:00Z\"}"), "/expiry");
        assertBadField(s.post("/v1/tenants/acme/api-keys", admin, "{}"), "/name");
        assertBadField(s.post("/v1/tenants/acme/api-keys", admin, "{\"name\":\"a\",\"expires\":\"tomorrow\"}"), "/expires");
        assertBadField(s.post("/v1/tenants/acme/api-keys", admin, "{\"name\":\"a\",\"expires\":\"2001-01-01T00:00:00Z\"}"), "/expires");
        assertBadField(s.post("/v1/tenants/acme/api-keys", admin, "{\"name\":\"a\",\"scope\":{}}"), "/scope");
        assertThat(s.post("/v1/tenants/acme/api-keys", admin, "{\"name\":\"a\",\"role\":\"nosuch\"}").status()).isEqualTo(404);
        // nothing was issued by the refusals
        assertThat(s.get("/v1/tenants/acme/api-keys", admin).body()).doesNotContain("\"name\":\"a\"");
    }

    @Test
    void storeWideKeysAreForStoreWideAdmins() {
        TestServer.Reply issued = s.post("/v1/api-keys", TestServer.BOOTSTRAP, "{\"name\":\"robot\",\"role\":\"global-admin\"}");
        assertThat(issued.status()).isEqualTo(201);
        String key = issued.json().get("key").asString();
        assertThat(s.get("/v1/whoami", key).json().get("tenant").asString()).isEmpty();
        assertThat(s.get("/v1/api-keys", key).body()).contains("\"name\":\"robot\"");
        assertThat(s.post("/v1/api-keys", admin, "{\"name\":\"mine\"}").status()).isEqualTo(403);
        assertThat(s.delete("/v1/api-keys/" + issued.json().get("id").asString(), key).status()).isEqualTo(200);
        assertThat(s.get("/v1/whoami", key).status()).isEqualTo(401);
    }

    @Test
    void aServiceTokenActsAsItsKeyUntilItExpiresOrTheKeyIsRevoked() {
        TestServer.Reply issued = s.post("/v1/tenants/acme/api-keys", admin, "{\"name\":\"svc\",\"role\":\"service-account\"}");
        String key = issued.json().get("key").asString();
        String id = issued.json().get("id").asString();

        TestServer.Reply t = s.call("POST", "/v1/tokens", key, null, Map.of());
        assertThat(t.status()).isEqualTo(201);
        assertThat(t.json().get("expiresIn").asLong()).isBetween(899L, 900L); // issued at whole seconds
        TestServer.Reply shortLived = s.post("/v1/tokens", key, "{\"ttlSeconds\":60}");
        assertThat(shortLived.status()).isEqualTo(201);
        String jwt = shortLived.json().get("token").asString();
        assertThat(jwt).doesNotContain("llmcm_");
        assertThat(s.get("/v1/whoami", jwt).json().get("id").asString()).isEqualTo("key:" + id);
        assertThat(s.get("/v1/tenants/acme/config", jwt).status()).isEqualTo(200);
        // a token is not a key: it cannot be exchanged again
        assertBadField(s.post("/v1/tokens", jwt, "{}"), "header:Authorization");
        assertBadField(s.post("/v1/tokens", key, "{\"ttlSeconds\":0}"), "/ttlSeconds");
        assertBadField(s.post("/v1/tokens", key, "{\"ttlSeconds\":3601}"), "/ttlSeconds");
        assertBadField(s.post("/v1/tokens", key, "{\"ttl\":60}"), "/ttl");

        CLOCK.advance(Duration.ofSeconds(61));
        assertThat(s.get("/v1/whoami", jwt).status()).isEqualTo(401);
        String longer = t.json().get("token").asString();
        assertThat(s.get("/v1/whoami", longer).status()).isEqualTo(200);
        assertThat(s.delete("/v1/tenants/acme/api-keys/" + id, admin).status()).isEqualTo(200);
        assertThat(s.get("/v1/whoami", longer).status()).isEqualTo(401);
    }

    // ---------------------------------------------------------------- audit

    @Test
    void auditIsScopedToTheCallersTenantsAndVerifies() {
        s.post("/v1/tenants", TestServer.BOOTSTRAP, "{\"name\":\"gamma\",\"parent\":\"beta\"}");
        s.put("/v1/tenants/beta/config/b/x", TestServer.BOOTSTRAP, "{\"b\":1}");
        JsonNode storeWide = s.get("/v1/audit?action=tenant.create&limit=1000", TestServer.BOOTSTRAP).json();
        assertThat(storeWide.get("items").toString()).contains("\"target\":\"gamma\"");

        String betaOps = s.key("beta", BuiltInRoles.OPERATOR, BindingScope.SUBTREE);
        JsonNode beta = s.get("/v1/audit?tenant=beta&limit=1000", betaOps).json();
        assertThat(beta.get("items").isEmpty()).isFalse();
        for (JsonNode e : beta.get("items").values()) {
            assertThat(e.get("tenant").asString()).isIn("beta", "gamma");
        }
        assertThat(s.get("/v1/audit?tenant=acme", betaOps).status()).isEqualTo(404);
        assertThat(s.get("/v1/audit", betaOps).status()).isEqualTo(403);
        assertThat(s.get("/v1/audit/verify", betaOps).status()).isEqualTo(403);
        assertBadField(s.get("/v1/audit?tenant=beta&limit=0", betaOps), "query:limit");
        assertBadField(s.get("/v1/audit?tenant=beta&after=-1", betaOps), "query:after");

        // paging: next continues where the page ended
        JsonNode page = s.get("/v1/audit?limit=2", TestServer.BOOTSTRAP).json();
        assertThat(page.get("items").size()).isEqualTo(2);
        long next = page.get("next").asLong();
        JsonNode following = s.get("/v1/audit?limit=2&after=" + next, TestServer.BOOTSTRAP).json();
        assertThat(following.get("items").get(0).get("seq").asLong()).isGreaterThan(next);

        JsonNode v = s.get("/v1/audit/verify", TestServer.BOOTSTRAP).json();
        assertThat(v.get("ok").asBoolean()).isTrue();
        assertThat(v.get("events").asLong()).isPositive();

        TestServer.Reply export = s.get("/v1/audit/export?tenant=beta", betaOps);
        assertThat(export.status()).isEqualTo(200);
        assertThat(export.header("Content-Type")).startsWith("application/x-ndjson");
        String[] lines = export.body().split("\n");
        assertThat(lines.length).isPositive();
        for (String line : lines) {
            JsonNode ce = Json.parse(line);
            assertThat(ce.get("specversion").asString()).isEqualTo("1.0");
            assertThat(ce.get("data").get("tenant").asString()).isIn("beta", "gamma");
        }
    }

    @Test
    void whoamiNamesTheBootstrapToken() {
        JsonNode me = s.get("/v1/whoami", TestServer.BOOTSTRAP).json();
        assertThat(me.get("id").asString()).isEqualTo("bootstrap");
        assertThat(me.get("groups").isArray()).isTrue();
    }
}
