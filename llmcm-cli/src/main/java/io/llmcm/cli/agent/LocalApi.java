package io.llmcm.cli.agent;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.llmcm.client.ConfigView;
import io.llmcm.client.Snapshot;
import io.llmcm.core.LlmcmException;
import io.llmcm.core.json.Json;
import io.llmcm.core.model.Names;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.node.ObjectNode;

/**
 * The agent's read API on a loopback address, answered from the {@link Replica} in memory with the
 * server's routes, bodies and headers:
 *
 * <ul>
 *   <li>{@code GET /v1/tenants/{t}/config/{path}?env=&service=}: the value, {@code ETag},
 *       {@code X-Revision}, {@code X-Mod-Revision}, {@code X-Value-Type};
 *   <li>{@code GET /v1/tenants/{t}/config?prefix=&env=&service=}: {@code {"revision","scope","items"}};
 *   <li>{@code minRevision} (waits up to 5 s, else 412) and {@code waitForRevision}/{@code timeout}
 *       (long-poll) answered from the replica;
 *   <li>{@code GET /health/live}, {@code GET /health/ready}.
 * </ul>
 *
 * A scope or path outside the replica answers 404 saying the agent does not hold it. Errors are RFC
 * 9457 problem documents. No credential: anyone who can connect reads what the replica holds
 * (secrets are masked in it).
 */
public final class LocalApi implements AutoCloseable {
    static final String PROBLEM = "application/problem+json";
    private static final Duration MIN_REVISION_WAIT = Duration.ofSeconds(5);
    private static final Duration LONG_POLL_DEFAULT = Duration.ofSeconds(30);
    private static final Duration LONG_POLL_MAX = Duration.ofSeconds(60);
    private static final Pattern DURATION = Pattern.compile("([0-9]{1,9})(ms|s|m)?");
    private static final String CONFIG = "/config";

    private final HttpServer server;
    private final ExecutorService executor;
    private volatile Replica replica;

