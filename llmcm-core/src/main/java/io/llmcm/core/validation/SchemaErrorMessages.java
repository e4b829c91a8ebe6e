package io.llmcm.core.validation;

import com.networknt.schema.Error;
import com.networknt.schema.path.NodePath;
import io.llmcm.core.json.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * Turns networknt errors into plain sentences at RFC 6901 pointers.
 *
 * <p>Failed {@code anyOf}/{@code oneOf} alternatives arrive as one error per alternative; they are
 * folded into one message at the place the alternatives apply, so the reader sees "must match one
 * of: [0] ...; [1] ..." instead of contradictory demands.
 *
 * <p>Strings from the value are only quoted when {@code echoStrings} is set: a value being
 * validated may be a credential, while numbers, booleans and lengths are harmless. Values from the
 * schema itself are always shown.
 */
final class SchemaErrorMessages {
    /** One problem: where in the instance and what was expected. */
    record Located(String pointer, String message) {}

    private static final int MAX_ALTERNATIVES_SHOWN = 5;
    private static final int MAX_SHOWN_CHARS = 80;

    private SchemaErrorMessages() {}

    static List<Located> describe(List<Error> errors, boolean echoStrings) {
        List<Group> groups = new ArrayList<>();
        // alternatives of one anyOf/oneOf share the evaluation path up to it; the same anyOf applied
        // at two places (say under "items") is told apart by where its errors are
        Map<String, List<Group>> byPrefix = new LinkedHashMap<>();
        for (Error e : errors) {
            NodePath eval = e.getEvaluationPath();
            int at = alternativesAt(eval);
            String p = e.getInstanceLocation().toString();
            Group group = null;
            if (at >= 0) {
                List<Group> candidates = byPrefix.computeIfAbsent(prefix(eval, at), k -> new ArrayList<>());
                group = candidates.stream().filter(g -> related(g.pointer, p)).findFirst().orElse(null);
                if (group == null) {
                    group = new Group(eval.getName(at));
                    candidates.add(group);
                    groups.add(group);
                }
            } else {
                group = new Group(null);
                groups.add(group);
            }
            group.add(e, eval, at);
        }
        List<Located> out = new ArrayList<>(groups.size());
        for (Group g : groups) {
            out.add(g.render(echoStrings));
        }
        return out;
    }

    /** True when one pointer is the other or lies below it. */
    private static boolean related(String a, String b) {
        return a.equals(b) || b.startsWith(a + "/") || a.startsWith(b + "/") || a.isEmpty() || b.isEmpty();
    }

    /** Index of the first "anyOf"/"oneOf" segment that is followed by an alternative or ends the path. */
    private static int alternativesAt(NodePath eval) {
        int count = eval.getNameCount();
        for (int i = 0; i < count; i++) {
            Object el = eval.getElement(i);
            if (("anyOf".equals(el) || "oneOf".equals(el)) && (i + 1 == count || eval.getElement(i + 1) instanceof Integer)) {
                return i;
            }
        }
        return -1;
    }

