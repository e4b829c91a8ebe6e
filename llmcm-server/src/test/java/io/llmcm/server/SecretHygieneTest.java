package io.llmcm.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmcm.core.audit.AuditEvent;
import io.llmcm.core.auth.BuiltInRoles;
import io.llmcm.core.model.Mutation;
import io.llmcm.core.model.Tag;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Secrets written through HTTP never show in plaintext: not in any answer (errors included, even
 * to requests whose body held the secret) except an explicit reveal, not in the audit log, and not
 * in any file of the store once the server is closed and the WAL checkpointed. The scan is shown
 * to work by finding a planted configuration marker in the store files and the plaintext in what
 * was revealed.
 */
class SecretHygieneTest {
    private static final String PLAIN = "llmcm-HTTP-PLAINTEXT-5e2b7d91";
    private static final String MARKER = "CLEAR-HTTP-MARKER-a4c6";

    private final List<String> answers = new ArrayList<>();
    private final List<String> revealed = new ArrayList<>();
    private TestServer s;

    private TestServer.Reply keep(TestServer.Reply r) {
        answers.add(r.body());
        answers.add(r.headers().map().toString());
        assertThat(r.status()).as("no 5xx: %s", r.body()).isLessThan(500);
        return r;
    }

    private TestServer.Reply call(String method, String path, String token, String body, String contentType) {
        return keep(s.call(method, path, token, body, contentType == null ? Map.of() : Map.of("Content-Type", contentType)));
    }

    private TestServer.Reply get(String path, String token) {
        return keep(s.get(path, token));
    }

    private TestServer.Reply reveal(String path, String token) {
        TestServer.Reply r = s.get(path, token);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        revealed.add(r.body());
        return r;
    }

