package io.llmcm.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmcm.core.auth.BuiltInRoles;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

/**
 * Bad requests on every existing route: each answers 4xx with a problem document whose detail
 * says what is wrong (and whose field names the part at fault where there is one), changes
 * nothing, and is never a 5xx. Sent over a raw socket so any bytes and any URI can be tried.
 */
class BadInputTest {
    static TestServer s;
    static final String ADMIN = TestServer.BOOTSTRAP;

    /** One bad request and what it must answer; {@code field} null when no part is named. */
    record Case(String name, String method, String target, String contentType, byte[] body, int status, String field) {
        @Override
        public String toString() {
            return name;
        }
    }

    @BeforeAll
    static void start() {
        s = TestServer.start();
        assertThat(s.put("/v1/tenants/acme/config/cfg/x", ADMIN, "{\"a\":1}").status()).isEqualTo(200);
        assertThat(s.put("/v1/tenants/acme/secrets/sec/x", ADMIN, "{\"value\":\"v\"}").status()).isEqualTo(200);
    }

    @AfterAll
    static void stop() {
        s.close();
    }

    private static final String JSON = "application/json";
    private static final String CFG = "/v1/tenants/acme/config/cfg/x";
    private static final String SEC = "/v1/tenants/acme/secrets/sec/x";
    private static final String COMMITS = "/v1/tenants/acme/commits";

    private static Case c(String name, String method, String target, String contentType, String body, int status, String field) {
        return new Case(name, method, target, contentType, body == null ? null : body.getBytes(StandardCharsets.UTF_8), status, field);
    }

    private static Case get(String name, String target, int status, String field) {
        return c(name, "GET", target, null, null, status, field);
    }

    private static Case commit(String name, String json, int status, String field) {
        return c(name, "POST", COMMITS, JSON, json, status, field);
    }

    private static String nested(int depth) {
        return "[".repeat(depth) + "1" + "]".repeat(depth);
    }