    private static String prefix(NodePath eval, int inclusive) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i <= inclusive; i++) {
            sb.append('/').append(eval.getName(i));
        }
        return sb.toString();
    }

    /** Errors that belong together: a single error, or all alternatives of one anyOf/oneOf. */
    private static final class Group {
        final String keyword; // null, "anyOf" or "oneOf"
        final List<Error> errors = new ArrayList<>();
        final List<Integer> alternatives = new ArrayList<>(); // -1 for the oneOf summary error
        String pointer;

        Group(String keyword) {
            this.keyword = keyword;
        }

        void add(Error e, NodePath eval, int at) {
            errors.add(e);
            alternatives.add(at >= 0 && at + 1 < eval.getNameCount() ? (Integer) eval.getElement(at + 1) : -1);
            String p = e.getInstanceLocation().toString();
            // the alternatives apply where the shallowest of their errors is
            if (pointer == null || p.length() < pointer.length()) {
                pointer = p;
            }
        }

        Located render(boolean echo) {
            if (keyword == null) {
                return new Located(pointer, plain(errors.getFirst(), echo));
            }
            Map<Integer, Set<String>> byAlternative = new LinkedHashMap<>();
            String tooMany = null;
            for (int i = 0; i < errors.size(); i++) {
                Error e = errors.get(i);
                if (alternatives.get(i) < 0) {
                    Object[] args = e.getArguments();
                    if (args != null && args.length > 0 && !"0".equals(String.valueOf(args[0]))) {
                        tooMany = "must match exactly one alternative (oneOf), but matches " + args[0]
                                + (args.length > 1 ? " (alternatives " + args[1] + ")" : "");
                    }
                    continue;
                }
                String p = e.getInstanceLocation().toString();
                String text = (p.equals(pointer) ? "" : "at " + p + ": ") + plain(e, echo);
                byAlternative.computeIfAbsent(alternatives.get(i), k -> new LinkedHashSet<>()).add(text);
            }
            if (tooMany != null && byAlternative.isEmpty()) {
                return new Located(pointer, tooMany);
            }
            StringBuilder sb = new StringBuilder(
                    "oneOf".equals(keyword) ? "must match exactly one alternative (oneOf): " : "must match at least one alternative (anyOf): ");
            int shown = 0;
            for (Map.Entry<Integer, Set<String>> alt : byAlternative.entrySet()) {
                if (shown == MAX_ALTERNATIVES_SHOWN) {
                    sb.append("; and ").append(byAlternative.size() - shown).append(" more");
                    break;
                }
                sb.append(shown++ == 0 ? "" : "; or ").append('[').append(alt.getKey()).append("] ")
                        .append(String.join(", ", alt.getValue()));
            }
            return new Located(pointer, sb.toString());
        }
    }

    /** One error in plain words. */
    static String plain(Error e, boolean echo) {
        JsonNode schema = e.getSchemaNode();
        JsonNode value = e.getInstanceNode();
        Object[] args = e.getArguments() == null ? new Object[0] : e.getArguments();
        String keyword = e.getKeyword() == null ? "" : e.getKeyword();
        String arg0 = args.length > 0 ? String.valueOf(args[0]) : "?";
        return switch (keyword) {
            case "type" -> "must be " + types(schema) + got(value, echo, true);
            case "required" -> "required property '" + arg0 + "' is missing";
            case "dependentRequired" -> "property '" + arg0 + "' is required when '"
                    + (args.length > 1 ? args[1] : "?") + "' is present";
            case "minimum" -> "must be at least " + shown(schema) + got(value, echo, false);
            case "maximum" -> "must be at most " + shown(schema) + got(value, echo, false);
            case "exclusiveMinimum" -> "must be greater than " + shown(schema) + got(value, echo, false);
            case "exclusiveMaximum" -> "must be less than " + shown(schema) + got(value, echo, false);
            case "multipleOf" -> "must be a multiple of " + shown(schema) + got(value, echo, false);
            case "enum" -> "must be one of " + shown(schema) + got(value, echo, false);
            case "const" -> "must be exactly " + shown(schema) + got(value, echo, false);
            case "pattern" -> "must match the pattern " + shown(schema) + got(value, echo, false);
            case "minLength" -> "must be at least " + shown(schema) + " characters long" + length(value);
            case "maxLength" -> "must be at most " + shown(schema) + " characters long" + length(value);
            case "minItems" -> "must have at least " + shown(schema) + " items" + size(value);
            case "maxItems" -> "must have at most " + shown(schema) + " items" + size(value);
            case "minProperties" -> "must have at least " + shown(schema) + " properties" + size(value);
            case "maxProperties" -> "must have at most " + shown(schema) + " properties" + size(value);
            case "uniqueItems" -> "must not contain duplicate items";
            case "additionalProperties", "unevaluatedProperties" -> "property '" + arg0 + "' is not allowed";
            case "items", "additionalItems", "unevaluatedItems" -> "item " + arg0 + " is not allowed (too many items)";
            case "false" -> "is not allowed here";
            case "format" -> "regex".equals(arg0)
                    ? "must be a valid regular expression (RE2 syntax: no look-around or back-references)" + got(value, echo, false)
                    : "must be a valid " + arg0 + got(value, echo, false);
            case "not" -> "must not match " + shown(schema);
            case "contains" -> "must contain an item that matches " + arg(args, 1);
            case "minContains" -> "must contain at least " + arg0 + " items that match " + arg(args, 1);
            case "maxContains" -> "must contain at most " + arg0 + " items that match " + arg(args, 1);
            case "propertyNames" -> "property name '" + arg0 + "' is not valid: " + (args.length > 1 ? args[1] : "");
            default -> e.getMessage();
        };
    }

    private static String arg(Object[] args, int i) {
        return args.length > i ? truncate(String.valueOf(args[i])) : "the 'contains' schema";
    }

    /** "an integer", "a string or null". */
    private static String types(JsonNode schema) {
        if (schema == null) {
            return "of another type";
        }
        List<String> names = new ArrayList<>();
        if (schema.isArray()) {
            schema.values().forEach(t -> names.add(article(t.asString())));
        } else {
            names.add(article(schema.asString()));
        }
        return String.join(" or ", names);
    }

    private static String article(String type) {
        return switch (type) {
            case "integer", "object", "array" -> "an " + type;
            case "null" -> "null";
            default -> "a " + type;
        };
    }

    /** " (got 3.5)"; strings only when allowed; with {@code kind}, what sort of value it was. */
    private static String got(JsonNode value, boolean echo, boolean kind) {
        if (value == null || value.isMissingNode()) {
            return "";
        }
        if (value.isNumber() || value.isBoolean() || value.isNull()) {
            return " (got " + value + ")";
        }
        if (value.isString() && echo) {
            return " (got " + truncate(Json.compact(value)) + ")";
        }
        if (!kind) {
            return "";
        }
        return switch (value.getNodeType()) {
            case STRING -> " (got a string)";
            case OBJECT -> " (got an object)";
            case ARRAY -> " (got an array)";
            default -> "";
        };
    }

    private static String length(JsonNode value) {
        return value != null && value.isString() ? " (got " + value.stringValue().codePointCount(0, value.stringValue().length()) + ")" : "";
    }

    private static String size(JsonNode value) {
        return value != null && value.isContainer() ? " (got " + value.size() + ")" : "";
    }

    /** A schema value as people write it: strings bare, arrays as [a, b], objects as compact JSON. */
    static String shown(JsonNode schema) {
        if (schema == null) {
            return "?";
        }
        if (schema.isString()) {
            return truncate(schema.stringValue());
        }
        if (schema.isArray()) {
            List<String> items = new ArrayList<>();
            schema.values().forEach(v -> items.add(v.isString() ? v.stringValue() : Json.compact(v)));
            return truncate("[" + String.join(", ", items) + "]");
        }
        return truncate(Json.compact(schema));
    }

    private static String truncate(String s) {
        return s.length() <= MAX_SHOWN_CHARS ? s : s.substring(0, MAX_SHOWN_CHARS - 1) + "…";
    }
}
