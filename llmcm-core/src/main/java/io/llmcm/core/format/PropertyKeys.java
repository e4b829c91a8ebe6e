package io.llmcm.core.format;

import java.util.ArrayList;
import java.util.List;

/**
 * The key syntax of the PROPERTIES format, after {@link java.util.Properties} has undone its own
 * escapes. A key is a path of steps:
 *
 * <ul>
 *   <li>{@code a.b.c}: fields separated by dots;
 *   <li>{@code a[0]}, {@code a[0][1]}: array elements (Spring style), digits in brackets right after
 *       a step;
 *   <li>{@code [gpt-4.1].top_p}, {@code models[gpt-4.1]}: a field name taken literally (it may
 *       contain dots) — brackets at the start of a step, or right after a step with anything but
 *       digits inside. In brackets {@code ]} is written twice.
 * </ul>
 *
 * A step is either a {@code String} (field) or an {@code Integer} (array index).
 */
final class PropertyKeys {
    private PropertyKeys() {}

    /** True when a field name must be written in brackets to read back as itself. */
    static boolean needsBrackets(String name) {
        if (name.isEmpty()) {
            return true;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '.' || c == '[' || c == ']' || c == '=' || c == ':' || Character.isWhitespace(c)) {
                return true;
            }
        }
        return false;
    }

    /** The key of a field below {@code parent} ("" for the top). */
    static String field(String parent, String name) {
        if (needsBrackets(name)) {
            return parent + "[" + name.replace("]", "]]") + "]";
        }
        return parent.isEmpty() ? name : parent + "." + name;
    }

    /** The key of an array element below {@code parent}. */
    static String index(String parent, int index) {
        return parent + "[" + index + "]";
    }

    /**
     * The steps of a key.
     *
     * @throws IllegalArgumentException with a message fit for the user when the key is malformed
     */
    static List<Object> parse(String key) {
        List<Object> steps = new ArrayList<>();
        int i = 0;
        boolean stepStart = true;
        while (true) {
            if (stepStart) {
                if (i < key.length() && key.charAt(i) == '[') {
                    StringBuilder lit = new StringBuilder();
                    i = bracket(key, i, lit);
                    steps.add(lit.toString());
                } else {
                    int start = i;
                    while (i < key.length() && "[].".indexOf(key.charAt(i)) < 0) {
                        i++;
                    }
                    if (i == start) {
                        throw new IllegalArgumentException("a field name is empty (a leading, trailing or doubled '.')");
                    }
                    if (i < key.length() && key.charAt(i) == ']') {
                        throw new IllegalArgumentException("a ']' has no matching '['");
                    }
                    steps.add(key.substring(start, i));
                }
                stepStart = false;
            } else if (i == key.length()) {
                return steps;
            } else if (key.charAt(i) == '.') {
                i++;
                stepStart = true;
            } else if (key.charAt(i) == '[') {
                StringBuilder lit = new StringBuilder();
                i = bracket(key, i, lit);
                steps.add(isIndex(lit) ? (Object) index(lit) : lit.toString());
            } else {
                throw new IllegalArgumentException("expected '.' or '[' after a ']'");
            }
        }
    }

    /** Reads {@code [...]} at {@code i} into {@code lit}; returns the position after it. */
    private static int bracket(String key, int i, StringBuilder lit) {
        for (int j = i + 1; j < key.length(); j++) {
            char c = key.charAt(j);
            if (c == ']') {
                if (j + 1 < key.length() && key.charAt(j + 1) == ']') {
                    lit.append(']');
                    j++;
                } else {
                    return j + 1;
                }
            } else {
                lit.append(c);
            }
        }
        throw new IllegalArgumentException("a '[' has no closing ']'");
    }

    private static boolean isIndex(CharSequence s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    private static int index(CharSequence digits) {
        String d = digits.toString().replaceFirst("^0+(?=.)", "");
        if (d.length() > 9) {
            throw new IllegalArgumentException("an array index is too large");
        }
        return Integer.parseInt(d);
    }
}
