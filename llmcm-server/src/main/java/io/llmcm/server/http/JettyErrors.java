package io.llmcm.server.http;

import io.llmcm.core.json.Json;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;
import tools.jackson.databind.node.ObjectNode;

/**
 * Jetty's own refusals — requests it rejects before Javalin sees them (an illegal character or a
 * NUL in the URI, bad percent-encoding, a URI too long, ambiguous path segments, conflicting
 * framing headers) — as problem documents like every other error, instead of Jetty's HTML page.
 * The detail is Jetty's reason, which names the rule broken and never echoes the request.
 */
public final class JettyErrors extends ErrorHandler {
    private static final HttpField CONTENT_TYPE = new HttpField(HttpHeader.CONTENT_TYPE, Problems.CONTENT_TYPE);

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        int status = response.getStatus();
        String reason = (String) request.getAttribute(ERROR_MESSAGE);
        if (request.getAttribute(ERROR_EXCEPTION) instanceof org.eclipse.jetty.http.HttpException e) {
            status = e.getCode();
            reason = reason == null ? e.getReason() : reason;
        }
        if (status < 400) {
            status = 500;
        }
        response.setStatus(status);
        if (HttpStatus.hasNoBody(status) || "HEAD".equals(request.getMethod())) {
            callback.succeeded();
            return true;
        }
        response.getHeaders().put(CONTENT_TYPE);
        response.getHeaders().put(ERROR_CACHE_CONTROL);
        response.write(true, ByteBuffer.wrap(body(status, reason)), callback);
        return true;
    }

    /** Errors found while parsing the request line and headers, before there is a request. */
    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        fields.put(CONTENT_TYPE);
        return ByteBuffer.wrap(body(status, reason));
    }

    static byte[] body(int status, String reason) {
        return problem(status, detail(status, reason));
    }

    /** A problem document with the detail as given. */
    static byte[] problem(int status, String detail) {
        ObjectNode o = Json.NODES.objectNode();
        o.put("type", "https://llmcm.dev/problems/" + Problems.title(status).toLowerCase(java.util.Locale.ROOT).replace(' ', '-'));
        o.put("title", Problems.title(status));
        o.put("status", status);
        o.put("detail", detail);
        return Json.bytes(o);
    }

    private static String detail(int status, String reason) {
        if (status >= 500) {
            return "internal error";
        }
        String why = reason == null || reason.isBlank() || reason.equals(HttpStatus.getMessage(status)) ? null : reason;
        return switch (status) {
            case 414 -> "the request URI is too long";
            case 431 -> "the request headers are too large";
            case 413 -> "the request body is larger than " + (HttpApi.MAX_BODY >> 20) + " MiB";
            default -> "the request is malformed" + (why == null ? "" : ": " + Params.clip(why.replace(new String(new char[] {0}), "NUL")));
        };
    }
}
