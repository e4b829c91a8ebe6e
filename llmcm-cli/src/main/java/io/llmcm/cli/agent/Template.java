package io.llmcm.cli.agent;

import io.llmcm.client.ConfigValue;
import io.llmcm.client.Snapshot;
import io.llmcm.core.json.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import tools.jackson.core.JsonPointer;
import tools.jackson.databind.JsonNode;

/**
 * A file template: text with placeholders {@code {{ PATH }}} (the value at PATH) and {@code {{
 * PATH#/json/pointer }}} (a field of it). A string is inserted as is, any other value as compact
 * JSON. Every {@code {{} starts a placeholder; there is no escape. Rendering fails — and nothing is
 * written — when a path has no value, a pointer finds nothing, or a secret is not revealed.
 */
public final class Template {
    private final List<Part> parts;

    private Template(List<Part> parts) {
        this.parts = parts;
    }

    private sealed interface Part permits Literal, Ref {}

    private record Literal(String text) implements Part {}

    private record Ref(String path, JsonPointer pointer, String source, int line) implements Part {}

    /** The rendered text, and whether a secret went into it. */
    public record Rendered(String text, boolean holdsSecret) {}

    /** Parses {@code text}; a placeholder that is not closed or not well formed is an error naming its line. */
    public static Template parse(String text) {
        List<Part> parts = new ArrayList<>();
        int at = 0;
        while (true) {
            int open = text.indexOf("{{", at);
            if (open < 0) {
                if (at < text.length()) {
                    parts.add(new Literal(text.substring(at)));
                }
                return new Template(parts);
            }
            if (open > at) {
                parts.add(new Literal(text.substring(at, open)));
            }
            int line = line(text, open);
            int close = text.indexOf("}}", open + 2);
            int nl = text.indexOf('\n', open);
            if (close < 0 || (nl >= 0 && nl < close)) {
                throw new TemplateException("line " + line + ": '{{' is not closed by '}}' on the same line");
            }
            String inside = text.substring(open + 2, close).strip();
            parts.add(ref(inside, line));
            at = close + 2;
        }
    }

    private static Ref ref(String inside, int line) {
        int hash = inside.indexOf('#');
        String path = (hash < 0 ? inside : inside.substring(0, hash)).strip();
        String pointer = hash < 0 ? "" : inside.substring(hash + 1).strip();
        if (path.isEmpty() || path.chars().anyMatch(Character::isWhitespace)) {
            throw new TemplateException("line " + line + ": '{{ " + inside + " }}' is not {{ PATH }} or {{ PATH#/pointer }}");
        }
        JsonPointer p;
        try {
            p = JsonPointer.compile(pointer);
        } catch (IllegalArgumentException e) {
            throw new TemplateException("line " + line + ": '" + pointer + "' is not a JSON pointer (it starts with '/')");
        }
        return new Ref(path, p, inside, line);
    }

    private static int line(String text, int index) {
        int n = 1;
        for (int i = 0; i < index; i++) {
            if (text.charAt(i) == '\n') {
                n++;
            }
        }
        return n;
    }

    /** The paths this template reads. */
    public List<String> paths() {
        return parts.stream().filter(p -> p instanceof Ref).map(p -> ((Ref) p).path()).distinct().toList();
    }

    /**
     * Renders from {@code snapshot}.
     *
     * @param revealed whether secrets in the snapshot are revealed (else a secret is an error)
     * @throws TemplateException naming the placeholder that has no value (never a value)
     */
    public Rendered render(Snapshot snapshot, boolean revealed) {
        StringBuilder out = new StringBuilder();
        boolean secret = false;
        for (Part p : parts) {
            switch (p) {
                case Literal l -> out.append(l.text());
                case Ref r -> {
                    Optional<ConfigValue> v = snapshot.value(r.path());
                    if (v.isEmpty() || v.get().value().isNull()) {
                        throw new TemplateException("line " + r.line() + ": no value at '" + r.path() + "' (revision " + snapshot.revision() + ")");
                    }
                    ConfigValue value = v.get();
                    if (value.isSecret()) {
                        if (!revealed) {
                            throw new TemplateException("line " + r.line() + ": '" + r.path() + "' is a secret; the agent renders secrets only with --reveal-secrets");
                        }
                        if (isMask(value.value())) {
                            throw new TemplateException("line " + r.line() + ": the secret '" + r.path() + "' could not be revealed (no secret:read, or a dynamic secret)");
                        }
                        secret = true;
                    }
                    JsonNode field = value.value().at(r.pointer());
                    if (field.isMissingNode()) {
                        throw new TemplateException("line " + r.line() + ": '" + r.path() + "' has nothing at " + r.pointer());
                    }
                    out.append(field.isString() ? field.stringValue() : Json.compact(field));
                }
            }
        }
        return new Rendered(out.toString(), secret);
    }

    /** The server's mask of a secret: {@code {"secret":"***","version":…}}. */
    static boolean isMask(JsonNode v) {
        return v.isObject() && "***".equals(v.path("secret").asString(null)) && v.has("version");
    }

    /** A template that cannot be parsed or rendered; the message names the line and path, never a value. */
    public static final class TemplateException extends RuntimeException {
        public TemplateException(String message) {
            super(message, null, false, false);
        }
    }
}
