package io.llmcm.cli.render;

import io.llmcm.core.format.Format;
import io.llmcm.core.json.Json;
import io.llmcm.core.model.ContentType;
import io.llmcm.core.model.Value;
import tools.jackson.databind.JsonNode;

/** How a value is printed by {@code get}. */
public final class ValueView {
    private ValueView() {}

    /**
     * The value in the requested format, ending with a newline. Without a format: pretty JSON, or
     * the raw text for a text value. As {@code text}, a string prints raw and anything else as
     * compact JSON.
     *
     * @param format null for the default
     */
    public static String render(Value value, Format format) {
        if (format == null) {
            format = value.type() == ContentType.TEXT ? Format.TEXT : Format.JSON;
        }
        return render(value.json(), format);
    }

    /** A JSON tree in a format, ending with a newline. */
    public static String render(JsonNode node, Format format) {
        String out = switch (format) {
            case TEXT -> node.isString() ? node.stringValue() : Json.compact(node);
            case JSON -> Json.pretty(node);
            default -> format.write(node);
        };
        return Text.withNewline(out);
    }
}