    @Test
    void noPlaintextInAnswersAuditOrStoreFilesButReveals() throws IOException {
        s = TestServer.start();
        try {
            String dev = s.key("acme", BuiltInRoles.DEVELOPER);
            String viewer = s.key("acme", BuiltInRoles.VIEWER);
            String J = "application/json";

            // ---- writes: single secrets, JSON secrets, a batch put-secret, a new version
            assertThat(call("PUT", "/v1/tenants/acme/secrets/providers/openai?env=prod", dev, "{\"value\":\"" + PLAIN + "\"}", J).status()).isEqualTo(200);
            assertThat(call("PUT", "/v1/tenants/acme/secrets/db/creds", dev, "{\"value\":{\"user\":\"app\",\"password\":\"" + PLAIN + "-json\"}}", J).status()).isEqualTo(200);
            assertThat(call("POST", "/v1/tenants/acme/commits", dev, "{\"message\":\"batch\",\"changes\":["
                    + "{\"op\":\"put-secret\",\"path\":\"batch/key\",\"secret\":\"" + PLAIN + "-batch\"},"
                    + "{\"op\":\"put\",\"path\":\"models/chat\",\"value\":{\"api_key\":\"${secret:providers/openai}\",\"note\":\"" + MARKER + "\"}}]}", J).status()).isEqualTo(200);
            long before = s.server().revision();
            s.commit(new Mutation.PutTag(new Tag("acme", "before-v2", before)));
            assertThat(call("PUT", "/v1/tenants/acme/secrets/providers/openai?env=prod", dev, "{\"value\":\"" + PLAIN + "-v2\"}", J).status()).isEqualTo(200);
            assertThat(call("POST", "/v1/tenants/acme/commits", dev, "{\"dryRun\":true,\"changes\":["
                    + "{\"op\":\"put-secret\",\"path\":\"dry/key\",\"secret\":\"" + PLAIN + "-dry\"}]}", J).status()).isEqualTo(200);

            // ---- explicit reveals: the only answers allowed to hold the plaintext
            assertThat(reveal("/v1/tenants/acme/secrets/providers/openai?env=prod&reveal=true", dev).body()).contains(PLAIN + "-v2");
            reveal("/v1/tenants/acme/secrets/providers/openai?env=prod&reveal=true&at=before-v2", dev);
            reveal("/v1/tenants/acme/secrets/db/creds?reveal=true", dev);
            reveal("/v1/tenants/acme/secrets/batch/key?reveal=true", dev);

            // ---- every other read that can carry a value
            for (String env : List.of("base", "prod")) {
                get("/v1/tenants/acme/secrets/providers/openai?env=" + env, dev);
                get("/v1/tenants/acme/config/providers/openai?env=" + env, dev);
                get("/v1/tenants/acme/config/providers/openai?env=" + env + "&explain=true", dev);
                get("/v1/tenants/acme/config/models/chat?env=" + env, dev);
                get("/v1/tenants/acme/config/models/chat?env=" + env + "&explain=true", dev);
                get("/v1/tenants/acme/config?env=" + env, dev);
                get("/v1/tenants/acme/secrets?env=" + env, dev);
                get("/v1/tenants/acme-eu/config?env=" + env, TestServer.BOOTSTRAP);
            }
            get("/v1/tenants/acme/config/providers/openai?env=prod&at=before-v2", dev);
            get("/v1/tenants/acme/config?env=prod&at=before-v2", dev);
            get("/v1/tenants/acme/secrets/db/creds", viewer);
            get("/v1/tenants/acme/config/db/creds?explain=true", viewer);
            get("/v1/tenants/acme/history/providers/openai", dev);
            get("/v1/tenants/acme/history/db/creds?limit=5", dev);
            get("/v1/tenants/acme/history/batch/key", dev);
            get("/v1/tenants/acme/diff?from=1", dev);
            get("/v1/tenants/acme/diff?from=before-v2", dev);
            get("/v1/tenants/acme/diff?from=1&prefix=db", viewer);
            get("/v1/tenants", dev);
            get("/v1/tenants/acme", TestServer.BOOTSTRAP);
            get("/metrics", null);

            // ---- refusals and bad requests, many of them carrying the plaintext
            assertThat(get("/v1/tenants/acme/secrets/providers/openai?env=prod&reveal=true", viewer).status()).isEqualTo(403);
            assertThat(call("PUT", "/v1/tenants/acme/secrets/x", viewer, "{\"value\":\"" + PLAIN + "\"}", J).status()).isEqualTo(403);
            assertThat(call("PUT", "/v1/tenants/beta/secrets/x", dev, "{\"value\":\"" + PLAIN + "\"}", J).status()).isEqualTo(404);
            assertThat(call("PUT", "/v1/tenants/acme/secrets/x", null, "{\"value\":\"" + PLAIN + "\"}", J).status()).isEqualTo(401);
            assertThat(call("PUT", "/v1/tenants/acme/secrets/x", "Bearer-" + PLAIN, "{\"value\":\"" + PLAIN + "\"}", J).status()).isEqualTo(401);
            assertThat(call("PUT", "/v1/tenants/acme/secrets/x", dev, "{\"value\":\"" + PLAIN, J).status()).isEqualTo(400);
            assertThat(call("PUT", "/v1/tenants/acme/secrets/x", dev, "{\"value\":\"" + PLAIN + "\",\"expires\":\"soon\"}", J).status()).isEqualTo(400);
            assertThat(call("PUT", "/v1/tenants/acme/secrets/x", dev, "{\"value\":\"" + PLAIN + "\",\"expires\":\"2001-01-01T00:00:00Z\"}", J).status()).isEqualTo(400);
            assertThat(call("PUT", "/v1/tenants/acme/secrets/x", dev, "{\"value\":\"" + PLAIN + "\",\"bogus\":1}", J).status()).isEqualTo(400);
            assertThat(call("PUT", "/v1/tenants/acme/secrets/x", dev, "{\"value\":[[[[[[[[[[[\"" + PLAIN + "\"]]]]]]]]]]]}", J).status()).isEqualTo(400);
            assertThat(call("PUT", "/v1/tenants/acme/secrets/x", dev, "value: " + PLAIN, "application/yaml").status()).isEqualTo(415);
            assertThat(call("PUT", "/v1/tenants/acme/secrets/x", dev, "\"" + PLAIN + "\"", J).status()).isEqualTo(400);
            assertThat(call("PUT", "/v1/tenants/acme/secrets/a/../x", dev, "{\"value\":\"" + PLAIN + "\"}", J).status()).isEqualTo(400);
            assertThat(call("PUT", "/v1/tenants/acme/secrets/models/chat", dev, "{\"value\":\"" + PLAIN + "\"}", J).status()).isLessThan(500);
            String etag = s.get("/v1/tenants/acme/secrets/batch/key", dev).header("ETag");
            s.put("/v1/tenants/acme/secrets/batch/key", dev, "{\"value\":\"" + PLAIN + "-3\"}");
            assertThat(keep(s.call("PUT", "/v1/tenants/acme/secrets/batch/key", dev, "{\"value\":\"" + PLAIN + "-4\"}",
                    Map.of("Content-Type", J, "If-Match", etag))).status()).isEqualTo(412);
            assertThat(call("POST", "/v1/tenants/acme/commits", dev, "{\"changes\":[{\"op\":\"put-secret\",\"path\":\"a/../b\",\"secret\":\"" + PLAIN + "\"}]}", J).status()).isEqualTo(400);
            assertThat(call("POST", "/v1/tenants/acme/commits", dev, "{\"changes\":[{\"op\":\"put-secret\",\"path\":\"b\",\"secret\":\"" + PLAIN + "\",\"value\":1}]}", J).status()).isEqualTo(400);
            assertThat(call("POST", "/v1/tenants/acme/commits", dev, "{\"changes\":[{\"op\":\"put-secret\",\"path\":\"b\",\"secret\":\"" + PLAIN + "\"},{\"op\":\"delete\",\"path\":\"none\"}]}", J).status()).isEqualTo(404);
            assertThat(call("POST", "/v1/tenants/acme/commits", dev, "{\"changes\":[{\"op\":\"put-secret\",\"path\":\"b\",\"secret\":\"" + PLAIN + "\"},{\"op\":\"put-secret\",\"path\":\"b\",\"secret\":\"" + PLAIN + "\"}]}", J).status()).isEqualTo(400);
            assertThat(call("POST", "/v1/tenants/acme/commits", dev, "{\"changes\":[{\"op\":\"put-secret\",\"path\":\"b\",\"secret\":\"" + PLAIN, J).status()).isEqualTo(400);
            assertThat(call("POST", "/v1/tenants/acme/commits", viewer, "{\"changes\":[{\"op\":\"put-secret\",\"path\":\"b\",\"secret\":\"" + PLAIN + "\"}]}", J).status()).isEqualTo(403);
            assertThat(call("POST", "/v1/tenants/acme/commits", dev, "{\"dryRun\":true,\"changes\":[{\"op\":\"put-secret\",\"path\":\"b\",\"secret\":\"" + PLAIN + "\",\"ifRevision\":\"x\"}]}", J).status()).isEqualTo(400);
            assertThat(call("PATCH", "/v1/tenants/acme/secrets/x", dev, "{\"value\":\"" + PLAIN + "\"}", J).status()).isEqualTo(405);

            // the audit log (read through the engine before closing)
            List<String> audit = new ArrayList<>();
            for (AuditEvent e : s.repo().auditEvents(0, 100_000)) {
                audit.add(e.toString());
            }
            assertThat(audit).anyMatch(e -> e.contains("reveal"));

            // ---- close: the WAL is checkpointed into the database file
            s.stop();
            List<Path> files;
            try (Stream<Path> walk = Files.walk(s.dir())) {
                files = walk.filter(Files::isRegularFile).toList();
            }
            assertThat(files).isNotEmpty();
            boolean markerFound = false;
            for (Path f : files) {
                byte[] bytes = Files.readAllBytes(f);
                assertThat(contains(bytes, PLAIN.getBytes(StandardCharsets.UTF_8))).as("plaintext in %s", f).isFalse();
                markerFound |= contains(bytes, MARKER.getBytes(StandardCharsets.UTF_8));
            }
            assertThat(markerFound).as("the scan finds clear configuration in the store files").isTrue();

            assertThat(answers).hasSizeGreaterThan(80);
            for (String a : answers) {
                assertThat(a).doesNotContain(PLAIN);
            }
            assertThat(String.join("\n", answers)).contains(MARKER); // the reads did return values
            for (String e : audit) {
                assertThat(e).doesNotContain(PLAIN);
            }
            assertThat(String.join("\n", revealed)).contains(PLAIN, PLAIN + "-json", PLAIN + "-batch", PLAIN + "-v2");
        } finally {
            s.close();
        }
    }

    private static boolean contains(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i <= hay.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
