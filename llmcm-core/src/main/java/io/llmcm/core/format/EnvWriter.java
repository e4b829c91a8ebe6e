package io.llmcm.core.format;

import io.llmcm.core.InvalidInputException;
import io.llmcm.core.json.Json;
import io.llmcm.core.json.JsonPointers;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * Writes an object as {@code NAME=value} lines for a process's environment. Lossy by design — see
 * {@link Format#ENV}.
 */
final class EnvWriter {
    /** Values made only of these need no quotes in a shell, docker or dotenv. */
    private static final Pattern BARE = Pattern.compile("[A-Za-z0-9_./:@%+,-]+");

    private final StringBuilder out = new StringBuilder();
    /** Variable name → the field it came from, to report two fields that map to one name. */
    private final Map<String, String> sources = new HashMap<>();

    private EnvWriter() {}

    static String write(JsonNode tree) {
        if (!tree.isObject()) {
            throw new InvalidInputException(
                    "ENV output needs an object (its fields become variables), and this value is " + Text.kind(tree));
        }
        EnvWriter w = new EnvWriter();
        w.fields(tree, "", "");
        return w.out.toString();
    }

    private void fields(JsonNode object, String prefix, String pointer) {
        for (Map.Entry<String, JsonNode> f : object.properties()) {
            String name = prefix.isEmpty() ? topName(f.getKey()) : prefix + "__" + part(f.getKey());
            String p = JsonPointers.child(pointer, f.getKey());
            JsonNode v = f.getValue();
            if (v.isObject() && !v.isEmpty()) {
                fields(v, name, p);
            } else if (!v.isNull()) {
                line(name, p, v);
            }
        }
    }

    private void line(String name, String pointer, JsonNode v) {
        String before = sources.putIfAbsent(name, pointer);
        if (before != null) {
            throw new InvalidInputException("ENV names collide: fields " + Trees.show(before) + " and "
                    + Trees.show(pointer) + " both become " + name);
        }
        out.append(name).append('=').append(value(v)).append('\n');
    }

    private static String value(JsonNode v) {
        if (v.isString()) {
            String s = v.stringValue();
            if (s.isEmpty() || (BARE.matcher(s).matches() && !Scalars.readsAsOtherType(s))) {
                return s;
            }
            return quote(s);
        }
        // numbers, booleans, {} and [] read back typed; other arrays become JSON text
        return v.isArray() && !v.isEmpty() ? quote(Json.compact(v)) : Json.compact(v);
    }

    /** Single quotes when they can hold the text (literal everywhere), else escaped double quotes. */
    private static String quote(String s) {
        if (s.indexOf('\'') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) {
            return "'" + s + "'";
        }
        StringBuilder q = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\n' -> q.append("\\n");
                case '\r' -> q.append("\\r");
                case '"', '\\', '$' -> q.append('\\').append(c);
                default -> q.append(c);
            }
        }
        return q.append('"').toString();
    }

    /** A top-level name: like {@link #part}, and never starting with a digit or empty. */
    private static String topName(String field) {
        String n = part(field);
        return n.isEmpty() || Character.isDigit(n.charAt(0)) ? "_" + n : n;
    }

    /** Upper case; every character outside [A-Z0-9_] becomes {@code _}. */
    private static String part(String field) {
        String upper = field.toUpperCase(Locale.ROOT);
        StringBuilder n = new StringBuilder(upper.length());
        for (int i = 0; i < upper.length(); i++) {
            char c = upper.charAt(i);
            n.append((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ? c : '_');
        }
        return n.toString();
    }
}
