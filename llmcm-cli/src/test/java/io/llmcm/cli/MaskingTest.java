package io.llmcm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmcm.core.json.Json;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The commands that are not about secrets show them masked: get (plain, --raw, --explain), list,
 * history, diff, export and validate; and references resolve with secrets masked unless revealed
 * (in process, on a real SQLite store).
 */
class MaskingTest {
    private static final String PLAIN = "sk-mask-PLAINTEXT-7777";
    private static final String KEY = "providers/openai/api-key";

    @TempDir
    static java.nio.file.Path dir;

    private static Llmcm llmcm;
    private static long secretRev;
    private static long firstRev;

    @BeforeAll
    static void store() {
        llmcm = Llmcm.inProcess(dir.resolve("data"));
        llmcm.run("init").ok();
        llmcm.run("tenant", "create", "acme").ok();
        firstRev = SecretCommandsTest.revision(llmcm.runWithInput("old-" + PLAIN, "secret", "set", KEY, "-", "-t", "acme").ok().out());
        secretRev = SecretCommandsTest.revision(llmcm.runWithInput(PLAIN, "secret", "set", KEY, "-", "-t", "acme", "-e", "prod").ok().out());
        llmcm.run("set", "models/gpt", "{\"model\":\"gpt-4o\",\"api_key\":\"${secret:" + KEY + "}\",\"auth\":\"Bearer ${secret:" + KEY
                + "}\",\"endpoint\":\"${config:endpoints/openai#/url}\"}", "-t", "acme").ok();
        llmcm.run("set", "endpoints/openai", "{\"url\":\"https://api.openai.com/v1\"}").ok();
    }

    private static boolean isMask(JsonNode n) {
        return n.isObject() && n.has("secret") && "***".equals(n.get("secret").stringValue());
    }

    @Test
    void everyViewOfAValueMasksSecrets() {
        List<String> outputs = new ArrayList<>();
        String get = llmcm.run("get", KEY, "-t", "acme", "-e", "prod").ok().out();
        assertThat(isMask(Json.parse(get))).isTrue();
        assertThat(Json.parse(get).get("version").longValue()).isEqualTo(secretRev);
        outputs.add(get);
        outputs.add(llmcm.run("get", KEY, "-t", "acme", "-e", "prod", "--output", "yaml").ok().out());
        String raw = llmcm.run("get", KEY, "-t", "acme", "--raw").ok().out();
        assertThat(Json.parse(raw).get("version").longValue()).isEqualTo(firstRev);
        outputs.add(raw);
        String explain = llmcm.run("get", KEY, "-t", "acme", "-e", "prod", "--explain").ok().out();
        assertThat(explain).contains("\"secret\": \"***\"").endsWith("layers:\n  acme:base@" + firstRev + "  (replaced)\n  acme:prod@" + secretRev + "\n");
        outputs.add(explain);
        outputs.add(llmcm.run("get", KEY, "-t", "acme", "-e", "prod", "--explain", "--output", "json").ok().out());

        String list = llmcm.run("list", "-t", "acme", "-e", "prod", "-l").ok().out();
        assertThat(list).containsPattern(KEY + "  " + secretRev + " +\\{\"secret\":\"\\*\\*\\*\",\"version\":" + secretRev);
        outputs.add(list);
        String listJson = llmcm.run("list", "-t", "acme", "-e", "prod", "--output", "json").ok().out();
        JsonNode entries = Json.parse(listJson);
        assertThat(entries).filteredOn(e -> e.get("path").stringValue().equals(KEY)).singleElement()
                .satisfies(e -> assertThat(isMask(e.get("value"))).isTrue());
        outputs.add(listJson);
        String rawList = llmcm.run("list", "-t", "acme", "--raw", "-l").ok().out();
        assertThat(rawList).containsPattern(KEY + " +prod +" + secretRev + " +merge +\\{\"secret\":\"\\*\\*\\*\"");
        outputs.add(rawList);
        outputs.add(llmcm.run("list", "-t", "acme", "--raw", "--output", "json").ok().out());

        String history = llmcm.run("history", KEY, "-t", "acme", "--output", "json").ok().out();
        JsonNode h = Json.parse(history);
        assertThat(h).hasSize(2);
        assertThat(h).allSatisfy(v -> assertThat(isMask(v.get("value"))).isTrue());
        outputs.add(history);
        outputs.add(llmcm.run("history", KEY, "-t", "acme").ok().out());

        String diff = llmcm.run("diff", "--from", "1", "-t", "acme").ok().out();
        assertThat(diff).contains("+ " + KEY + " [prod]\n    + secret (version " + secretRev + ")\n");
        outputs.add(diff);
        String diffJson = llmcm.run("diff", "--from", "1", "-t", "acme", "--output", "json").ok().out();
        assertThat(diffJson).contains("\"secret\": \"***\"");
        outputs.add(diffJson);

        assertThat(outputs).noneMatch(o -> o.contains(PLAIN)).noneMatch(o -> o.contains("ciphertext"));
    }

