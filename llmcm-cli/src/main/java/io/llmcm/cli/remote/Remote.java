package io.llmcm.cli.remote;

import io.llmcm.cli.CliException;
import io.llmcm.core.LlmcmException;
import io.llmcm.core.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * The CLI's HTTP client for an llmcm server: sends one request with the Bearer token and turns
 * every failure (a problem+json answer, an unreachable server) into a {@link CliException} with the
 * server's detail and an exit code matching the local one for the same failure. The token is
 * never part of a message.
 */
public final class Remote {
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);

    private final URI base;
    private final String token;
    private final String tokenSource;
    private final HttpClient http;

    /**
     * @param token null when there is none (the server will answer 401)
     * @param tokenSource where the token came from, for messages ("$LLMCM_TOKEN", "the profile …"); null
     *     when the user just typed it (login)
     */
    public Remote(URI base, String token, String tokenSource) {
        this.base = base;
        this.token = token == null || token.isBlank() ? null : token.strip();
        this.tokenSource = tokenSource;
        this.http = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** The server URL as typed, checked: http or https, a host, no query; without a trailing slash. */
    public static URI url(String text) {
        String t = text.strip();
        while (t.endsWith("/")) {
            t = t.substring(0, t.length() - 1);
        }
        try {
            URI u = new URI(t);
            String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
            if ((scheme.equals("http") || scheme.equals("https")) && u.getHost() != null && u.getRawQuery() == null && u.getRawFragment() == null) {
                return u;
            }
        } catch (URISyntaxException e) {
            // below
        }
        throw new CliException(CliException.USAGE, "server URL '" + clip(text) + "' is not an http:// or https:// URL like http://127.0.0.1:8080");
    }

    public URI base() {
        return base;
    }

    /**
     * True when what is sent cannot be read on the way: HTTPS, or a loopback address. A request that
     * carries a private key is sent only then.
     */
    public boolean confidential() {
        if (base.getScheme().equalsIgnoreCase("https")) {
            return true;
        }
        String host = base.getHost();
        return host.equals("localhost") || host.equals("[::1]") || host.startsWith("127.");
    }

    /** The HTTP status as a CLI exit code, as the local command would end for the same failure. */
    public static int exitCode(int status) {
        return switch (status) {
            case 400, 413, 415 -> 2;
            case 404, 410 -> 3;
            case 409, 412 -> 4;
            case 422 -> 5;
            case 401, 403 -> 6;
            default -> 1;
        };
    }

    /** A successful answer. */
    public record Answer(int status, Map<String, List<String>> headers, byte[] body) {
        public JsonNode json() {
            try {
                return Json.parse(body);
            } catch (LlmcmException e) {
                throw new CliException(CliException.ERROR, "the server's answer is not JSON");
            }
        }

        public String header(String name) {
            for (Map.Entry<String, List<String>> e : headers.entrySet()) {
                if (e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty()) {
                    return e.getValue().getFirst();
                }
            }
            return null;
        }

        public long longHeader(String name) {
            String v = header(name);
            try {
                return v == null ? -1 : Long.parseLong(v.strip());
            } catch (NumberFormatException e) {
                return -1;
            }
        }
    }

    /** A request: method, path below the server URL, query and headers; body optional. */
    public static final class Call {
        private final String method;
        private final String path;
        private final Map<String, String> query = new LinkedHashMap<>();
        private final Map<String, String> headers = new LinkedHashMap<>();
        private byte[] body;
        private String contentType;

        private Call(String method, String path) {
            this.method = method;
            this.path = path;
        }

        /** Adds a query parameter unless the value is null or empty. */
        public Call query(String name, Object value) {
            if (value != null && !value.toString().isEmpty()) {
                query.put(name, value.toString());
            }
            return this;
        }

        /** Adds a header unless the value is null or empty. */
        public Call header(String name, String value) {
            if (value != null && !value.isEmpty()) {
                headers.put(name, value);
            }
            return this;
        }

        public Call json(JsonNode node) {
            return body(Json.bytes(node), "application/json");
        }

        public Call body(byte[] bytes, String type) {
            this.body = bytes;
            this.contentType = type;
            return this;
        }

        /**
         * {@code --if-revision} as an HTTP precondition: 0 is {@code If-None-Match: *} (must not
         * exist); R is {@code If-Match: "R"}, which the server reads as "unchanged since revision R".
         */
        public Call ifRevision(Long revision) {
            if (revision == null) {
                return this;
            }
            return revision == 0 ? header("If-None-Match", "*") : header("If-Match", "\"" + revision + "\"");
        }

        /** {@code --message} goes to history through {@code X-Commit-Message}. */
        public Call message(String message) {
            return header("X-Commit-Message", message);
        }
    }

    public static Call get(String path) {
        return new Call("GET", path);
    }

    public static Call put(String path) {
        return new Call("PUT", path);
    }

    public static Call post(String path) {
        return new Call("POST", path);
    }

    public static Call delete(String path) {
        return new Call("DELETE", path);
    }

    /** {@code /v1/tenants/TENANT/KIND[/PATH]}, every segment encoded. */
    public static String tenantPath(String tenant, String kind, String keyPath) {
        StringBuilder sb = new StringBuilder("/v1/tenants/").append(segment(tenant));
        if (kind != null) {
            sb.append('/').append(kind);
        }
        if (keyPath != null && !keyPath.isEmpty()) {
            for (String s : keyPath.split("/", -1)) {
                sb.append('/').append(segment(s));
            }
        }
        return sb.toString();
    }

    static String segment(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** Sends the request; a status of 300 or more becomes a {@link CliException}. */
    public Answer send(Call call) {
        HttpResponse<byte[]> r = exchange(request(call).timeout(REQUEST_TIMEOUT).header("Accept", "application/json").build(),
                HttpResponse.BodyHandlers.ofByteArray());
        if (r.statusCode() >= 300) {
            throw failure(r.statusCode(), r.body());
        }
        return new Answer(r.statusCode(), r.headers().map(), r.body());
    }

    /**
     * Opens a server-sent event stream ({@code Accept: text/event-stream}); the timeout ends when
     * the headers arrive. A status of 300 or more becomes a {@link CliException}; the caller closes
     * the stream.
     */
    public InputStream stream(Call call) {
        HttpResponse<InputStream> r = exchange(request(call).timeout(REQUEST_TIMEOUT).header("Accept", "text/event-stream").build(),
                HttpResponse.BodyHandlers.ofInputStream());
        if (r.statusCode() >= 300) {
            byte[] body;
            try (InputStream in = r.body()) {
                body = in.readNBytes(64 * 1024);
            } catch (IOException e) {
                body = new byte[0];
            }
            throw failure(r.statusCode(), body);
        }
        return r.body();
    }

    /** The Bearer token this client sends (null when none), for the SDK client of {@code llmcm agent}. */
    public String token() {
        return token;
    }

    private HttpRequest.Builder request(Call call) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(call));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        call.headers.forEach(b::header);
        if (call.body != null) {
            b.header("Content-Type", call.contentType);
            b.method(call.method, HttpRequest.BodyPublishers.ofByteArray(call.body));
        } else {
            b.method(call.method, HttpRequest.BodyPublishers.noBody());
        }
        return b;
    }

    private <T> HttpResponse<T> exchange(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
        try {
            return http.send(request, handler);
        } catch (HttpConnectTimeoutException e) {
            throw new CliException(CliException.ERROR, "cannot connect to " + base + ": no answer within " + CONNECT_TIMEOUT.toSeconds() + " s");
        } catch (HttpTimeoutException e) {
            throw new CliException(CliException.ERROR, base + " did not answer within " + REQUEST_TIMEOUT.toSeconds() + " s");
        } catch (ConnectException e) {
            throw new CliException(CliException.ERROR, "cannot connect to " + base + " (connection refused); is the server running?");
        } catch (IOException e) {
            throw new CliException(CliException.ERROR, "cannot talk to " + base + " (" + e.getClass().getSimpleName() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException(CliException.ERROR, "interrupted while waiting for " + base);
        }
    }

    private URI uri(Call call) {
        StringBuilder sb = new StringBuilder(base.toString()).append(call.path);
        String sep = "?";
        for (Map.Entry<String, String> q : call.query.entrySet()) {
            sb.append(sep).append(segment(q.getKey())).append('=').append(segment(q.getValue()));
            sep = "&";
        }
        return URI.create(sb.toString());
    }

    /** The server's problem detail (and its violations) as the CLI's error, exit code by status. */
    CliException failure(int status, byte[] body) {
        String detail = detail(body);
        String message = switch (status) {
            case 401 -> token == null
                    ? "the server " + base + " needs a token (" + detail + "); set LLMCM_TOKEN or run llmcm login --server " + base
                    : tokenSource == null
                            ? "the server " + base + " refused the token (" + detail + ")"
                            : "the server " + base + " refused the token from " + tokenSource + " (" + detail + "); check LLMCM_TOKEN or run llmcm login again";
            case 403 -> "permission denied by " + base + ": " + detail;
            default -> status >= 500 ? "server error (HTTP " + status + ") at " + base + ": " + detail : detail;
        };
        return new CliException(exitCode(status), redact(message));
    }

    private static String detail(byte[] body) {
        try {
            JsonNode p = Json.parse(body);
            String detail = p.path("detail").asString("");
            if (detail.isEmpty()) {
                detail = p.path("title").asString("");
            }
            List<String> lines = new ArrayList<>();
            for (JsonNode e : p.path("errors")) {
                String d = e.path("detail").asString("");
                String f = e.path("field").asString("");
                if (!d.isEmpty() && !detail.contains(d)) {
                    lines.add("  " + (f.isEmpty() ? "" : f + ": ") + d);
                }
            }
            return lines.isEmpty() ? detail : detail + "\n" + String.join("\n", lines);
        } catch (RuntimeException e) {
            return "no details (the answer is not a problem document)";
        }
    }

    /** The message with the token cut out, in case a server ever echoes it. */
    String redact(String message) {
        return token == null ? message : message.replace(token, "***");
    }

    private static String clip(String s) {
        return s.length() > 80 ? s.substring(0, 80) + "…" : s;
    }
}
