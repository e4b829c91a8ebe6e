package io.llmcm.core.template;

import java.util.Locale;
import tools.jackson.databind.JsonNode;

/** The type of a template variable, as a declaration writes it ({@code type: integer}). */
public enum VarType {
    STRING("string", "a string"),
    INTEGER("integer", "an integer"),
    NUMBER("number", "a number"),
    BOOLEAN("boolean", "true or false"),
    ARRAY("array", "an array of strings");

    private final String id;
    private final String expected;

    VarType(String id, String expected) {
        this.id = id;
        this.expected = expected;
    }

    /** The name in a declaration. */
    public String id() {
        return id;
    }

    /** What a value of this type is, in words ("an integer"). */
    public String expected() {
        return expected;
    }

    /** The type of that name, or null. */
    public static VarType named(String id) {
        for (VarType t : values()) {
            if (t.id.equals(id)) {
                return t;
            }
        }
        return null;
    }

    /** Every name, for messages: "string, integer, number, boolean, array". */
    public static String names() {
        StringBuilder sb = new StringBuilder();
        for (VarType t : values()) {
            sb.append(sb.isEmpty() ? "" : ", ").append(t.id);
        }
        return sb.toString();
    }

    /** Whether a JSON value is of this type (an integer is a number too). */
    public boolean accepts(JsonNode v) {
        return switch (this) {
            case STRING -> v.isString();
            case INTEGER -> v.isIntegralNumber() || (v.isNumber() && v.decimalValue().stripTrailingZeros().scale() <= 0);
            case NUMBER -> v.isNumber();
            case BOOLEAN -> v.isBoolean();
            case ARRAY -> {
                if (!v.isArray()) {
                    yield false;
                }
                for (JsonNode item : v.values()) {
                    if (!item.isString()) {
                        yield false;
                    }
                }
                yield true;
            }
        };
    }

    /** What a JSON value is, in words, for messages that must not quote it ("a string"). */
    public static String describe(JsonNode v) {
        if (v == null || v.isNull()) {
            return "null";
        }
        if (v.isString()) {
            return "a string";
        }
        if (v.isIntegralNumber()) {
            return "an integer";
        }
        if (v.isNumber()) {
            return "a number";
        }
        if (v.isBoolean()) {
            return "a boolean";
        }
        if (v.isArray()) {
            return "an array";
        }
        return v.isObject() ? "an object" : v.getNodeType().name().toLowerCase(Locale.ROOT);
    }
}