    @Test
    void exportsLeaveSecretsOutAndSaySo() {
        for (String format : List.of("json", "yaml", "toml", "properties", "env")) {
            Llmcm.Result r = llmcm.run("export", "-t", "acme", "-e", "prod", "--format", format).ok();
            assertThat(r.out()).as(format).contains("gpt-4o").doesNotContain(PLAIN).doesNotContain("***").doesNotContainPattern("(?m)^\"?providers");
            assertThat(r.err()).as(format).isEqualTo("1 secret left out: use --recipient to include it encrypted\n");
        }
        Llmcm.Result raw = llmcm.run("export", "--raw", "-t", "acme", "-e", "prod").ok();
        assertThat(raw.out()).isEqualTo("{ }\n");
        assertThat(raw.err()).isEqualTo("1 secret left out: use --recipient to include it encrypted\n");
        Llmcm.Result config = llmcm.run("export", "endpoints").ok();
        assertThat(config.err()).as("nothing left out, nothing said").isEmpty();
    }

    @Test
    void validatePreviewsShowSecretsMasked() {
        // deleting prod's layer would let the base layer's secret show through in prod
        Llmcm.Result r = llmcm.run("validate", KEY, "--delete", "-t", "acme", "-e", "prod").ok();
        assertThat(r.out()).startsWith("valid\n").containsPattern("acme:prod +" + KEY + " +\\{\"secret\":\"\\*\\*\\*\",\"version\":\\d+,\"type\":\"text\"")
                .doesNotContain(PLAIN).doesNotContain("old-");
    }

    @Test
    void referencesResolveWithSecretsMaskedUnlessRevealed() {
        String plain = llmcm.run("get", "models/gpt", "-t", "acme", "-e", "prod").ok().out();
        assertThat(Json.parse(plain).get("api_key").stringValue()).isEqualTo("${secret:" + KEY + "}");

        JsonNode masked = Json.parse(llmcm.run("get", "models/gpt", "-t", "acme", "-e", "prod", "--resolve").ok().out());
        assertThat(masked.get("api_key").stringValue()).isEqualTo("***");
        assertThat(masked.get("auth").stringValue()).isEqualTo("Bearer ***");
        assertThat(masked.get("endpoint").stringValue()).isEqualTo("https://api.openai.com/v1");

        JsonNode revealed = Json.parse(llmcm.run("get", "models/gpt", "-t", "acme", "-e", "prod", "--resolve", "--reveal").ok().out());
        assertThat(revealed.get("api_key").stringValue()).isEqualTo(PLAIN);
        assertThat(revealed.get("auth").stringValue()).isEqualTo("Bearer " + PLAIN);
        JsonNode dev = Json.parse(llmcm.run("get", "models/gpt", "-t", "acme", "-e", "dev", "--resolve", "--reveal").ok().out());
        assertThat(dev.get("api_key").stringValue()).as("resolved in the reader's scope").isEqualTo("old-" + PLAIN);

        String explain = llmcm.run("get", "models/gpt", "-t", "acme", "-e", "prod", "--explain").ok().out();
        assertThat(explain).containsPattern("references:\n  /api_key +\\$\\{secret:" + KEY + "} +acme:prod@" + secretRev + "  secret\n")
                .containsPattern("  /endpoint +\\$\\{config:endpoints/openai#/url} +global:base@\\d+\n")
                .doesNotContain(PLAIN);
        JsonNode explainJson = Json.parse(llmcm.run("get", "models/gpt", "-t", "acme", "-e", "prod", "--explain", "--output", "json").ok().out());
        assertThat(explainJson.get("references").get(0).get("secret").booleanValue()).isTrue();
        assertThat(explainJson.get("references").get(0).get("target").stringValue()).isEqualTo("acme:prod");

        assertThat(llmcm.run("get", "models/gpt", "--reveal", "-t", "acme").fails(2).err()).contains("--reveal goes with --resolve");
        assertThat(llmcm.run("get", "models/gpt", "--resolve", "--raw", "-t", "acme").fails(2).err()).contains("--resolve cannot be combined with --raw");
        assertThat(llmcm.run("get", KEY, "--resolve", "--reveal", "-t", "acme").fails(2).err())
                .contains(KEY + " is itself a secret; reveal it with: llmcm secret get " + KEY + " --reveal");
        assertThat(llmcm.run("audit", "list", "--output", "json", "--limit", "1000").ok().out())
                .contains("\"action\": \"secret.reveal\"").contains("\"target\": \"acme:prod " + KEY + "\"").doesNotContain(PLAIN);
    }

    @Test
    void brokenReferencesAreClearErrors() {
        llmcm.run("set", "refs/missing", "\"${secret:nothing/here}\"", "-t", "acme").ok();
        assertThat(llmcm.run("get", "refs/missing", "-t", "acme", "--resolve").fails(3).err())
                .contains("reference ${secret:nothing/here}").contains("nothing/here is not set in acme:base");
        llmcm.run("set", "refs/a", "\"${config:refs/b}\"", "-t", "acme").ok();
        llmcm.run("set", "refs/b", "\"${config:refs/a}\"", "-t", "acme").ok();
        assertThat(llmcm.run("get", "refs/a", "-t", "acme", "--resolve").fails(2).err()).contains("reference cycle: refs/a → refs/b → refs/a");
    }
}