    private LocalApi(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /** Listens on {@code address} (one virtual thread per request); reads answer 503 until {@link #serve}. */
    public static LocalApi start(InetSocketAddress address) throws IOException {
        // answers are small and written as headers then body: no Nagle delay between them (read
        // once, when the JDK's server loads its configuration)
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
        HttpServer s = HttpServer.create(address, 1024);
        ExecutorService ex = Executors.newVirtualThreadPerTaskExecutor();
        LocalApi api = new LocalApi(s, ex);
        s.setExecutor(ex);
        s.createContext("/", api::handle);
        s.start();
        return api;
    }

    /** Starts answering from {@code r}. */
    public void serve(Replica r) {
        this.replica = r;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    /** A refusal: the status, the detail and the part of the request at fault. */
    private static final class Refusal extends RuntimeException {
        final int status;
        final String field;

        Refusal(int status, String field, String detail) {
            super(detail, null, false, false);
            this.status = status;
            this.field = field;
        }
    }

    private void handle(HttpExchange x) throws IOException {
        try (x) {
            String method = x.getRequestMethod();
            boolean head = method.equals("HEAD");
            try {
                if (!head && !method.equals("GET")) {
                    x.getResponseHeaders().set("Allow", "GET, HEAD");
                    throw new Refusal(405, null, "the agent answers GET and HEAD only; writes go to the server");
                }
                route(x, head);
            } catch (Refusal r) {
                problem(x, head, r.status, r.field, r.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                problem(x, head, 503, null, "the agent is stopping");
            } catch (RuntimeException e) {
                problem(x, head, 500, null, "internal error (" + e.getClass().getSimpleName() + ")");
            }
        }
    }

    private void route(HttpExchange x, boolean head) throws IOException, InterruptedException {
        String raw = x.getRequestURI().getRawPath();
        switch (raw) {
            case "/health/live" -> {
                send(x, head, 200, "application/json", "{\"status\":\"up\"}".getBytes(StandardCharsets.UTF_8));
                return;
            }
            case "/health/ready" -> {
                ready(x, head);
                return;
            }
            default -> { }
        }
        if (!raw.startsWith("/v1/tenants/")) {
            throw new Refusal(404, "path", "the agent answers GET /v1/tenants/{tenant}/config[/{path}], /health/live and /health/ready only");
        }
        if (raw.contains("%2F") || raw.contains("%2f") || raw.contains("%5C") || raw.contains("%5c")) {
            throw new Refusal(400, "path", "the request path holds an encoded '/' or '\\' (%2F, %5C); send key paths with plain '/' between segments");
        }
        String rest = raw.substring("/v1/tenants/".length());
        int slash = rest.indexOf('/');
        if (slash <= 0) {
            throw new Refusal(404, "path", "the agent answers GET /v1/tenants/{tenant}/config[/{path}] only");
        }
        String tenant = decode(rest.substring(0, slash));
        String after = rest.substring(slash);
        boolean list = after.equals(CONFIG);
        if (!list && !after.startsWith(CONFIG + "/")) {
            throw new Refusal(404, "path", "the agent answers GET /v1/tenants/{tenant}/config[/{path}] only");
        }
        Replica r = replica;
        if (r == null) {
            throw new Refusal(503, null, "the agent holds no snapshot yet: the server has not answered and there is none on disk");
        }
        Map<String, String> q = query(x.getRequestURI().getRawQuery());
        for (String unsupported : new String[] {"at", "explain"}) {
            if (q.containsKey(unsupported)) {
                throw new Refusal(400, "query:" + unsupported, "the agent answers the current state only; ask the server for '" + unsupported + "'");
            }
        }
        String scope = tenant + ":" + q.getOrDefault("env", "base") + (q.getOrDefault("service", "").isEmpty() ? "" : ":" + q.get("service"));
        if (!scope.equals(r.scope())) {
            throw notHeld(r, scope);
        }
        if (list) {
            String prefix;
            try {
                prefix = Names.prefix(q.getOrDefault("prefix", ""));
            } catch (LlmcmException e) {
                throw new Refusal(400, "query:prefix", e.getMessage());
            }
            if (!r.prefix().isEmpty() && !Names.isUnder(prefix, r.prefix())) {
                throw notHeld(r, scope + " " + (prefix.isEmpty() ? "(every path)" : prefix));
            }
            Replica.Encoded e = await(r, q, p -> Names.isUnder(p, prefix));
            Headers h = x.getResponseHeaders();
            h.set("ETag", e.etag);
            h.set("X-Revision", e.revision);
            send(x, head, 200, "application/json", e.list(prefix));
            return;
        }
        String path = decodePath(after.substring(CONFIG.length() + 1));
        if (!r.holds(path)) {
            throw notHeld(r, scope + " " + path);
        }
        Replica.Encoded e = await(r, q, path::equals);
        Replica.Item item = e.items.get(path);
        if (item == null) {
            throw new Refusal(404, null, "no value at '" + path + "' in " + scope);
        }
        Headers h = x.getResponseHeaders();
        h.set("ETag", e.etag);
        h.set("X-Revision", e.revision);
        h.set("X-Mod-Revision", item.modRevision());
        h.set("X-Value-Type", item.value().type());
        send(x, head, 200, "application/json", item.body());
    }

    /** Applies {@code minRevision} and {@code waitForRevision}, then answers the snapshot encoded. */
    private static Replica.Encoded await(Replica r, Map<String, String> q, java.util.function.Predicate<String> covered) throws InterruptedException {
        long min = number(q, "minRevision");
        ConfigView v = r.served();
        if (min > v.revision() && !v.awaitRevision(min, MIN_REVISION_WAIT)) {
            throw new Refusal(412, "query:minRevision", "revision " + min + " is not reached (this agent is at " + v.revision() + ")");
        }
        String wait = q.get("waitForRevision");
        if (wait == null || wait.isEmpty()) {
            if (q.containsKey("timeout")) {
                throw new Refusal(400, "query:timeout", "query parameter 'timeout' goes with 'waitForRevision'");
            }
        } else {
            r.awaitChange(number(q, "waitForRevision"), covered, duration(q.get("timeout")));
        }
        return r.encoded();
    }

    private static Refusal notHeld(Replica r, String what) {
        return new Refusal(404, null, "this agent does not hold " + what + "; it holds " + r.scope()
                + (r.prefix().isEmpty() ? "" : " " + r.prefix()) + " (ask the server)");
    }

    private void ready(HttpExchange x, boolean head) throws IOException {
        Replica r = replica;
        ObjectNode o = Json.NODES.objectNode();
        if (r == null) {
            o.put("status", "starting");
            o.put("detail", "no snapshot yet: the server has not answered and there is none on disk");
            send(x, head, 503, "application/json", Json.bytes(o));
            return;
        }
        ConfigView v = r.served();
        Snapshot s = v.snapshot();
        boolean following = r.following();
        o.put("status", "ready");
        o.put("revision", s.revision());
        o.put("scope", r.scope());
        o.put("prefix", r.prefix());
        o.put("source", s.source() == Snapshot.Source.SERVER ? "server" : "disk");
        o.put("state", v.state().name().toLowerCase(java.util.Locale.ROOT));
        o.put("following", following);
        o.put("detail", following ? "following the server" : s.source() == Snapshot.Source.DISK
                ? "serving the snapshot on disk; the server has not answered yet"
                : "serving the last good state; the server cannot be reached (retrying)");
        send(x, head, 200, "application/json", Json.bytes(o));
    }

    private static void send(HttpExchange x, boolean head, int status, String type, byte[] body) throws IOException {
        x.getResponseHeaders().set("Content-Type", type);
        if (head) {
            x.sendResponseHeaders(status, -1);
            return;
        }
        x.sendResponseHeaders(status, body.length);
        try (OutputStream out = x.getResponseBody()) {
            out.write(body);
        }
    }

    private static void problem(HttpExchange x, boolean head, int status, String field, String detail) throws IOException {
        String id = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong()) + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
        ObjectNode o = Json.NODES.objectNode();
        String title = switch (status) {
            case 400 -> "Bad Request";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 412 -> "Precondition Failed";
            case 503 -> "Service Unavailable";
            default -> "Internal Server Error";
        };
        o.put("type", "https://llmcm.dev/problems/" + title.toLowerCase(java.util.Locale.ROOT).replace(' ', '-'));
        o.put("title", title);
        o.put("status", status);
        o.put("detail", detail);
        o.put("instance", "urn:llmcm:request:" + id);
        if (field != null) {
            o.put("field", field);
        }
        x.getResponseHeaders().set("X-Request-Id", id);
        send(x, head, status, PROBLEM, Json.bytes(o));
    }

    // ---- parsing the request

    private static Map<String, String> query(String raw) {
        Map<String, String> q = new HashMap<>();
        if (raw == null || raw.isEmpty()) {
            return q;
        }
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            try {
                String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                q.putIfAbsent(name, value);
            } catch (IllegalArgumentException e) {
                throw new Refusal(400, "query", "the query string is not valid percent-encoded UTF-8");
            }
        }
        return q;
    }

    private static long number(Map<String, String> q, String name) {
        String v = q.get(name);
        if (v == null || v.isEmpty()) {
            return 0;
        }
        try {
            long n = Long.parseLong(v);
            if (n >= 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw new Refusal(400, "query:" + name, "query parameter '" + name + "' must be a whole number ≥ 0, got '" + clip(v) + "'");
    }

    /** {@code 500ms}, {@code 30s}, {@code 1m} or plain seconds, at most 60 s; 30 s when absent. */
    static Duration duration(String v) {
        if (v == null || v.isEmpty()) {
            return LONG_POLL_DEFAULT;
        }
        Matcher m = DURATION.matcher(v);
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            Duration d = switch (m.group(2) == null ? "s" : m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "m" -> Duration.ofMinutes(n);
                default -> Duration.ofSeconds(n);
            };
            if (d.compareTo(LONG_POLL_MAX) <= 0) {
                return d;
            }
        }
        throw new Refusal(400, "query:timeout", "query parameter 'timeout' must be a duration such as 500ms, 30s or 1m, at most 60s, got '" + clip(v) + "'");
    }

    /** One path segment (or several joined by '/'), percent-decoded as UTF-8. */
    private static String decode(String raw) {
        if (raw.indexOf('%') < 0) {
            return raw;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%' && i + 2 < raw.length()) {
                int hi = Character.digit(raw.charAt(i + 1), 16);
                int lo = Character.digit(raw.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    throw badPath();
                }
                bytes.write(hi * 16 + lo);
                i += 2;
            } else if (c == '%') {
                throw badPath();
            } else {
                bytes.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
            }
        }
        try {
            CharBuffer chars = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray()));
            return chars.toString();
        } catch (CharacterCodingException e) {
            throw badPath();
        }
    }

    private static String decodePath(String raw) {
        String path = decode(raw);
        try {
            return Names.path(path);
        } catch (LlmcmException e) {
            throw new Refusal(400, "path:path", e.getMessage());
        }
    }

    private static Refusal badPath() {
        return new Refusal(400, "path", "the request path is not valid percent-encoded UTF-8");
    }

    private static String clip(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "…" : s;
    }
}
