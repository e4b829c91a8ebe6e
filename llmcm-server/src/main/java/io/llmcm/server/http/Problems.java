package io.llmcm.server.http;

import io.javalin.http.Context;
import io.llmcm.core.LlmcmException;
import io.llmcm.core.ValidationException;
import io.llmcm.core.Violation;
import io.llmcm.core.json.Json;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Errors as RFC 9457 problem documents ({@code application/problem+json}): {@code type},
 * {@code title}, {@code status}, {@code detail}, {@code instance} (the request id), and where the
 * failing part is known, {@code field} (or {@code errors}, one per violation). The detail is the
 * exception's message, which the engine writes for users and never fills with secret values.
 */
public final class Problems {
    public static final String CONTENT_TYPE = "application/problem+json";
    private static final String TYPE_BASE = "https://llmcm.dev/problems/";

    private Problems() {}

    /** The HTTP status for an engine failure. */
    public static int status(LlmcmException e) {
        return switch (e.kind()) {
            case INVALID_INPUT -> 400;
            case NOT_FOUND -> 404;
            case CONFLICT, QUOTA_EXCEEDED -> 409;
            case VALIDATION_FAILED -> 422;
            case PERMISSION_DENIED -> 403;
            case EXPIRED -> 410;
            case ERROR -> 503;
        };
    }

    public static void write(Context ctx, LlmcmException e) {
        ObjectNode body = body(ctx, status(e), e.getMessage());
        if (e instanceof ValidationException v) {
            ArrayNode errors = body.putArray("errors");
            for (Violation violation : v.violations()) {
                ObjectNode one = errors.addObject();
                one.put("field", violation.where() + (violation.pointer().isEmpty() ? "" : "#" + violation.pointer()));
                one.put("pointer", violation.pointer());
                one.put("detail", violation.message());
            }
        }
        send(ctx, body);
    }

    public static void write(Context ctx, BadRequest e) {
        ObjectNode body = body(ctx, e.status(), e.getMessage());
        if (e.field() != null) {
            body.put("field", e.field());
        }
        send(ctx, body);
    }

    public static void write(Context ctx, int status, String detail) {
        send(ctx, body(ctx, status, detail));
    }

    /** A problem document without sending it (a stream that already began reports in-band). */
    public static ObjectNode document(Context ctx, int status, String detail) {
        return body(ctx, status, detail);
    }

    private static ObjectNode body(Context ctx, int status, String detail) {
        ObjectNode body = Json.NODES.objectNode();
        body.put("type", TYPE_BASE + slug(status));
        body.put("title", title(status));
        body.put("status", status);
        body.put("detail", detail == null ? title(status) : detail);
        String id = ctx.attribute(RequestIds.ATTRIBUTE);
        if (id != null) {
            body.put("instance", "urn:llmcm:request:" + id);
        }
        return body;
    }

    private static void send(Context ctx, ObjectNode body) {
        ctx.status(body.get("status").asInt());
        ctx.contentType(CONTENT_TYPE);
        ctx.result(Json.bytes(body));
    }

    static String title(int status) {
        return switch (status) {
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 409 -> "Conflict";
            case 410 -> "Gone";
            case 412 -> "Precondition Failed";
            case 408 -> "Request Timeout";
            case 413 -> "Content Too Large";
            case 414 -> "URI Too Long";
            case 415 -> "Unsupported Media Type";
            case 422 -> "Unprocessable Content";
            case 423 -> "Locked";
            case 429 -> "Too Many Requests";
            case 431 -> "Request Header Fields Too Large";
            case 503 -> "Service Unavailable";
            default -> status >= 500 ? "Internal Server Error" : "Error";
        };
    }

    private static String slug(int status) {
        return title(status).toLowerCase(java.util.Locale.ROOT).replace(' ', '-');
    }
}
