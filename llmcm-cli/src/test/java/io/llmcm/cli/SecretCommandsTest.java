package io.llmcm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmcm.core.json.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * {@code llmcm secret …}: setting, masked and revealed reads, history, rollback, delete, expiry and
 * dynamic secrets (in process, on a real SQLite store with a master key file). Each test uses its
 * own paths.
 */
class SecretCommandsTest {
    private static final String PLAIN = "sk-test-PLAINTEXT-4242";

    @TempDir
    static Path dir;

    private static Llmcm llmcm;

    @BeforeAll
    static void store() {
        llmcm = Llmcm.inProcess(dir.resolve("data"));
        llmcm.run("init").ok();
        llmcm.run("tenant", "create", "acme").ok();
    }

    static long revision(String out) {
        String[] words = out.strip().split(" ");
        return Long.parseLong(words[words.length - 1]);
    }

    @Test
    void aSecretFromStdinIsMaskedUnlessRevealed() {
        Llmcm.Result set = llmcm.runWithInput(PLAIN + "\n", "secret", "set", "stdin/key", "-", "-t", "acme", "-e", "prod", "-m", "first");
        assertThat(set.ok().out()).matches("set secret acme:prod stdin/key at revision \\d+\n").doesNotContain(PLAIN);
        long rev = revision(set.out());

        JsonNode mask = Json.parse(llmcm.run("secret", "get", "stdin/key", "-t", "acme", "-e", "prod").ok().out());
        assertThat(mask.get("secret").stringValue()).isEqualTo("***");
        assertThat(mask.get("version").longValue()).isEqualTo(rev);
        assertThat(mask.get("type").stringValue()).isEqualTo("text");
        assertThat(mask.get("expires").isNull()).isTrue();
        assertThat(mask.get("expired").booleanValue()).isFalse();
        assertThat(mask.get("key").intValue()).isEqualTo(1);
        assertThat(llmcm.run("secret", "get", "stdin/key", "-t", "acme", "-e", "prod", "--output", "text").ok().out())
                .startsWith("{\"secret\":\"***\",\"version\":" + rev + ",").endsWith("}\n");

        assertThat(llmcm.run("secret", "get", "stdin/key", "-t", "acme", "-e", "prod", "--reveal").ok().out())
                .as("the newline echo added is not part of the secret").isEqualTo(PLAIN + "\n");
        assertThat(llmcm.run("secret", "get", "stdin/key", "-t", "acme", "-e", "prod", "--reveal", "--output", "json").ok().out())
                .isEqualTo("\"" + PLAIN + "\"\n");
        assertThat(llmcm.run("secret", "get", "stdin/key", "-t", "acme", "-e", "edge", "--reveal").ok().out())
                .as("edge reads prod's layer").isEqualTo(PLAIN + "\n");
        assertThat(llmcm.run("secret", "get", "stdin/key", "-t", "acme", "-e", "dev", "--reveal").fails(3).err())
                .isEqualTo("llmcm: stdin/key is not set in acme:dev\n");
    }

    @Test
    void jsonSecretsFromFilesRevealAsJson() throws Exception {
        Path file = dir.resolve("db.json");
        Files.writeString(file, "{\"user\":\"app\",\"password\":\"" + PLAIN + "\"}");
        llmcm.run("secret", "set", "db/creds", "@" + file, "--format", "json").ok();
        assertThat(llmcm.run("secret", "get", "db/creds", "--reveal").ok().out())
                .isEqualTo("{\n  \"user\": \"app\",\n  \"password\": \"" + PLAIN + "\"\n}\n");
        assertThat(llmcm.run("secret", "get", "db/creds", "--reveal", "--output", "text").ok().out())
                .isEqualTo("{\"user\":\"app\",\"password\":\"" + PLAIN + "\"}\n");
        assertThat(Json.parse(llmcm.run("secret", "get", "db/creds").ok().out()).get("type").stringValue()).isEqualTo("json");
        assertThat(llmcm.runWithInput("{not json", "secret", "set", "db/bad", "-", "--format", "json").fails(2).err())
                .contains("not valid JSON").doesNotContain("{not json");
    }

