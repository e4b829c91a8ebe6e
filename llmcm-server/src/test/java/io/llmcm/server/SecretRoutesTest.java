package io.llmcm.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmcm.core.auth.BuiltInRoles;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Secrets over HTTP: sealed on write, masked on read, revealed only with secret:read. */
class SecretRoutesTest {
    static TestServer s;
    static String dev;
    static String viewer;

    @BeforeAll
    static void start() {
        s = TestServer.start();
        dev = s.key("acme", BuiltInRoles.DEVELOPER);
        viewer = s.key("acme", BuiltInRoles.VIEWER);
    }

    @AfterAll
    static void stop() {
        s.close();
    }

    @Test
    void putReadsMaskedAndRevealsOnlyForSecretRead() {
        TestServer.Reply put = s.put("/v1/tenants/acme/secrets/providers/openai?env=prod", dev, "{\"value\":\"sk-test-123\"}");
        assertThat(put.status()).as(put.body()).isEqualTo(200);
        long rev = put.json().get("revision").asLong();

        TestServer.Reply masked = s.get("/v1/tenants/acme/secrets/providers/openai?env=prod", dev);
        assertThat(masked.status()).isEqualTo(200);
        assertThat(masked.body()).doesNotContain("sk-test-123");
        assertThat(masked.json().get("secret").asString()).isEqualTo("***");
        assertThat(masked.json().get("version").asLong()).isEqualTo(rev);
        assertThat(masked.json().get("type").asString()).isEqualTo("text");
        // the viewer sees the mask too (config:read)
        assertThat(s.get("/v1/tenants/acme/secrets/providers/openai?env=prod", viewer).json().get("secret").asString()).isEqualTo("***");
        // and through the config route
        TestServer.Reply asConfig = s.get("/v1/tenants/acme/config/providers/openai?env=prod", viewer);
        assertThat(asConfig.body()).doesNotContain("sk-test-123").contains("***");
        assertThat(asConfig.header("X-Value-Type")).isEqualTo("secret");

        TestServer.Reply revealed = s.get("/v1/tenants/acme/secrets/providers/openai?env=prod&reveal=true", dev);
        assertThat(revealed.status()).isEqualTo(200);
        assertThat(revealed.json().get("value").asString()).isEqualTo("sk-test-123");
        assertThat(revealed.json().get("path").asString()).isEqualTo("providers/openai");
        assertThat(revealed.header("Cache-Control")).isEqualTo("no-store");

        JsonNode refused = Problem.of(s.get("/v1/tenants/acme/secrets/providers/openai?env=prod&reveal=true", viewer), 403);
        assertThat(refused.get("detail").asString()).contains("secret:read").doesNotContain("sk-test-123");
        // another tenant's key cannot even see the tenant
        String beta = s.key("beta", BuiltInRoles.OPERATOR);
        Problem.of(s.get("/v1/tenants/acme/secrets/providers/openai?env=prod&reveal=true", beta), 404);
    }

    @Test
    void jsonSecretsExpiriesListAndDelete() {
        assertThat(s.put("/v1/tenants/acme/secrets/db/creds", dev, "{\"value\":{\"user\":\"app\",\"password\":\"pw-1\"},\"expires\":\"2999-01-01T00:00:00Z\"}").status()).isEqualTo(200);
        assertThat(s.put("/v1/tenants/acme/secrets/db/other", dev, "{\"value\":\"x\"}").status()).isEqualTo(200);
        assertThat(s.put("/v1/tenants/acme/config/db/plain", dev, "{\"host\":\"db\"}").status()).isEqualTo(200);

        JsonNode m = s.get("/v1/tenants/acme/secrets/db/creds", dev).json();
        assertThat(m.get("type").asString()).isEqualTo("json");
        assertThat(m.get("expires").asString()).isEqualTo("2999-01-01T00:00:00Z");
        JsonNode r = s.get("/v1/tenants/acme/secrets/db/creds?reveal=true", dev).json();
        assertThat(r.get("value").get("password").asString()).isEqualTo("pw-1");
        assertThat(r.get("expires").asString()).isEqualTo("2999-01-01T00:00:00Z");

        TestServer.Reply list = s.get("/v1/tenants/acme/secrets?prefix=db", dev);
        assertThat(list.body()).doesNotContain("pw-1");
        List<String> paths = new ArrayList<>();
        list.json().get("items").forEach(i -> paths.add(i.get("path").asString()));
        assertThat(paths).containsExactly("db/creds", "db/other"); // configuration is not listed

        // a configuration entry is not a secret for the secret routes
        Problem.of(s.get("/v1/tenants/acme/secrets/db/plain", dev), 400);
        String operator = s.key("acme", BuiltInRoles.OPERATOR);
        Problem.of(s.delete("/v1/tenants/acme/secrets/db/plain", operator), 400);

        Problem.of(s.delete("/v1/tenants/acme/secrets/db/other", dev), 403); // a developer has no secret:delete
        assertThat(s.delete("/v1/tenants/acme/secrets/db/other", operator).status()).isEqualTo(200);
        Problem.of(s.get("/v1/tenants/acme/secrets/db/other", dev), 404);
        Problem.of(s.delete("/v1/tenants/acme/secrets/db/other", operator), 404);
        Problem.of(s.delete("/v1/tenants/acme/secrets/db/creds", viewer), 403);
    }

    @Test
    void aConfigValueReferencingASecretReadsTheMask() {
        assertThat(s.put("/v1/tenants/acme/secrets/ref/key", dev, "{\"value\":\"ref-plain-9\"}").status()).isEqualTo(200);
        assertThat(s.put("/v1/tenants/acme/config/ref/model", dev, "{\"api_key\":\"${secret:ref/key}\"}").status()).isEqualTo(200);
        TestServer.Reply r = s.get("/v1/tenants/acme/config/ref/model", dev);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body()).doesNotContain("ref-plain-9");
    }

    @Test
    void secretsAtAPastRevisionAndPreconditions() {
        long r1 = s.put("/v1/tenants/acme/secrets/rot/k", dev, "{\"value\":\"v1\"}").json().get("revision").asLong();
        String etag = s.get("/v1/tenants/acme/secrets/rot/k", dev).header("ETag");
        assertThat(s.call("PUT", "/v1/tenants/acme/secrets/rot/k", dev, "{\"value\":\"v2\"}",
                java.util.Map.of("Content-Type", "application/json", "If-Match", etag)).status()).isEqualTo(200);
        Problem.field(s.call("PUT", "/v1/tenants/acme/secrets/rot/k", dev, "{\"value\":\"v3\"}",
                java.util.Map.of("Content-Type", "application/json", "If-Match", etag)), 412, "header:If-Match");
        Problem.field(s.call("PUT", "/v1/tenants/acme/secrets/rot/k", dev, "{\"value\":\"v3\"}",
                java.util.Map.of("Content-Type", "application/json", "If-None-Match", "*")), 412, "header:If-None-Match");
        assertThat(s.get("/v1/tenants/acme/secrets/rot/k?reveal=true", dev).json().get("value").asString()).isEqualTo("v2");
        assertThat(s.get("/v1/tenants/acme/secrets/rot/k?reveal=true&at=" + r1, dev).json().get("value").asString()).isEqualTo("v1");
        assertThat(s.get("/v1/tenants/acme/secrets/rot/k?at=" + r1, dev).json().get("version").asLong()).isEqualTo(r1);
    }
}
