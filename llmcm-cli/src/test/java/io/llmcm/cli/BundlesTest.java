package io.llmcm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmcm.core.json.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** export --recipient / --format bundle and importing bundles (in process, on real SQLite stores). */
class BundlesTest {
    private static final String PLAIN = "sk-bundle-PLAINTEXT-5150";

    @TempDir
    Path dir;

    private Llmcm source;

    @BeforeEach
    void store() {
        source = Llmcm.inProcess(dir.resolve("source"));
        source.run("init").ok();
        source.run("tenant", "create", "acme").ok();
        source.run("tenant", "create", "beta").ok();
        source.runWithInput(PLAIN, "secret", "set", "providers/openai/api-key", "-", "-t", "acme", "-e", "prod", "--expires", "2099-01-01").ok();
        source.run("secret", "set", "providers/ci-token", "--dynamic", "token", "--ttl", "1h", "-t", "acme").ok();
        source.run("set", "providers/openai/endpoint", "\"https://api.openai.com/v1\"", "-t", "acme").ok();
        source.run("key", "pair", "--out", dir.resolve("ops").toString()).ok();
    }

    @Test
    void anEncryptedBundleCarriesSecretsToAnotherTenant() throws IOException {
        Path bundle = dir.resolve("acme.bundle");
        Llmcm.Result export = source.run("export", "providers", "-t", "acme", "-e", "prod", "--recipient", dir.resolve("ops.pub").toString(),
                "-o", bundle.toString()).ok();
        assertThat(export.out()).matches("exported 2 values and 1 secret under providers to " + bundle + " \\(signed, encrypted to [0-9a-f]{16}\\)\n");
        assertThat(export.err()).isEmpty();
        String text = Files.readString(bundle);
        assertThat(text).contains("\"encrypted\": true").doesNotContain(PLAIN).doesNotContain("endpoint");
        assertThat(source.run("audit", "list").ok().out()).containsPattern("export +allowed +acme:prod providers +2 values, 1 secrets, encrypted");

        assertThat(source.run("import", bundle.toString(), "--into", "imported", "-t", "beta").fails(1).err())
                .isEqualTo("llmcm: the bundle is encrypted; pass the recipient's private key with --identity\n");
        assertThat(source.run("import", bundle.toString(), "--into", "imported", "-t", "beta", "--identity", dir.resolve("ops.key").toString()).ok().out())
                .matches("imported the bundle \\(signed by this store\\) under imported in beta:base at revision \\d+\n");
        assertThat(source.run("secret", "get", "imported/openai/api-key", "-t", "beta", "--reveal").ok().out()).isEqualTo(PLAIN + "\n");
        assertThat(Json.parse(source.run("secret", "get", "imported/openai/api-key", "-t", "beta").ok().out()).get("expires").stringValue())
                .as("the expiry travels with the secret").isEqualTo("2099-01-01T00:00:00Z");
        assertThat(source.run("get", "imported/openai/endpoint", "-t", "beta").ok().out()).isEqualTo("\"https://api.openai.com/v1\"\n");
        assertThat(source.run("secret", "list", "imported", "-t", "beta").ok().out()).containsPattern("imported/ci-token +\\d+ +token");
    }

