package io.llmcm.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmcm.core.auth.BuiltInRoles;
import io.llmcm.core.json.Json;
import io.llmcm.server.http.Route;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

/**
 * A property over seeded random requests: whatever the method, route, path parameters, query,
 * headers and body, the server never answers 5xx, and every error is a problem document. Routes
 * come from {@link Server#routes()}, so new routes are exercised without touching this test. A
 * failure names its seed and the request; rerun that seed alone to reproduce it.
 */
class NoServerErrorTest {
    static final int REQUESTS_PER_SEED = 60;
    static TestServer s;
    static List<Route> routes;
    static String[] tokens;

    @BeforeAll
    static void start() {
        s = TestServer.start();
        routes = s.server().routes();
        String dev = s.key("acme", BuiltInRoles.DEVELOPER);
        String viewer = s.key("acme", BuiltInRoles.VIEWER);
        tokens = new String[] {TestServer.BOOTSTRAP, TestServer.BOOTSTRAP, TestServer.BOOTSTRAP, dev, dev, viewer, null, "garbage", "llmcm_ak_" + "0".repeat(40)};
        s.put("/v1/tenants/acme/config/models/chat", TestServer.BOOTSTRAP, "{\"model\":\"gpt\",\"t\":0.5}");
        s.put("/v1/tenants/acme/config/models/chat?env=prod", TestServer.BOOTSTRAP, "{\"t\":0.9}");
        s.put("/v1/tenants/acme/secrets/providers/key", TestServer.BOOTSTRAP, "{\"value\":\"k\"}");
    }

    /** Answers by status class, over all seeds: the property means little if nothing succeeds. */
    static final java.util.concurrent.ConcurrentHashMap<Integer, Integer> STATUSES = new java.util.concurrent.ConcurrentHashMap<>();

    @AfterAll
    static void stop() {
        s.close();
        int ok = STATUSES.getOrDefault(2, 0);
        int refused = STATUSES.getOrDefault(4, 0);
        assertThat(ok).as("successful requests among %s", STATUSES).isGreaterThan(REQUESTS_PER_SEED);
        assertThat(refused).as("refused requests among %s", STATUSES).isGreaterThan(REQUESTS_PER_SEED);
    }

    static LongStream seeds() {
        // more with -Dllmcm.fuzz.seeds=N (and a different range with -Dllmcm.fuzz.first=K)
        long first = Long.getLong("llmcm.fuzz.first", 1);
        LongStream found = LongStream.of(1012); // seeds that once found a 5xx stay in the default run
        return LongStream.concat(found, LongStream.range(first, first + Long.getLong("llmcm.fuzz.seeds", 24)));
    }

    private static final String[] METHODS = {"GET", "PUT", "POST", "DELETE", "PATCH", "HEAD", "OPTIONS", "TRACE"};
    private static final String[] TENANTS = {"acme", "acme", "acme-eu", "beta", "global", "nosuch", "ACME", "a..b", "%2e%2e", "-x", "x".repeat(70), "%00", "ac%2Fme", "t_1"};
    private static final String[] PATHS = {"models/chat", "models/chat", "providers/key", "a", "a/b/c", "x.y-z_1", "_h", "..", "a/../b",
        "a//b", "a/", "%2e%2e/x", "a%2Fb", "a%5Cb", ".hidden", "a b", "a%20b", "é", "%C3%A9", "a;b", "a?b", "a#b", "%00", "x".repeat(600),
        "x/".repeat(40) + "y", "*", "~", "%", "%ZZ", "%FF", "\\", "a\\b"};
    private static final String[] QUERY_NAMES = {"env", "service", "at", "explain", "reveal", "minRevision", "prefix", "limit", "from", "to", "replace", "timeout", "fromRevision", "x"};
    private static final String[] QUERY_VALUES = {"", "prod", "dev", "base", "Prod", "p!", "bot", "1", "2", "0", "-1", "abc", "true", "false", "maybe",
        "99999999999999999999", "models", "a/../b", "%ZZ", "%FF", "%00", "a%20b", "release-1", "x".repeat(300), "%2F", "1.5"};
    private static final String[] CONTENT_TYPES = {"application/json", "application/json", "application/json", "application/yaml", "application/toml",
        "text/plain", "application/xml", "application/json; charset=utf-8", "multipart/form-data; boundary=x", "", "garbage/"};

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void neverA5xxAndEveryErrorIsAProblem(long seed) {
        Random r = new Random(seed);
        for (int i = 0; i < REQUESTS_PER_SEED; i++) {
            Route route = routes.get(r.nextInt(routes.size()));
            String method = r.nextInt(5) == 0 ? METHODS[r.nextInt(METHODS.length)] : route.method().name();
            String target = target(r, route.path()) + query(r);
            Map<String, String> headers = new LinkedHashMap<>();
            String token = tokens[r.nextInt(tokens.length)];
            if (token != null) {
                headers.put("Authorization", r.nextInt(10) == 0 ? "Basic " + token : "Bearer " + token);
            }
            byte[] body = null;
            if (!method.equals("GET") && !method.equals("HEAD") && r.nextInt(6) != 0) {
                body = body(r);
                String ct = CONTENT_TYPES[r.nextInt(CONTENT_TYPES.length)];
                if (!ct.isEmpty()) {
                    headers.put("Content-Type", ct);
                }
            }
            if (r.nextInt(8) == 0) {
                headers.put(r.nextBoolean() ? "If-Match" : "If-None-Match", pick(r, "\"1\"", "*", "W/\"2\"", "junk", "\"99999999999999999999\"", ""));
            }
            if (r.nextInt(10) == 0) {
                headers.put("X-Commit-Message", "m" + r.nextInt());
            }
            if (r.nextInt(10) == 0) {
                headers.put("X-Request-Id", pick(r, "abc", "x".repeat(100), "a b", "é"));
            }
            String what = "seed " + seed + " request " + i + ": " + method + " " + clip(target) + " " + headers.keySet()
                    + (body == null ? "" : " body " + clip(new String(body, StandardCharsets.UTF_8)));
            RawHttp.Answer a = RawHttp.send(s.server().port(), method, target, headers, body);
            assertThat(a.status()).as("%s answered %s", what, a.body()).isLessThan(500);
            STATUSES.merge(a.status() / 100, 1, Integer::sum);
            if (a.status() >= 400 && !method.equals("HEAD")) {
                assertThat(a.contentType()).as("%s answered %s", what, a.body()).startsWith("application/problem+json");
                JsonNode p = Json.parse(a.body());
                assertThat(p.get("status").asInt()).as(what).isEqualTo(a.status());
                assertThat(p.get("detail").asString()).as(what).isNotBlank();
            }
        }
    }

