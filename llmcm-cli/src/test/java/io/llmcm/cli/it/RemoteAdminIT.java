package io.llmcm.cli.it;

import static io.llmcm.cli.it.TokenSafeRuns.TOKEN;
import static org.assertj.core.api.Assertions.assertThat;

import io.llmcm.cli.Llmcm;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The remote forms of tags, schemas, data keys, audit, environments, tenant state and quota, and
 * bundles, through the real jar against a real {@code llmcm serve} process: each one's answer, one
 * failure each (one line, the local exit code), the commands the server has no route for refusing
 * to run, and the reads printing what local mode prints on the store the server wrote.
 */
class RemoteAdminIT {
    @TempDir
    Path dir;

    @RegisterExtension
    final TokenSafeRuns runs = new TokenSafeRuns();

    @Test
    void adminCommandsAgainstAServerProcess() throws IOException {
        Path store = dir.resolve("data");
        List<List<String>> reads = List.of(
                List.of("tag", "list", "-t", "acme"),
                List.of("tag", "list", "-t", "acme", "--output", "json"),
                List.of("schema", "get", "openai", "-t", "acme"),
                List.of("schema", "get", "openai", "-t", "acme", "--output", "yaml"),
                List.of("schema", "list", "-t", "acme"),
                List.of("schema", "list", "-t", "acme", "--path", "models/a", "--output", "json"),
                List.of("key", "status", "-t", "acme"),
                List.of("key", "status", "-t", "acme", "--output", "json"),
                List.of("secret", "jwks", "-t", "acme"),
                List.of("audit", "list", "--limit", "5"),
                List.of("audit", "list", "--after", "2", "--limit", "3", "--output", "json"),
                List.of("env", "list"),
                List.of("tenant", "quota", "acme"));
        Map<List<String>, String> remoteReads;
        Llmcm local = Llmcm.jar(store).env("LLMCM_CONFIG_DIR", dir.resolve("config").toString());
        String url;
        String exported;
        try (ServerProcess server = new ServerProcess(store, TOKEN)) {
            url = server.url();
            Llmcm remote = local.without("LLMCM_STORE").env("LLMCM_SERVER", url).env("LLMCM_TOKEN", TOKEN);
            runs.ok(remote, "tenant", "create", "acme");

            // tags
            assertThat(runs.ok(remote, "tag", "create", "stable", "-t", "acme").out()).isEqualTo("tagged revision 2 as stable in tenant acme (revision 3)\n");
            assertThat(runs.fails(remote, 4, "tag", "create", "stable", "-t", "acme").err())
                    .isEqualTo("llmcm: tag 'stable' already exists in tenant acme (revision 2); pass --force to move it\n");
            assertThat(runs.ok(remote, "tag", "create", "v1", "--at", "2", "-t", "acme", "-m", "first").out())
                    .isEqualTo("tagged revision 2 as v1 in tenant acme (revision 4)\n");
            assertThat(runs.ok(remote, "tag", "create", "stable", "--force", "-t", "acme").out()).isEqualTo("tagged revision 4 as stable in tenant acme (revision 5)\n");
            assertThat(runs.fails(remote, 3, "tag", "create", "old", "--at", "no-such-tag", "-t", "acme").err()).startsWith("llmcm: no tag 'no-such-tag'");
            runs.ok(remote, "tag", "create", "gone", "-t", "acme");
            assertThat(runs.ok(remote, "tag", "delete", "gone", "-t", "acme").out()).isEqualTo("deleted tag gone in tenant acme (revision 7)\n");
            assertThat(runs.ok(remote, "tag", "list", "-t", "acme").out()).isEqualTo("stable  4\nv1      2\n");

            // schemas
            Path schema = dir.resolve("openai.schema.yaml");
            Files.writeString(schema, "schema:\n  type: object\n  properties:\n    t: {type: number, maximum: 2}\nrules:\n"
                    + "  - rule: \"!has(self.m) || self.m != 'bad'\"\n    message: no bad models\n    pointer: /m\n");
            assertThat(runs.ok(remote, "schema", "set", "openai", schema.toString(), "--pattern", "models/**", "-t", "acme").out())
                    .isEqualTo("schema openai (models/**) set in tenant acme at revision 8\n");
            assertThat(runs.fails(remote, 5, "set", "models/a", "{\"t\":3}", "-t", "acme").err()).startsWith("llmcm: validation failed");
            runs.ok(remote, "set", "models/a", "{\"t\":1,\"m\":\"x\"}", "-t", "acme");
            assertThat(runs.fails(remote, 3, "schema", "get", "nope", "-t", "acme").err()).isEqualTo("llmcm: no schema 'nope' in tenant acme or its ancestors\n");
            runs.ok(remote, "schema", "set", "tmp", schema.toString(), "--pattern", "tmp/**", "-t", "acme");
            assertThat(runs.ok(remote, "schema", "delete", "tmp", "-t", "acme").out()).startsWith("deleted schema tmp in tenant acme (revision ");
            assertThat(runs.ok(remote, "schema", "list", "-t", "acme").out()).isEqualTo("openai  models/**  acme\n");

            // data keys
            runs.okWithInput(remote, "sk-live-42\n", "secret", "set", "providers/openai/key", "-", "-t", "acme");
            assertThat(runs.ok(remote, "key", "rotate", "-t", "acme").out()).isEqualTo("rotated the data key of tenant acme to version 2 (1 secret re-encrypted)\n");
            assertThat(runs.ok(remote, "key", "status", "-t", "acme").out()).contains("data keys   1, 2 (primary 2)\n").contains("  key 2     1 secret\n");
            assertThat(runs.ok(remote, "secret", "jwks", "-t", "acme").out()).startsWith("{").contains("\"keys\"").contains("\"kty\"");
            assertThat(runs.fails(remote, 3, "key", "status", "-t", "nope").err()).isEqualTo("llmcm: unknown tenant 'nope'\n");
            assertThat(runs.fails(remote, 2, "key", "rotate", "-t", "acme", "--author", "someone").err()).contains("--author does not work with a server");

            // environments
            assertThat(runs.ok(remote, "env", "create", "canary", "--parent", "prod").out()).matches("created environment canary \\(parent prod\\) at revision \\d+\n");
            assertThat(runs.fails(remote, 4, "env", "create", "canary").err()).startsWith("llmcm: ").contains("canary");
            assertThat(runs.fails(remote, 2, "env", "create", "qa", "-m", "why").err())
                    .isEqualTo("llmcm: --message does not work with llmcm env create on a server yet (it records 'create environment qa')\n");
            assertThat(runs.ok(remote, "env", "list").out()).contains("  prod\n    canary\n");

            // tenant state and quota
            assertThat(runs.ok(remote, "tenant", "suspend", "acme").out()).matches("suspended tenant acme at revision \\d+\n");
            assertThat(runs.ok(remote, "tenant", "suspend", "acme").out()).isEqualTo("tenant acme is already suspended\n");
            assertThat(runs.ok(remote, "tenant", "activate", "acme").out()).matches("activated tenant acme at revision \\d+\n");
            assertThat(runs.fails(remote, 2, "tenant", "archive", "global").err()).contains("the root tenant 'global' has no parent");
            assertThat(runs.ok(remote, "tenant", "quota", "acme", "--max-keys", "100", "--max-bytes", "1MiB").out())
                    .matches("(?s)set quota of tenant acme at revision \\d+\nmax-keys: +100 \\(2 in use\\)\nmax-bytes: +1 MiB .*");
            assertThat(runs.ok(remote, "tenant", "quota", "acme", "--max-keys", "100").out()).startsWith("quota of tenant acme unchanged\n");
            assertThat(runs.fails(remote, 3, "tenant", "quota", "nope").err()).isEqualTo("llmcm: unknown tenant 'nope'\n");

            // bundles: exported by the server, encrypted to a key pair made here, imported back by it
            runs.ok(remote, "key", "pair", "--out", dir.resolve("ops").toString());
            Path bundle = dir.resolve("p.bundle");
            assertThat(runs.ok(remote, "export", "providers", "-t", "acme", "--recipient", dir.resolve("ops.pub").toString(), "-o", bundle.toString()).out())
                    .matches("exported 1 key \\(values and secrets\\) under providers to " + bundle + " \\(signed, encrypted to [0-9a-f]{16}\\)\n");
            assertThat(runs.ok(remote, "export", "models", "-t", "acme", "--format", "bundle").out()).contains("llmcm-bundle/1").contains("\"encrypted\"");
            runs.ok(remote, "tenant", "create", "beta");
            assertThat(runs.fails(remote, 5, "import", bundle.toString(), "--into", "providers", "-t", "beta").err()).startsWith("llmcm: the bundle");
            assertThat(runs.fails(remote, 2, "import", bundle.toString(), "-t", "beta", "--identity", dir.resolve("ops.key").toString(),
                    "--server", "http://192.0.2.1:8080").err()).contains("--identity would send a private key to http://192.0.2.1:8080 unencrypted");
            assertThat(runs.ok(remote, "import", bundle.toString(), "--into", "providers", "-t", "beta", "--identity", dir.resolve("ops.key").toString()).out())
                    .matches("imported the bundle \\(signed by this store\\) under providers in beta:base at revision \\d+\n");
            assertThat(runs.ok(remote, "secret", "get", "providers/openai/key", "-t", "beta", "--reveal").out()).isEqualTo("sk-live-42\n");

            // audit: what the server recorded, its chain checked by the server; a viewer may not read it
            assertThat(runs.ok(remote, "audit", "verify").out()).matches("audit trail intact: \\d+ events, last hash [0-9a-f]{64}\n");
            Path trail = dir.resolve("audit.jsonl");
            assertThat(runs.ok(remote, "audit", "export", "-o", trail.toString()).err()).matches("exported \\d+ audit events to " + trail + "\n");
            exported = Files.readString(trail);
            assertThat(exported).contains("\"specversion\":\"1.0\"").doesNotContain("sk-live");
            String viewer = ApiKeys.issue(url, TOKEN, "acme", "viewer");
            assertThat(runs.fails(remote.env("LLMCM_TOKEN", viewer), 6, "audit", "verify").err()).startsWith("llmcm: permission denied by " + url + ": ");
            assertThat(runs.fails(remote.env("LLMCM_TOKEN", viewer), 6, "audit", "list").err()).startsWith("llmcm: permission denied by " + url + ": ");

            // the server has no route for these: they say so, and touch no local store
            assertThat(runs.fails(remote, 2, "key", "rotate", "--master").err())
                    .isEqualTo("llmcm: llmcm key rotate works only on a local store (the server has no route for it: the master key is where the store is, not behind the API); pass --store DIR\n");
            assertThat(runs.fails(remote, 2, "key", "init").err()).contains("llmcm key init works only on a local store (the server has no route for it");
            assertThat(runs.fails(local.without("LLMCM_STORE").env("LLMCM_TOKEN", TOKEN), 2, "secret", "leases", "--server", url).err())
                    .contains("works only on a local store (the server has no route for the leases of dynamic secrets); drop --server and pass --store DIR");

            remoteReads = runs.outputs(remote, reads);
        }
        // the same reads in local mode on the store the server wrote: the same text
        runs.sameLocally(local, remoteReads);
        // the server's export is the start of the local one (the trail has grown since)
        assertThat(runs.ok(local, "audit", "export").out()).startsWith(exported);
        assertThat(runs.ok(local, "audit", "verify").out()).startsWith("audit trail intact: ");
    }
}