    @Test
    void anotherStoreTrustsTheExporterOnlyThroughSigner() throws IOException {
        Path bundle = dir.resolve("acme.bundle");
        source.run("export", "providers", "-t", "acme", "-e", "prod", "--recipient", dir.resolve("ops.pub").toString(), "-o", bundle.toString()).ok();
        Path signer = dir.resolve("source.pub");
        Files.writeString(signer, source.run("key", "public").ok().out());

        Llmcm target = Llmcm.inProcess(dir.resolve("target"));
        target.run("init").ok();
        String identity = dir.resolve("ops.key").toString();
        assertThat(target.run("import", bundle.toString(), "--into", "p", "--identity", identity).fails(1).err())
                .isEqualTo("llmcm: the bundle is signed by a key you did not trust (pass the exporting store's public key with --signer)\n");
        Path stranger = dir.resolve("stranger.pub");
        Files.writeString(stranger, target.run("key", "public").ok().out());
        assertThat(target.run("import", bundle.toString(), "--into", "p", "--identity", identity, "--signer", stranger.toString()).fails(1).err())
                .contains("signed by a key you did not trust");

        // an altered payload is caught by the signature before anything is decrypted
        ObjectNode b = (ObjectNode) Json.parse(Files.readString(bundle));
        byte[] payload = Base64.getDecoder().decode(b.get("payload").stringValue());
        payload[payload.length / 2] ^= 1;
        b.put("payload", Base64.getEncoder().encodeToString(payload));
        Path altered = dir.resolve("altered.bundle");
        Files.writeString(altered, Json.pretty(b));
        assertThat(target.run("import", altered.toString(), "--into", "p", "--identity", identity, "--signer", signer.toString()).fails(1).err())
                .isEqualTo("llmcm: the bundle's signature does not verify: it was altered after it was signed\n");

        Path wrongIdentity = dir.resolve("other");
        target.run("key", "pair", "--out", wrongIdentity.toString()).ok();
        assertThat(target.run("import", bundle.toString(), "--into", "p", "--identity", wrongIdentity + ".key", "--signer", signer.toString())
                .fails(1).err()).startsWith("llmcm: ");
        assertThat(target.run("list", "p").ok().out()).as("nothing was imported").isEmpty();

        assertThat(target.run("import", bundle.toString(), "--into", "p", "--identity", identity, "--signer", signer.toString()).ok().out())
                .matches("imported the bundle \\(signed by [0-9a-f]{16}\\) under p in global:base at revision \\d+\n");
        assertThat(target.run("secret", "get", "p/openai/api-key", "--reveal").ok().out()).isEqualTo(PLAIN + "\n");
    }

    @Test
    void aSignedBundleWithoutRecipientLeavesSecretsOut() {
        Llmcm.Result r = source.run("export", "providers", "-t", "acme", "-e", "prod", "--format", "bundle").ok();
        assertThat(r.err()).isEqualTo("1 secret left out: use --recipient to include it encrypted\n");
        JsonNode b = Json.parse(r.out());
        assertThat(b.get("format").stringValue()).isEqualTo("llmcm-bundle/1");
        assertThat(b.get("encrypted").booleanValue()).isFalse();
        String payload = new String(Base64.getDecoder().decode(b.get("payload").stringValue()), StandardCharsets.UTF_8);
        assertThat(payload).contains("endpoint").contains("ci-token").doesNotContain("api-key").doesNotContain(PLAIN);
    }

    @Test
    void bundleOptionsAreChecked() throws IOException {
        String pub = dir.resolve("ops.pub").toString();
        assertThat(source.run("export", "--recipient", pub, "--format", "yaml").fails(2).err()).contains("--format yaml cannot be encrypted");
        assertThat(source.run("export", "--recipient", pub, "--raw").fails(2).err()).contains("--raw cannot be used with it");
        assertThat(source.run("export", "--recipient", pub, "--at", "1").fails(2).err()).contains("--at cannot be used with it");
        assertThat(source.run("export", "--recipient", dir.resolve("nope.pub").toString()).fails(1).err()).contains("nope.pub: no such file");
        assertThat(source.run("export", "--recipient", dir.resolve("ops.key").toString()).fails(2).err()).startsWith("llmcm: ");

        Path bundle = dir.resolve("b.bundle");
        source.run("export", "--format", "bundle", "-t", "acme", "-o", bundle.toString()).ok();
        assertThat(source.run("import", bundle.toString(), "--depth", "2").fails(2).err()).contains("--depth, --format and --replace do not apply");
        Path doc = dir.resolve("doc.json");
        Files.writeString(doc, "{\"a\":1}");
        assertThat(source.run("import", doc.toString(), "--identity", dir.resolve("ops.key").toString()).fails(2).err())
                .contains("--identity and --signer are for bundles");
        assertThat(source.run("import", bundle.toString(), "--into", "copy", "-t", "beta").ok().out()).contains("under copy in beta:base");
    }
}