    private static String target(Random r, String template) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < template.length()) {
            char c = template.charAt(i);
            if (c == '{' || c == '<') {
                int end = template.indexOf(c == '{' ? '}' : '>', i);
                String name = template.substring(i + 1, end);
                out.append(name.equals("tenant") ? pick(r, TENANTS) : mutate(r, pick(r, PATHS)));
                i = end + 1;
            } else {
                out.append(c);
                i++;
            }
        }
        String t = out.toString();
        return switch (r.nextInt(20)) {
            case 0 -> t + "/";
            case 1 -> "/" + t;
            case 2 -> t.replace("/v1/", "/v1//");
            case 3 -> t.toUpperCase(java.util.Locale.ROOT);
            default -> t;
        };
    }

    private static String mutate(Random r, String path) {
        return switch (r.nextInt(8)) {
            case 0 -> path + "/" + pick(r, PATHS);
            case 1 -> path.isEmpty() ? path : path.substring(0, r.nextInt(path.length()));
            case 2 -> path + "%" + Integer.toHexString(r.nextInt(256));
            default -> path;
        };
    }

    private static String query(Random r) {
        int n = r.nextInt(4);
        if (n == 0) {
            return "";
        }
        StringBuilder q = new StringBuilder("?");
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                q.append(r.nextInt(10) == 0 ? ";" : "&");
            }
            q.append(pick(r, QUERY_NAMES));
            if (r.nextInt(10) != 0) {
                q.append('=').append(pick(r, QUERY_VALUES));
            }
        }
        return q.toString();
    }

    private static byte[] body(Random r) {
        String text = switch (r.nextInt(14)) {
            case 0 -> "{\"a\":1,\"b\":[true,null,\"x\"]}";
            case 1 -> "{\"value\":\"secret-" + r.nextInt(1000) + "\"" + (r.nextBoolean() ? ",\"expires\":\"2999-01-01T00:00:00Z\"" : "") + "}";
            case 2 -> "{\"changes\":[{\"op\":\"" + pick(r, "put", "delete", "put-secret", "bad") + "\",\"path\":\"" + pick(r, PATHS)
                    + "\",\"value\":" + r.nextInt(9) + (r.nextBoolean() ? ",\"secret\":\"s\"" : "") + "}]" + (r.nextBoolean() ? ",\"dryRun\":true" : "") + "}";
            case 3 -> "{\"to\":" + pick(r, "1", "2", "\"release-1\"", "-1", "1.5", "null", "[]") + (r.nextBoolean() ? ",\"prefix\":\"" + pick(r, PATHS) + "\"" : "") + "}";
            case 4 -> "{\"name\":\"" + pick(r, "t" + r.nextInt(100_000), "acme", "BAD", "global", "") + "\",\"parent\":\"" + pick(r, TENANTS) + "\"}";
            case 5 -> "[".repeat(r.nextInt(40)) + "1" + "]".repeat(r.nextInt(40));
            case 6 -> "model: gpt\nlimits: {rpm: " + r.nextInt() + "}\n" + (r.nextBoolean() ? "  bad: [" : "");
            case 7 -> "a = " + r.nextInt() + "\n[b]\nc = \"x\"\n" + (r.nextBoolean() ? "[b]\n" : "");
            case 8 -> "";
            case 9 -> "null";
            case 10 -> "\"" + "x".repeat(r.nextInt(5000)) + "\"";
            case 11 -> "{\"" + pick(r, "value", "changes", "name", "to", "x/y", "~") + "\":" + pick(r, "1", "\"s\"", "{}", "[]", "null", "true") + "}";
            default -> null;
        };
        if (text != null) {
            byte[] b = text.getBytes(StandardCharsets.UTF_8);
            if (r.nextInt(5) == 0 && b.length > 0) {
                b[r.nextInt(b.length)] = (byte) r.nextInt(256); // a flipped byte
            }
            return b;
        }
        byte[] junk = new byte[r.nextInt(200)];
        r.nextBytes(junk);
        return junk;
    }

    @SafeVarargs
    private static <T> T pick(Random r, T... options) {
        return options[r.nextInt(options.length)];
    }

    private static String clip(String v) {
        return v.length() > 160 ? v.substring(0, 160) + "…" : v;
    }
}