    @Test
    void badInputIsAUsageErrorAndStoresNothing() {
        String before = llmcm.run("history", "x/none").err();
        assertThat(llmcm.run("secret", "set", "x/none").fails(2).err()).contains("give the secret as VALUE (- reads standard input)");
        assertThat(llmcm.runWithInput("", "secret", "set", "x/none", "-").fails(2).err()).contains("the secret is empty");
        assertThat(llmcm.run("secret", "set", "x/none", "v", "--format", "yaml").fails(2).err()).contains("expected text or json");
        assertThat(llmcm.run("secret", "set", "x/none", "v", "--dynamic", "token", "--ttl", "1h").fails(2).err())
                .contains("a dynamic secret has no VALUE");
        assertThat(llmcm.run("secret", "set", "x/none", "--dynamic", "token").fails(2).err()).contains("--dynamic needs --ttl");
        assertThat(llmcm.run("secret", "set", "x/none", "--dynamic", "token", "--ttl", "1h", "--audience", "a").fails(2).err())
                .contains("--audience goes with --dynamic jwt");
        assertThat(llmcm.run("secret", "set", "x/none", "--dynamic", "magic", "--ttl", "1h").fails(2).err()).contains("expected token or jwt");
        assertThat(llmcm.run("secret", "set", "x/none", "--dynamic", "token", "--ttl", "forever").fails(2).err()).contains("is not a duration");
        assertThat(llmcm.run("secret", "set", "x/none", "--dynamic", "token", "--ttl", "31d").fails(2).err()).contains("between 1 second and 30 days");
        assertThat(llmcm.run("secret", "set", "x/none", "v", "--ttl", "1h").fails(2).err()).contains("go with --dynamic");
        assertThat(llmcm.run("secret", "set", "x/none", "v", "--expires", "yesterday").fails(2).err()).contains("is neither a time");
        assertThat(llmcm.run("secret", "set", "x/none", "v", "--expires", "2001-01-01T00:00:00Z").fails(2).err()).contains("is not in the future");
        assertThat(llmcm.run("history", "x/none").err()).as("nothing was stored").isEqualTo(before);
    }

