package io.llmcm.core.template;

import io.llmcm.core.Violation;
import io.llmcm.core.json.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * One declared template variable:
 * {@code {type, enum, default, required, description, from}}.
 *
 * @param type string (the default), integer, number, boolean or array (of strings)
 * @param allowed the {@code enum} values, empty for any value of the type
 * @param defaultValue null when none
 * @param from where an instantiation takes the value when none is given: {@code environment},
 *     {@code tenant} or {@code config:<path>}; null for none (prompt variables have none)
 */
public record Variable(String name, VarType type, List<JsonNode> allowed, JsonNode defaultValue, boolean required, String description, String from) {
    private static final Set<String> FIELDS = Set.of("type", "enum", "default", "required", "description");
    private static final Set<String> FIELDS_WITH_FROM = Set.of("type", "enum", "default", "required", "description", "from");

    public Variable {
        allowed = List.copyOf(allowed);
        description = description == null ? "" : description;
    }

    /**
     * Reads a declaration; adds a violation for each problem and answers null when there is one.
     *
     * @param pointer where the declaration sits, e.g. {@code /variables/tone}
     * @param withFrom whether {@code from} is allowed (configuration templates)
     */
    public static Variable parse(String name, JsonNode spec, String pointer, boolean withFrom, List<Violation> out) {
        int before = out.size();
        if (!Placeholders.NAME.matcher(name).matches()) {
            out.add(v(pointer, "variable name '" + clip(name) + "' is not valid: expected letters, digits, '_' and '.', not starting with a digit"));
            return null;
        }
        if (spec == null || !spec.isObject()) {
            out.add(v(pointer, "variable '" + name + "' must be an object like {type: string, required: true}"));
            return null;
        }
        Set<String> fields = withFrom ? FIELDS_WITH_FROM : FIELDS;
        for (String f : spec.propertyNames()) {
            if (!fields.contains(f)) {
                out.add(v(pointer + "/" + f, "variable '" + name + "': unknown field '" + clip(f) + "'; allowed: type, enum, default, required, description"
                        + (withFrom ? ", from" : "")));
            }
        }
        VarType type = VarType.STRING;
        JsonNode t = spec.get("type");
        if (t != null) {
            type = t.isString() ? VarType.named(t.stringValue()) : null;
            if (type == null) {
                out.add(v(pointer + "/type", "variable '" + name + "': type must be one of " + VarType.names()));
                return null;
            }
        }
        List<JsonNode> allowed = new ArrayList<>();
        JsonNode e = spec.get("enum");
        if (e != null) {
            if (!e.isArray() || e.isEmpty()) {
                out.add(v(pointer + "/enum", "variable '" + name + "': enum must be a non-empty array of " + type.id() + " values"));
            } else {
                int i = 0;
                for (JsonNode item : e.values()) {
                    if (!type.accepts(item)) {
                        out.add(v(pointer + "/enum/" + i, "variable '" + name + "': enum value " + i + " must be " + type.expected() + ", got " + VarType.describe(item)));
                    }
                    allowed.add(item);
                    i++;
                }
            }
        }
        JsonNode def = spec.get("default");
        if (def != null) {
            if (!type.accepts(def)) {
                out.add(v(pointer + "/default", "variable '" + name + "': default must be " + type.expected() + " (type " + type.id() + "), got " + VarType.describe(def)));
            } else if (!allowed.isEmpty() && !contains(allowed, def)) {
                out.add(v(pointer + "/default", "variable '" + name + "': default must be one of " + list(allowed)));
            }
        }
        boolean required = false;
        JsonNode r = spec.get("required");
        if (r != null) {
            if (!r.isBoolean()) {
                out.add(v(pointer + "/required", "variable '" + name + "': required must be true or false"));
            } else {
                required = r.booleanValue();
            }
        }
        JsonNode d = spec.get("description");
        if (d != null && !d.isString()) {
            out.add(v(pointer + "/description", "variable '" + name + "': description must be a string"));
        }
        String from = null;
        JsonNode fr = withFrom ? spec.get("from") : null;
        if (fr != null) {
            from = fr.isString() ? fr.stringValue() : "";
            if (!Sources.isValid(from)) {
                out.add(v(pointer + "/from", "variable '" + name + "': from must be environment, tenant or config:<path> (a key path, optionally #/pointer)"));
            }
        }
        if (out.size() > before) {
            return null;
        }
        return new Variable(name, type, allowed, def, required, d == null ? "" : d.stringValue(), from);
    }

