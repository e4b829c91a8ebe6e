package io.llmcm.server.http;

import io.javalin.http.Context;
import io.llmcm.core.LlmcmException;
import io.llmcm.core.model.Layer;
import io.llmcm.core.model.Names;
import io.llmcm.core.repo.Scope;

/** Query parameters read with the parameter's name in every error. */
public final class Params {
    private Params() {}

    public static Scope scope(Context ctx, String tenant) {
        String env = or(ctx.queryParam("env"), Layer.BASE_ENV);
        String service = or(ctx.queryParam("service"), "");
        checked("query:env", () -> Names.environment(env));
        if (!service.isEmpty()) {
            checked("query:service", () -> Names.service(service));
        }
        return new Scope(tenant, env, service);
    }

    /** The {@code prefix} query parameter ("" when absent), checked by the model's rules. */
    public static String prefix(Context ctx) {
        String p = or(ctx.queryParam("prefix"), "");
        checked("query:prefix", () -> Names.prefix(p));
        return p;
    }

    /** A prefix from anywhere in a request, normalized ({@code models/} → {@code models}); 400 naming {@code field}. */
    public static String prefix(String value, String field) {
        try {
            return Names.prefix(value);
        } catch (LlmcmException e) {
            throw new BadRequest(field, e.getMessage());
        }
    }

    /** The environment named by the query ({@code env}, default base), unchecked. */
    public static String env(Context ctx) {
        return or(ctx.queryParam("env"), Layer.BASE_ENV);
    }

    /**
     * Refuses what Jetty lets through but the routes must not guess at: an encoded slash in the
     * path ({@code a%2Fb} would otherwise read as the key {@code a/b}), broken percent-encoding
     * in the path that Jetty let through ({@code a;b%5}: Javalin's decoding of the parameter
     * threw, a 500), and a query string with broken percent-encoding (Javalin drops such a
     * parameter, so {@code env=%ZZ} would read base).
     */
    public static void rawUri(Context ctx) {
        String path = ctx.req().getRequestURI();
        if (path != null && (path.contains("%2F") || path.contains("%2f") || path.contains("%5C") || path.contains("%5c"))) {
            throw new BadRequest("path", "the request path holds an encoded '/' or '\\' (%2F, %5C); send key paths with plain '/' between segments");
        }
        if (path != null && !wellEncoded(path)) {
            // Jetty leaves a path parameter (after ';') undecoded; Javalin would fail decoding it
            throw new BadRequest("path", "the request path is not valid percent-encoded UTF-8");
        }
        String query = ctx.req().getQueryString();
        if (query != null && !wellEncoded(query)) {
            throw new BadRequest("query", "the query string is not valid percent-encoded UTF-8");
        }
    }

    private static boolean wellEncoded(String query) {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream(query.length());
        for (int i = 0; i < query.length(); i++) {
            char c = query.charAt(i);
            if (c == '%') {
                if (i + 2 >= query.length() || Character.digit(query.charAt(i + 1), 16) < 0 || Character.digit(query.charAt(i + 2), 16) < 0) {
                    return false;
                }
                bytes.write(Character.digit(query.charAt(i + 1), 16) * 16 + Character.digit(query.charAt(i + 2), 16));
                i += 2;
            } else if (c > 0x7f) {
                return false; // Jetty would have refused raw non-ASCII; be sure
            } else {
                bytes.write(c);
            }
        }
        try {
            java.nio.charset.StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
                    .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(bytes.toByteArray()));
            return true;
        } catch (java.nio.charset.CharacterCodingException e) {
            return false;
        }
    }

    /** A key path from the route (decoded by Jetty), checked by the model's rules. */
    public static String path(Context ctx) {
        String p = ctx.pathParam("path");
        checked("path:path", () -> Names.path(p));
        return p;
    }

    public static String string(Context ctx, String name, String fallback) {
        return or(ctx.queryParam(name), fallback);
    }

    public static boolean flag(Context ctx, String name) {
        String v = ctx.queryParam(name);
        if (v == null || v.isEmpty() || v.equals("false")) {
            return false;
        }
        if (v.equals("true")) {
            return true;
        }
        throw new BadRequest("query:" + name, "query parameter '" + name + "' must be true or false, got '" + clip(v) + "'");
    }

    /** A non-negative whole number, or {@code fallback} when absent. */
    public static long number(Context ctx, String name, long fallback) {
        String v = ctx.queryParam(name);
        if (v == null || v.isEmpty()) {
            return fallback;
        }
        try {
            long n = Long.parseLong(v);
            if (n >= 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // fall through to the message below
        }
        throw new BadRequest("query:" + name, "query parameter '" + name + "' must be a whole number ≥ 0, got '" + clip(v) + "'");
    }

    /**
     * A duration: {@code 500ms}, {@code 30s}, {@code 2m}, or plain seconds; {@code fallback} when
     * absent. At most {@code max}.
     */
    public static java.time.Duration duration(Context ctx, String name, java.time.Duration fallback, java.time.Duration max) {
        String v = ctx.queryParam(name);
        if (v == null || v.isEmpty()) {
            return fallback;
        }
        java.util.regex.Matcher m = DURATION.matcher(v);
        if (!m.matches()) {
            throw new BadRequest("query:" + name, "query parameter '" + name + "' must be a duration such as 500ms, 30s or 1m, got '" + clip(v) + "'");
        }
        long n;
        try {
            n = Long.parseLong(m.group(1));
        } catch (NumberFormatException e) {
            n = Long.MAX_VALUE;
        }
        String unit = m.group(2);
        java.time.Duration d = n > max.toMillis() ? max.plusMillis(1) : switch (unit) {
            case "ms" -> java.time.Duration.ofMillis(n);
            case "m" -> java.time.Duration.ofMinutes(Math.min(n, max.toMinutes() + 1));
            default -> java.time.Duration.ofSeconds(Math.min(n, max.toSeconds() + 1));
        };
        if (d.compareTo(max) > 0) {
            throw new BadRequest("query:" + name, "query parameter '" + name + "' must be at most " + max.toSeconds() + "s, got '" + clip(v) + "'");
        }
        return d;
    }

    private static final java.util.regex.Pattern DURATION = java.util.regex.Pattern.compile("([0-9]{1,18})(ms|s|m)?");

    public static int limit(Context ctx, int fallback, int max) {
        long n = number(ctx, "limit", fallback);
        if (n < 1 || n > max) {
            throw new BadRequest("query:limit", "query parameter 'limit' must be between 1 and " + max + ", got " + n);
        }
        return (int) n;
    }

    /** Runs a model check and names the failing part ("query:env", "path:path", a JSON pointer). */
    public static void checked(String field, Runnable check) {
        try {
            check.run();
        } catch (LlmcmException e) {
            throw new BadRequest(field, e.getMessage());
        }
    }

    public static String clipped(String v) {
        return clip(v);
    }

    static String clip(String v) {
        return v.length() > 64 ? v.substring(0, 64) + "…" : v;
    }

    private static String or(String v, String fallback) {
        return v == null || v.isEmpty() ? fallback : v;
    }
}