    @Test
    void configurationAndSecretsDoNotMix() {
        llmcm.run("set", "mix/config", "{\"a\":1}").ok();
        assertThat(llmcm.run("secret", "get", "mix/config").fails(2).err()).contains("is configuration, not a secret; read it with llmcm get");
        assertThat(llmcm.run("secret", "get", "mix/config", "--reveal").fails(2).err()).contains("is configuration, not a secret");
        assertThat(llmcm.run("secret", "history", "mix/config").fails(2).err()).contains("not a secret; see llmcm history");
        assertThat(llmcm.run("secret", "delete", "mix/config").fails(2).err()).contains("not a secret; see llmcm delete");
        llmcm.run("set", "mix/other", "1").ok();
        assertThat(llmcm.run("secret", "set", "mix/other", "v", "--env", "prod").fails(2).err())
                .contains("a path holds either configuration or secrets");

        // a layer's configuration can become a secret, but a plain write never replaces a secret
        llmcm.run("secret", "set", "mix/config", "v").ok();
        assertThat(Json.parse(llmcm.run("get", "mix/config").ok().out()).get("secret").stringValue()).isEqualTo("***");
        assertThat(llmcm.run("set", "mix/config", "{\"a\":2}").fails(2).err())
                .isEqualTo("llmcm: mix/config holds a secret in layer global:base; change it with llmcm secret set, or delete it with llmcm secret delete first\n");
        Path doc = dir.resolve("mix.json");
        try {
            Files.writeString(doc, "{\"config\":1}");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        assertThat(llmcm.run("import", doc.toString(), "--into", "mix").fails(2).err()).contains("mix/config holds a secret in layer global:base");
        assertThat(llmcm.run("secret", "get", "mix/config", "--reveal").ok().out()).isEqualTo("v\n");
    }

    @Test
    void historyRollbackAndDeleteWorkOnSealedVersions() {
        long v1 = revision(llmcm.runWithInput("one", "secret", "set", "hist/key", "-", "-t", "acme", "-m", "first").ok().out());
        long v2 = revision(llmcm.runWithInput("two", "secret", "set", "hist/key", "-", "-t", "acme", "-m", "second", "--if-revision", String.valueOf(v1)).ok().out());
        assertThat(llmcm.runWithInput("three", "secret", "set", "hist/key", "-", "-t", "acme", "--if-revision", String.valueOf(v1)).fails(4).err())
                .contains("is at revision " + v2);

        List<String> history = llmcm.run("secret", "history", "hist/key", "-t", "acme").ok().out().lines().toList();
        assertThat(history).hasSize(2);
        assertThat(history.get(0)).matches(v2 + "  \\S+Z  tester  base  put  text key 1  second");
        assertThat(history.get(1)).matches(v1 + "  \\S+Z  tester  base  put  text key 1  first");
        JsonNode json = Json.parse(llmcm.run("secret", "history", "hist/key", "-t", "acme", "--output", "json").ok().out());
        assertThat(json.get(0).get("kind").stringValue()).isEqualTo("text");
        assertThat(json.get(0).get("key").intValue()).isEqualTo(1);
        assertThat(json.get(0).has("value")).isFalse();

        assertThat(llmcm.run("secret", "rollback", "hist/key", "--to", String.valueOf(v1), "-t", "acme").ok().out())
                .matches("rolled back secret hist/key in tenant acme to revision " + v1 + " at revision \\d+\n");
        assertThat(llmcm.run("secret", "get", "hist/key", "-t", "acme", "--reveal").ok().out()).isEqualTo("one\n");
        assertThat(llmcm.run("secret", "get", "hist/key", "-t", "acme", "--reveal", "--at", String.valueOf(v2)).ok().out()).isEqualTo("two\n");
        assertThat(llmcm.run("secret", "rollback", "hist/key", "--to", String.valueOf(v1), "-t", "acme").ok().out())
                .startsWith("nothing to roll back: secret hist/key in tenant acme already matches");

        assertThat(llmcm.run("secret", "delete", "hist/key", "-t", "acme", "-e", "prod").fails(3).err()).contains("is not set in layer acme:prod");
        assertThat(llmcm.run("secret", "delete", "hist/key", "-t", "acme", "-m", "gone").ok().out()).matches("deleted secret acme:base hist/key at revision \\d+\n");
        assertThat(llmcm.run("secret", "get", "hist/key", "-t", "acme").fails(3).err()).contains("is not set in acme:base");
        assertThat(llmcm.run("secret", "history", "hist/key", "-t", "acme").ok().out().lines().findFirst().orElseThrow())
                .matches("\\d+  \\S+Z  tester  base  delete  +gone");
        assertThat(llmcm.run("secret", "rollback", "nothing/here", "--to", "1", "-t", "acme").fails(3).err()).contains("is not set in tenant acme");
    }

    @Test
    void anExpiredSecretIsShownExpiredAndNotRevealed() throws InterruptedException {
        llmcm.runWithInput("soon-gone", "secret", "set", "exp/short", "-", "--expires", "1s").ok();
        llmcm.runWithInput("later", "secret", "set", "exp/long", "-", "--expires", "2099-01-01").ok();
        assertThat(llmcm.run("secret", "get", "exp/long").ok().out()).contains("\"expires\": \"2099-01-01T00:00:00Z\"");
        Thread.sleep(1100);
        Llmcm.Result expired = llmcm.run("secret", "get", "exp/short", "--reveal").fails(3);
        assertThat(expired.err()).matches("llmcm: secret global:base exp/short expired at \\S+Z\n");
        assertThat(Json.parse(llmcm.run("secret", "get", "exp/short").ok().out()).get("expired").booleanValue()).isTrue();
        assertThat(llmcm.run("secret", "list", "exp").ok().out())
                .containsPattern("exp/long +\\d+ +text  key 1  \\S+Z  expires 2099-01-01T00:00:00Z\n")
                .containsPattern("exp/short +\\d+ +text  key 1  \\S+Z  EXPIRED \\S+Z\n");
        assertThat(llmcm.run("audit", "list", "--limit", "1000").ok().out()).containsPattern("secret\\.reveal +expired +global:base exp/short");
    }

    @Test
    void listShowsOnlySecretsWithTheirMetadata() {
        llmcm.run("set", "listing/config", "1", "-t", "acme").ok();
        long rev = revision(llmcm.runWithInput("a", "secret", "set", "listing/secret", "-", "-t", "acme").ok().out());
        llmcm.run("secret", "set", "listing/token", "--dynamic", "token", "--ttl", "90m", "-t", "acme").ok();
        assertThat(llmcm.run("secret", "list", "listing", "-t", "acme").ok().out())
                .matches("listing/secret  " + rev + "  text   key 1  \\S+Z  no expiry\nlisting/token   \\d+  token +issues for 90m\n");
        JsonNode json = Json.parse(llmcm.run("secret", "list", "listing", "-t", "acme", "--output", "json").ok().out());
        assertThat(json).hasSize(2);
        assertThat(json.get(0).get("path").stringValue()).isEqualTo("listing/secret");
        assertThat(json.get(0).get("kind").stringValue()).isEqualTo("text");
        assertThat(json.get(0).get("secret").stringValue()).isEqualTo("***");
        assertThat(json.get(1).get("kind").stringValue()).isEqualTo("token");
        assertThat(json.get(1).get("ttl").stringValue()).isEqualTo("PT1H30M");
    }

    @Test
    void dynamicTokensAreIssuedCheckedAndRevoked() {
        assertThat(llmcm.run("secret", "set", "dyn/ci", "--dynamic", "token", "--ttl", "1h", "--bytes", "24", "-t", "acme").ok().out())
                .matches("set dynamic secret acme:base dyn/ci \\(token, ttl 1h\\) at revision \\d+\n");
        Llmcm.Result issued = llmcm.run("secret", "get", "dyn/ci", "-t", "acme", "--reveal").ok();
        String token = issued.out().strip();
        assertThat(token).matches("[A-Za-z0-9_-]{32}"); // 24 bytes, base64url
        assertThat(issued.err()).matches("lease (lease-\\S+) expires \\S+Z\n");
        String lease = issued.err().split(" ")[1];

        JsonNode second = Json.parse(llmcm.run("secret", "get", "dyn/ci", "-t", "acme", "--reveal", "--output", "json").ok().out());
        assertThat(second.get("credential").stringValue()).isNotEqualTo(token);
        assertThat(second.get("lease").stringValue()).startsWith("lease-").isNotEqualTo(lease);

        assertThat(llmcm.runWithInput(token + "\n", "secret", "check").ok().out())
                .matches("valid until \\S+Z: lease " + lease + " of acme:base dyn/ci\n");
        assertThat(llmcm.run("secret", "leases", "-t", "acme").ok().out()).contains(lease + "  valid  acme:base dyn/ci");

        assertThat(llmcm.run("secret", "revoke", lease, "-t", "global").fails(3).err()).contains("no lease '" + lease + "' in tenant 'global'");
        assertThat(llmcm.run("secret", "revoke", lease, "-t", "acme").ok().out()).matches("revoked lease " + lease + " at \\S+Z \\(acme:base dyn/ci\\)\n");
        assertThat(llmcm.run("secret", "revoke", lease, "-t", "acme").ok().out()).startsWith("lease " + lease + " was already revoked at ");

        Llmcm.Result revoked = llmcm.runWithInput(token, "secret", "check");
        assertThat(revoked.code()).isEqualTo(3);
        assertThat(revoked.out()).matches("revoked at \\S+Z: lease " + lease + " of acme:base dyn/ci\n");
        assertThat(Json.parse(llmcm.runWithInput(token, "secret", "check", "--output", "json").out()).get("status").stringValue()).isEqualTo("revoked");
        assertThat(llmcm.run("secret", "leases", "-t", "acme", "--output", "json").ok().out()).contains("\"status\": \"revoked\"");

        assertThat(llmcm.runWithInput("never-issued", "secret", "check").fails(3).err()).isEqualTo("llmcm: this credential was not issued by this store\n");
        assertThat(llmcm.run("secret", "check").fails(2).err()).contains("give the credential on standard input");
        assertThat(llmcm.run("secret", "get", "dyn/ci", "-t", "acme").ok().out()).contains("\"dynamic\": \"token\"").contains("\"ttl\": \"PT1H\"");
    }

    @Test
    void anExpiredCredentialChecksAsExpired() throws InterruptedException {
        llmcm.run("secret", "set", "dyn/short", "--dynamic", "token", "--ttl", "1s").ok();
        String token = llmcm.run("secret", "get", "dyn/short", "--reveal").ok().out().strip();
        Thread.sleep(1100);
        Llmcm.Result r = llmcm.runWithInput(token, "secret", "check");
        assertThat(r.code()).isEqualTo(3);
        assertThat(r.out()).startsWith("expired at ");
    }

    @Test
    void dynamicJwtsAreSignedByKeysInTheTenantsJwks() {
        llmcm.run("secret", "set", "dyn/svc", "--dynamic", "jwt", "--ttl", "5m", "--audience", "billing", "-t", "acme", "-e", "prod").ok();
        JsonNode issued = Json.parse(llmcm.run("secret", "get", "dyn/svc", "-t", "acme", "-e", "prod", "--reveal", "--output", "json").ok().out());
        String jwt = issued.get("credential").stringValue();
        assertThat(jwt.split("\\.")).hasSize(3);
        JsonNode claims = Json.parse(new String(java.util.Base64.getUrlDecoder().decode(jwt.split("\\.")[1]), java.nio.charset.StandardCharsets.UTF_8));
        assertThat(claims.get("aud").toString()).contains("billing");
        JsonNode jwks = Json.parse(llmcm.run("secret", "jwks", "-t", "acme").ok().out());
        assertThat(jwks.get("keys")).isNotEmpty();
        assertThat(jwks.toString()).as("public keys only").doesNotContain("\"d\"");
        assertThat(llmcm.runWithInput(jwt, "secret", "check").ok().out()).startsWith("valid until ");
        assertThat(llmcm.run("secret", "set", "dyn/x", "--dynamic", "jwt", "--ttl", "5m", "--bytes", "32").fails(2).err()).contains("--bytes goes with --dynamic token");
    }
}