    /** Problems with a value given for this variable (never quoting it), empty when it fits. */
    public List<String> problems(JsonNode value) {
        if (!type.accepts(value)) {
            return List.of("variable '" + name + "' must be " + type.expected() + ", got " + VarType.describe(value));
        }
        if (!allowed.isEmpty() && !contains(allowed, value)) {
            return List.of("variable '" + name + "' must be one of " + list(allowed));
        }
        return List.of();
    }

    /**
     * A value given as text (a command line's {@code --var k=v}, an environment variable) as this
     * variable's type: digits become a number, true/false a boolean, {@code a,b} or a JSON array an
     * array. Text that does not convert stays a string, and {@link #problems} then says so.
     */
    public JsonNode fromText(String text) {
        return switch (type) {
            case STRING -> Json.NODES.stringNode(text);
            case INTEGER -> {
                try {
                    yield Json.NODES.numberNode(Long.parseLong(text.strip()));
                } catch (NumberFormatException e) {
                    yield Json.NODES.stringNode(text);
                }
            }
            case NUMBER -> {
                try {
                    yield Json.NODES.numberNode(new java.math.BigDecimal(text.strip()));
                } catch (NumberFormatException e) {
                    yield Json.NODES.stringNode(text);
                }
            }
            case BOOLEAN -> switch (text.strip()) {
                case "true" -> Json.NODES.booleanNode(true);
                case "false" -> Json.NODES.booleanNode(false);
                default -> Json.NODES.stringNode(text);
            };
            case ARRAY -> {
                String s = text.strip();
                if (s.startsWith("[")) {
                    try {
                        yield Json.parse(s);
                    } catch (RuntimeException e) {
                        yield Json.NODES.stringNode(text);
                    }
                }
                var a = Json.NODES.arrayNode();
                if (!s.isEmpty()) {
                    for (String part : s.split(",")) {
                        a.add(part.strip());
                    }
                }
                yield a;
            }
        };
    }

    /** A typed value as text in a rendered string: strings as they are, arrays joined with ", ". */
    public static String text(JsonNode value) {
        if (value.isString()) {
            return value.stringValue();
        }
        if (value.isArray()) {
            StringBuilder sb = new StringBuilder();
            for (JsonNode item : value.values()) {
                sb.append(sb.isEmpty() ? "" : ", ").append(item.isString() ? item.stringValue() : Json.compact(item));
            }
            return sb.toString();
        }
        if (value.isNumber() && !value.isIntegralNumber()) {
            return value.decimalValue().stripTrailingZeros().toPlainString();
        }
        return Json.compact(value);
    }

    private static boolean contains(List<JsonNode> allowed, JsonNode value) {
        for (JsonNode a : allowed) {
            if (a.equals(value) || (a.isNumber() && value.isNumber() && a.decimalValue().compareTo(value.decimalValue()) == 0)) {
                return true;
            }
        }
        return false;
    }

    /** The enum values for a message: strings bare, others as JSON. */
    static String list(List<JsonNode> values) {
        StringBuilder sb = new StringBuilder();
        for (JsonNode a : values) {
            sb.append(sb.isEmpty() ? "" : ", ").append(a.isString() ? a.stringValue() : Json.compact(a));
        }
        return sb.toString();
    }

    static String clip(String s) {
        return s.length() <= 60 ? s : s.substring(0, 60) + "…";
    }

    private static Violation v(String pointer, String message) {
        return new Violation("", pointer, message, "");
    }
}