    static Stream<Case> cases() {
        String big = "\"" + "x".repeat((1 << 20) + 10) + "\"";
        List<Case> l = new ArrayList<>();
        // ---- configuration values: bodies
        l.add(c("malformed JSON", "PUT", CFG, JSON, "{\"a\":", 400, "body"));
        l.add(c("trailing JSON", "PUT", CFG, JSON, "{\"a\":1}{\"b\":2}", 400, "body"));
        l.add(c("JSON duplicate key", "PUT", CFG, JSON, "{\"a\":1,\"a\":2}", 400, "body"));
        l.add(c("NaN", "PUT", CFG, JSON, "NaN", 400, "body"));
        l.add(c("malformed YAML", "PUT", CFG, "application/yaml", "a: [1, 2", 400, "body"));
        l.add(c("malformed TOML", "PUT", CFG, "application/toml", "a = ", 400, "body"));
        l.add(c("TOML duplicate key", "PUT", CFG, "application/toml", "a = 1\na = 2\n", 400, "body"));
        l.add(c("empty JSON body", "PUT", CFG, JSON, "", 400, "body"));
        l.add(c("empty text body", "PUT", CFG, "text/plain", "", 400, "body"));
        l.add(new Case("non-UTF-8 body", "PUT", CFG, JSON, new byte[] {'"', (byte) 0xC3, (byte) 0x28, '"'}, 400, "body"));
        l.add(new Case("non-UTF-8 text", "PUT", CFG, "text/plain", new byte[] {'a', (byte) 0xFF}, 400, "body"));
        l.add(c("value over 1 MiB", "PUT", CFG, JSON, big, 400, "body"));
        l.add(c("nested 11 deep", "PUT", CFG, JSON, nested(11), 400, "body"));
        l.add(c("nested 5000 deep", "PUT", CFG, JSON, nested(5000), 400, "body"));
        l.add(c("YAML nested too deep", "PUT", CFG, "application/yaml", "a:\n" + "  b:\n".repeat(1).repeat(1) + "    " + nested(12), 400, "body"));
        l.add(c("charset not UTF-8", "PUT", CFG, "application/json; charset=ISO-8859-1", "\"caf\u00e9\"", 415, "header:Content-Type"));
        l.add(c("charset on a request object", "POST", COMMITS, "application/json;charset=utf-16", "{}", 415, "header:Content-Type"));
        l.add(c("unsupported media type", "PUT", CFG, "application/xml", "<a/>", 415, "header:Content-Type"));
        // ---- configuration values: query and headers
        l.add(c("env with bad characters", "PUT", CFG + "?env=Prod!", JSON, "1", 400, "query:env"));
        l.add(c("env with a space", "PUT", CFG + "?env=pr%20od", JSON, "1", 400, "query:env"));
        l.add(c("service with bad characters", "PUT", CFG + "?service=a.b", JSON, "1", 400, "query:service"));
        l.add(c("replace=maybe", "PUT", CFG + "?replace=maybe", JSON, "1", 400, "query:replace"));
        l.add(c("broken query encoding", "PUT", CFG + "?env=%ZZ", JSON, "1", 400, "query"));
        l.add(c("query bad UTF-8", "PUT", CFG + "?env=%FF", JSON, "1", 400, "query"));
        l.add(c("If-Match garbage", "PUT", CFG, JSON, "1", 400, "header:If-Match"));
        l.add(get("at=nonsense", CFG + "?at=nonsense", 404, "query:at"));
        l.add(get("at=bad tag", CFG + "?at=-1", 400, "query:at"));
        l.add(get("at=huge", CFG + "?at=99999999999999999999999", 400, "query:at"));
        l.add(get("at in the future", CFG + "?at=999999", 404, "query:at"));
        l.add(get("explain=maybe", CFG + "?explain=maybe", 400, "query:explain"));
        l.add(get("reveal=1", SEC + "?reveal=1", 400, "query:reveal"));
        l.add(get("minRevision=abc", CFG + "?minRevision=abc", 400, "query:minRevision"));
        l.add(get("minRevision=-1", CFG + "?minRevision=-1", 400, "query:minRevision"));
        l.add(get("list prefix ..", "/v1/tenants/acme/config?prefix=a/../b", 400, "query:prefix"));
        l.add(get("list prefix //", "/v1/tenants/acme/config?prefix=a//b", 400, "query:prefix"));
        l.add(get("list env", "/v1/tenants/acme/config?env=A", 400, "query:env"));
        l.add(get("list at", "/v1/tenants/acme/config?at=nope", 404, "query:at"));
        l.add(get("secret list prefix", "/v1/tenants/acme/secrets?prefix=..", 400, "query:prefix"));
        l.add(get("history limit=0", "/v1/tenants/acme/history/cfg/x?limit=0", 400, "query:limit"));
        l.add(get("history limit=abc", "/v1/tenants/acme/history/cfg/x?limit=abc", 400, "query:limit"));
        l.add(get("history limit too big", "/v1/tenants/acme/history/cfg/x?limit=10001", 400, "query:limit"));
        l.add(get("history env", "/v1/tenants/acme/history/cfg/x?env=Prod!", 400, "query:env"));
        l.add(get("history service", "/v1/tenants/acme/history/cfg/x?service=S", 400, "query:service"));
        l.add(get("diff without from", "/v1/tenants/acme/diff", 400, "query:from"));
        l.add(get("diff bad from", "/v1/tenants/acme/diff?from=x!", 400, "query:from"));
        l.add(get("diff unknown to", "/v1/tenants/acme/diff?from=1&to=nope", 404, "query:to"));
        l.add(get("diff prefix", "/v1/tenants/acme/diff?from=1&prefix=../x", 400, "query:prefix"));
        // ---- path tricks
        l.add(get("dot-dot segment", "/v1/tenants/acme/config/cfg/../cfg/x", 400, "path:path"));
        l.add(get("leading dot-dot", "/v1/tenants/acme/config/../../health/live", 400, "path:path"));
        l.add(get("encoded dot-dot", "/v1/tenants/acme/config/cfg/%2e%2e/x", 400, "path:path"));
        l.add(get("encoded dot-dot upper", "/v1/tenants/acme/config/%2E%2E/%2E%2E/x", 400, "path:path"));
        l.add(get("encoded slash", "/v1/tenants/acme/config/cfg%2Fx", 400, "path"));
        l.add(get("encoded slash lower", "/v1/tenants/acme/secrets/sec%2fx", 400, "path"));
        l.add(get("encoded backslash", "/v1/tenants/acme/config/cfg%5Cx", 400, "path"));
        l.add(get("double slash in key", "/v1/tenants/acme/config/cfg//x", 400, "path:path"));
        l.add(get("double slash in route", "/v1/tenants/acme//config/cfg/x", 404, null));
        l.add(get("leading double slash", "//v1/tenants/acme/config/cfg/x", 404, null));
        l.add(get("key path too long", "/v1/tenants/acme/config/" + "x".repeat(600), 400, "path:path"));
        l.add(get("too many segments", "/v1/tenants/acme/config/" + "x/".repeat(40) + "y", 400, "path:path"));
        l.add(get("URI too long", "/v1/tenants/acme/config/" + "x".repeat(20_000), 414, null));
        l.add(get("raw NUL", "/v1/tenants/acme/config/cfg\u0000x", 400, null));
        l.add(get("encoded NUL", "/v1/tenants/acme/config/cfg%00x", 400, null));
        l.add(get("encoded NUL in tenant", "/v1/tenants/ac%00me/config/cfg/x", 400, null));
        l.add(get("broken percent in path", "/v1/tenants/acme/config/cfg%ZZ", 400, null));
        l.add(get("bad UTF-8 in path", "/v1/tenants/acme/config/%C3%28", 400, null));
        l.add(get("broken percent after ;", "/v1/tenants/acme/config/cfg;b%5", 400, "path"));
        l.add(get("bad UTF-8 after ;", "/v1/tenants/acme/config/cfg;b=%FF", 400, "path"));
        l.add(get("matrix parameter", "/v1/tenants/acme/config/cfg;x=1", 400, "path:path"));
        l.add(get("space in path", "/v1/tenants/acme/config/cfg x", 400, null));
        l.add(get("asterisk target", "*", 400, null));
        l.add(get("absolute URI to another host", "http://elsewhere/v1/tenants/acme", 400, null));
        l.add(get("unmatched route", "/v2/anything", 404, null));
        l.add(get("tenant upper case", "/v1/tenants/ACME/config/cfg/x", 404, null));
        l.add(c("wrong method PATCH", "PATCH", CFG, JSON, "1", 405, null));
        l.add(c("wrong method POST on config", "POST", CFG, JSON, "1", 405, null));
        l.add(c("wrong method DELETE on tenants", "DELETE", "/v1/tenants", null, null, 405, null));
        l.add(c("wrong method PUT on commits", "PUT", COMMITS, JSON, "{}", 405, null));
        // ---- secrets
        l.add(c("secret without value", "PUT", SEC, JSON, "{\"expires\":\"2999-01-01T00:00:00Z\"}", 400, "/value"));
        l.add(c("secret null value", "PUT", SEC, JSON, "{\"value\":null}", 400, "/value"));
        l.add(c("secret unknown field", "PUT", SEC, JSON, "{\"value\":\"v\",\"expire\":\"x\"}", 400, "/expire"));
        l.add(c("secret field with slash", "PUT", SEC, JSON, "{\"value\":\"v\",\"a/b~c\":1}", 400, "/a~1b~0c"));
        l.add(c("secret expires wrong type", "PUT", SEC, JSON, "{\"value\":\"v\",\"expires\":5}", 400, "/expires"));
        l.add(c("secret expires not an instant", "PUT", SEC, JSON, "{\"value\":\"v\",\"expires\":\"tomorrow\"}", 400, "/expires"));
        l.add(c("secret body not an object", "PUT", SEC, JSON, "[\"v\"]", 400, "body"));
        l.add(c("secret malformed", "PUT", SEC, JSON, "{\"value\":", 400, "body"));
        l.add(c("secret empty", "PUT", SEC, JSON, "", 400, "body"));
        l.add(c("secret as YAML", "PUT", SEC, "application/yaml", "value: v", 415, "header:Content-Type"));
        l.add(c("secret over 1 MiB", "PUT", SEC, JSON, "{\"value\":" + big + "}", 400, "/value"));
        l.add(c("secret nested too deep", "PUT", SEC, JSON, "{\"value\":" + nested(11) + "}", 400, "/value"));
        // ---- commits
        l.add(commit("commit not an object", "[]", 400, "body"));
        l.add(commit("commit duplicate key", "{\"message\":\"m\",\"message\":\"n\",\"changes\":[{\"op\":\"put\",\"path\":\"a\",\"value\":1}]}", 400, "body"));
        l.add(commit("commit unknown field", "{\"changes\":[{\"op\":\"put\",\"path\":\"a\",\"value\":1}],\"dryrun\":true}", 400, "/dryrun"));
        l.add(commit("commit changes not an array", "{\"changes\":{}}", 400, "/changes"));
        l.add(commit("commit no changes", "{\"changes\":[]}", 400, "/changes"));
        l.add(commit("commit changes absent", "{\"message\":\"m\"}", 400, "/changes"));
        l.add(commit("commit change not an object", "{\"changes\":[1]}", 400, "/changes/0"));
        l.add(commit("commit change unknown field", "{\"changes\":[{\"op\":\"put\",\"path\":\"a\",\"value\":1,\"vaule\":2}]}", 400, "/changes/0/vaule"));
        l.add(commit("commit op missing", "{\"changes\":[{\"path\":\"a\",\"value\":1}]}", 400, "/changes/0/op"));
        l.add(commit("commit op unknown", "{\"changes\":[{\"op\":\"move\",\"path\":\"a\"}]}", 400, "/changes/0/op"));
        l.add(commit("commit op wrong type", "{\"changes\":[{\"op\":1,\"path\":\"a\"}]}", 400, "/changes/0/op"));
        l.add(commit("commit path missing", "{\"changes\":[{\"op\":\"put\",\"value\":1}]}", 400, "/changes/0/path"));
        l.add(commit("commit path dot-dot", "{\"changes\":[{\"op\":\"put\",\"path\":\"a/../b\",\"value\":1}]}", 400, "/changes/0/path"));
        l.add(commit("commit env bad", "{\"changes\":[{\"op\":\"put\",\"path\":\"a\",\"env\":\"P!\",\"value\":1}]}", 400, "/changes/0/env"));
        l.add(commit("commit service bad", "{\"changes\":[{\"op\":\"put\",\"path\":\"a\",\"service\":\"S!\",\"value\":1}]}", 400, "/changes/0/service"));
        l.add(commit("commit value and text", "{\"changes\":[{\"op\":\"put\",\"path\":\"a\",\"value\":1,\"text\":\"t\"}]}", 400, "/changes/0/value"));
        l.add(commit("commit neither value nor text", "{\"changes\":[{\"op\":\"put\",\"path\":\"a\"}]}", 400, "/changes/0/value"));
        l.add(commit("commit value nested too deep", "{\"changes\":[{\"op\":\"put\",\"path\":\"a\",\"value\":" + nested(11) + "}]}", 400, "/changes/0/value"));
        l.add(commit("commit second change bad", "{\"changes\":[{\"op\":\"put\",\"path\":\"a\",\"value\":1},{\"op\":\"put\",\"path\":\"b\",\"value\":1,\"x\":1}]}", 400, "/changes/1/x"));
        l.add(commit("commit ifRevision negative", "{\"changes\":[{\"op\":\"put\",\"path\":\"a\",\"value\":1,\"ifRevision\":-1}]}", 400, "/changes/0/ifRevision"));
        l.add(commit("commit ifRevision string", "{\"changes\":[{\"op\":\"put\",\"path\":\"a\",\"value\":1,\"ifRevision\":\"3\"}]}", 400, "/changes/0/ifRevision"));
        l.add(commit("commit replace string", "{\"changes\":[{\"op\":\"put\",\"path\":\"a\",\"value\":1,\"replace\":\"yes\"}]}", 400, "/changes/0/replace"));
        l.add(commit("commit dryRun string", "{\"dryRun\":\"yes\",\"changes\":[{\"op\":\"put\",\"path\":\"a\",\"value\":1}]}", 400, "/dryRun"));
        l.add(commit("commit message number", "{\"message\":5,\"changes\":[{\"op\":\"put\",\"path\":\"a\",\"value\":1}]}", 400, "/message"));
        l.add(commit("put-secret without secret", "{\"changes\":[{\"op\":\"put-secret\",\"path\":\"a\"}]}", 400, "/changes/0/secret"));
        l.add(commit("put-secret with value", "{\"changes\":[{\"op\":\"put-secret\",\"path\":\"a\",\"secret\":\"s\",\"value\":1}]}", 400, "/changes/0/value"));
        l.add(commit("delete with value", "{\"changes\":[{\"op\":\"delete\",\"path\":\"cfg/x\",\"value\":1}]}", 400, "/changes/0/value"));
        l.add(commit("same key twice", "{\"changes\":[{\"op\":\"put\",\"path\":\"a\",\"value\":1},{\"op\":\"put\",\"path\":\"a\",\"value\":2}]}", 400, null));
        l.add(commit("delete of nothing", "{\"changes\":[{\"op\":\"put\",\"path\":\"a\",\"value\":1},{\"op\":\"delete\",\"path\":\"none\"}]}", 404, null));
        l.add(c("commit as text", "POST", COMMITS, "text/plain", "{}", 415, "header:Content-Type"));
        l.add(c("commit empty", "POST", COMMITS, JSON, "", 400, "body"));
        // ---- rollback
        l.add(c("rollback without to", "POST", "/v1/tenants/acme/rollback", JSON, "{}", 400, "/to"));
        l.add(c("rollback to fraction", "POST", "/v1/tenants/acme/rollback", JSON, "{\"to\":1.5}", 400, "/to"));
        l.add(c("rollback to negative", "POST", "/v1/tenants/acme/rollback", JSON, "{\"to\":-3}", 400, "/to"));
        l.add(c("rollback to unknown tag", "POST", "/v1/tenants/acme/rollback", JSON, "{\"to\":\"nope\"}", 404, "/to"));
        l.add(c("rollback to future", "POST", "/v1/tenants/acme/rollback", JSON, "{\"to\":999999}", 404, "/to"));
        l.add(c("rollback bad prefix", "POST", "/v1/tenants/acme/rollback", JSON, "{\"to\":1,\"prefix\":\"../\"}", 400, "/prefix"));
        l.add(c("rollback unknown field", "POST", "/v1/tenants/acme/rollback", JSON, "{\"to\":1,\"prefx\":\"a\"}", 400, "/prefx"));
        // ---- tenants
        l.add(c("tenant without name", "POST", "/v1/tenants", JSON, "{}", 400, "/name"));
        l.add(c("tenant name bad", "POST", "/v1/tenants", JSON, "{\"name\":\"A B\"}", 400, "/name"));
        l.add(c("tenant name number", "POST", "/v1/tenants", JSON, "{\"name\":7}", 400, "/name"));
        l.add(c("tenant parent bad", "POST", "/v1/tenants", JSON, "{\"name\":\"ok\",\"parent\":\"../global\"}", 400, "/parent"));
        l.add(c("tenant unknown field", "POST", "/v1/tenants", JSON, "{\"name\":\"ok\",\"parnet\":\"acme\"}", 400, "/parnet"));
        l.add(c("tenant malformed", "POST", "/v1/tenants", JSON, "{\"name\"", 400, "body"));
        l.add(c("tenant global again", "POST", "/v1/tenants", JSON, "{\"name\":\"global\"}", 400, "/name"));
        l.add(c("delete the root tenant", "DELETE", "/v1/tenants/global", null, null, 400, null));
        return l.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void refusedWithAProblemAndNothingChanged(Case k) {
        long before = s.server().revision();
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Authorization", "Bearer " + ADMIN);
        if (k.contentType() != null) {
            headers.put("Content-Type", k.contentType());
        }
        if (k.name().equals("If-Match garbage")) {
            headers.put("If-Match", "\"not-a-revision\"");
        }
        RawHttp.Answer a = RawHttp.send(s.server().port(), k.method(), k.target(), headers, k.body());
        JsonNode p = Problem.of(a, k.status());
        if (k.field() != null) {
            assertThat(p.has("field")).as("field in %s", a.body()).isTrue();
            assertThat(p.get("field").asString()).isEqualTo(k.field());
        }
        assertThat(p.get("detail").asString().length()).isLessThan(600);
        if (k.name().equals("JSON duplicate key") || k.name().equals("commit duplicate key")) {
            assertThat(p.get("detail").asString()).endsWith("duplicate field '" + (k.name().startsWith("JSON") ? "a" : "message") + "'");
        }
        assertThat(s.server().revision()).as("revision after %s", k).isEqualTo(before);
    }

    @Test
    void bodiesOver8MiBAre413WithOrWithoutALength() {
        byte[] big = new byte[(8 << 20) + 1024];
        java.util.Arrays.fill(big, (byte) ' ');
        big[0] = '"';
        big[big.length - 1] = '"';
        long before = s.server().revision();
        Map<String, String> h = Map.of("Authorization", "Bearer " + ADMIN, "Content-Type", JSON);
        JsonNode p = Problem.of(RawHttp.send(s.server().port(), "PUT", CFG, h, big), 413);
        assertThat(p.get("detail").asString()).contains("8 MiB");
        Problem.of(RawHttp.send(s.server().port(), "POST", COMMITS, h, big), 413);
        Problem.of(RawHttp.send(s.server().port(), "PUT", SEC, h, big), 413);

        // chunked: no Content-Length to refuse up front
        ByteArrayOutputStream chunked = new ByteArrayOutputStream();
        int chunk = 1 << 16;
        for (int off = 0; off < big.length; off += chunk) {
            int n = Math.min(chunk, big.length - off);
            chunked.writeBytes((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            chunked.write(big, off, n);
            chunked.writeBytes("\r\n".getBytes(StandardCharsets.ISO_8859_1));
        }
        chunked.writeBytes("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        Map<String, String> hc = Map.of("Authorization", "Bearer " + ADMIN, "Content-Type", JSON, "Transfer-Encoding", "chunked");
        Problem.of(RawHttp.send(s.server().port(), "PUT", CFG, hc, chunked.toByteArray()), 413);
        assertThat(s.server().revision()).isEqualTo(before);
    }

    @Test
    void conflictingFramingHeadersAreAProblemToo() {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Authorization", "Bearer " + ADMIN);
        h.put("Content-Type", JSON);
        h.put("Content-Length", "5");
        h.put("Transfer-Encoding", "chunked");
        Problem.of(RawHttp.send(s.server().port(), "PUT", CFG, h, "1\r\n1\r\n0\r\n\r\n".getBytes()), 400);
    }

    @Test
    void headIsGetWithoutABody() {
        RawHttp.Answer anonymous = RawHttp.send(s.server().port(), "HEAD", CFG, Map.of(), null);
        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(anonymous.bytes()).isEmpty();
        RawHttp.Answer ok = RawHttp.send(s.server().port(), "HEAD", CFG, Map.of("Authorization", "Bearer " + ADMIN), null);
        assertThat(ok.status()).isEqualTo(200);
        assertThat(ok.header("ETag")).isNotNull();
        assertThat(ok.bytes()).isEmpty();
        assertThat(RawHttp.send(s.server().port(), "HEAD", "/v1/tenants/nosuch/config/x", Map.of("Authorization", "Bearer " + ADMIN), null).status()).isEqualTo(404);
    }

    @Test
    void methodNotAllowedListsTheMethodsThePathTakes() {
        Map<String, String> auth = Map.of("Authorization", "Bearer " + ADMIN);
        RawHttp.Answer patch = RawHttp.send(s.server().port(), "PATCH", CFG, Map.of("Content-Type", JSON), "1".getBytes(StandardCharsets.UTF_8));
        Problem.of(patch, 405);
        assertThat(patch.header("Allow")).isEqualTo("GET, HEAD, PUT, DELETE");
        RawHttp.Answer tenants = RawHttp.send(s.server().port(), "DELETE", "/v1/tenants", auth, null);
        Problem.of(tenants, 405);
        assertThat(tenants.header("Allow")).isEqualTo("GET, HEAD, POST");
        RawHttp.Answer commits = RawHttp.send(s.server().port(), "GET", COMMITS, auth, null);
        Problem.of(commits, 405);
        assertThat(commits.header("Allow")).isEqualTo("POST");
        assertThat(RawHttp.send(s.server().port(), "GET", CFG, auth, null).header("Allow")).as("only on a 405").isNull();
    }

    @Test
    void anEmptyEnvIsAuthorizedAsTheBaseItWritesTo() {
        // a key bound to prod only must not write base by sending env= (empty)
        String prodOnly = s.key("acme", BuiltInRoles.DEVELOPER, new io.llmcm.core.auth.BindingScope(false, "", "prod"));
        assertThat(s.put("/v1/tenants/acme/config/envs/x?env=prod", prodOnly, "1").status()).isEqualTo(200);
        long before = s.server().revision();
        Problem.of(s.put("/v1/tenants/acme/config/envs/x?env=", prodOnly, "2"), 403);
        Problem.of(s.put("/v1/tenants/acme/config/envs/x", prodOnly, "2"), 403);
        assertThat(s.server().revision()).isEqualTo(before);
    }
}
