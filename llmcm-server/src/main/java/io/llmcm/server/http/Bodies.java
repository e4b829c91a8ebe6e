package io.llmcm.server.http;

import io.javalin.http.Context;
import io.llmcm.core.LlmcmException;
import io.llmcm.core.format.Format;
import io.llmcm.core.json.Json;
import io.llmcm.core.model.Value;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import tools.jackson.databind.JsonNode;

/**
 * Request bodies: a value in the format its {@code Content-Type} names (JSON by default; YAML,
 * TOML and plain text too), or a JSON request object read with {@link Fields}. Every failure names
 * the body and says what was expected; none echoes the input, which may be a secret.
 */
public final class Bodies {
    private Bodies() {}

    /** The format of the body by its Content-Type; 415 for anything else. */
    public static Format format(Context ctx) {
        String ct = ctx.contentType();
        String media = ct == null ? "" : ct.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        String charset = charset(ct);
        if (charset != null && !charset.equals("utf-8") && !charset.equals("utf8")) {
            throw new BadRequest(415, "header:Content-Type",
                    "charset '" + Params.clip(charset) + "' is not supported; bodies are read as UTF-8 (send charset=utf-8 or none)");
        }
        return switch (media) {
            case "", "application/json" -> Format.JSON;
            case "application/yaml", "application/x-yaml", "text/yaml" -> Format.YAML;
            case "application/toml", "text/toml" -> Format.TOML;
            case "text/plain" -> Format.TEXT;
            default -> throw new BadRequest(415, "header:Content-Type",
                    "Content-Type '" + Params.clip(media) + "' is not supported; send application/json, application/yaml, application/toml or text/plain");
        };
    }

    /** The charset parameter of a Content-Type, lower-cased and unquoted; null when none. */
    private static String charset(String contentType) {
        if (contentType == null) {
            return null;
        }
        String[] parts = contentType.split(";");
        for (int i = 1; i < parts.length; i++) {
            String p = parts[i].strip();
            int eq = p.indexOf('=');
            if (eq > 0 && p.substring(0, eq).strip().equalsIgnoreCase("charset")) {
                return p.substring(eq + 1).strip().replace("\"", "").toLowerCase(Locale.ROOT);
            }
        }
        return null;
    }

    /** The body as a configuration value (depth and size checked by the model). */
    public static Value value(Context ctx) {
        Format f = format(ctx);
        String text = text(ctx);
        try {
            if (f == Format.TEXT) {
                return Value.text(text);
            }
            JsonNode node = f == Format.JSON ? Json.parse(text) : f.read(text);
            return Value.of(node);
        } catch (LlmcmException e) {
            throw new BadRequest("body", "the body is not a valid " + f.id().toUpperCase(Locale.ROOT) + " value: " + e.getMessage());
        }
    }

    /** The body as a JSON object, for request documents. */
    public static Fields object(Context ctx) {
        if (format(ctx) != Format.JSON) {
            throw new BadRequest(415, "header:Content-Type", "this request takes a JSON object (Content-Type: application/json)");
        }
        JsonNode node;
        try {
            node = Json.parse(text(ctx));
        } catch (LlmcmException e) {
            throw new BadRequest("body", "the body is not valid JSON: " + e.getMessage());
        }
        if (!node.isObject()) {
            throw new BadRequest("body", "the body must be a JSON object");
        }
        return new Fields(node, "");
    }

    /** The body as UTF-8 text; empty or undecodable bodies are refused. */
    public static String text(Context ctx) {
        byte[] bytes = ctx.bodyAsBytes();
        if (bytes.length == 0) {
            throw new BadRequest("body", "the request body is empty");
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new BadRequest("body", "the request body is not valid UTF-8");
        }
    }
}
