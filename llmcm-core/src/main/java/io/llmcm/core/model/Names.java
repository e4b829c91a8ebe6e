package io.llmcm.core.model;

import io.llmcm.core.InvalidInputException;
import java.util.regex.Pattern;

/**
 * The safe alphabets for every name in the product, checked in one place.
 *
 * <ul>
 *   <li><b>Paths</b> ({@code models/openai/gpt-4o}): 1 to 32 segments separated by {@code /}, at
 *       most 512 characters; each segment starts with a letter, digit or {@code _} and continues
 *       with letters, digits, {@code _ . -}; no {@code ..} anywhere, no empty segments.
 *   <li><b>Tenants, environments, services</b>: lower-case letters, digits and {@code -}, starting
 *       with a letter or digit, at most 63 characters (a DNS label).
 *   <li><b>Tags, schema names, role names, binding ids and API key names</b>: letters, digits and {@code _ . -}, starting with a letter or
 *       digit, at most 64 characters, not only digits (so a tag is never mistaken for a revision).
 * </ul>
 */
public final class Names {
    public static final int MAX_PATH_LENGTH = 512;
    public static final int MAX_SEGMENTS = 32;

    private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");
    private static final Pattern LABEL = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");
    private static final Pattern TAG = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");
    private static final Pattern DIGITS = Pattern.compile("[0-9]+");

    private Names() {}

    /** Checks a full key path and returns it. */
    public static String path(String path) {
        // every read checks its path: the loop answers the common case without allocating;
        // the slow check below is only there to explain what is wrong
        return isValidPath(path) ? path : checkPath(path, "path", false);
    }

    /** The path rules as one pass over the characters. */
    public static boolean isValidPath(String path) {
        int n = path == null ? 0 : path.length();
        if (n == 0 || n > MAX_PATH_LENGTH) {
            return false;
        }
        int segments = 1;
        int segmentStart = 0;
        char prev = '/';
        for (int i = 0; i < n; i++) {
            char c = path.charAt(i);
            if (c == '/') {
                if (prev == '/' || ++segments > MAX_SEGMENTS) {
                    return false;
                }
                segmentStart = i + 1;
            } else if (i == segmentStart) {
                if (!(isAlnum(c) || c == '_')) {
                    return false;
                }
            } else if (!(isAlnum(c) || c == '_' || c == '-' || (c == '.' && prev != '.')) || i - segmentStart >= 128) {
                return false;
            }
            prev = c;
        }
        return prev != '/';
    }

    private static boolean isAlnum(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    }

    /** Checks a path prefix: like a path, but the empty string (everything) is allowed. */
    public static String prefix(String prefix) {
        if (prefix == null || prefix.isEmpty()) {
            return "";
        }
        String p = prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix;
        return checkPath(p, "prefix", false);
    }

    public static String tenant(String name) {
        return label(name, "tenant");
    }

    public static String environment(String name) {
        return label(name, "environment");
    }

    public static String service(String name) {
        return label(name, "service");
    }

    public static String tag(String name) {
        return tagLike(name, "tag");
    }

    /** A tenant name, or "" for something that belongs to the whole store (roles, bindings, keys). */
    public static String tenantOrStoreWide(String name) {
        return name != null && name.isEmpty() ? "" : tenant(name);
    }

    /** Role names, binding ids and API key names share the tag alphabet. */
    public static String role(String name) {
        return tagLike(name, "role name");
    }

    public static String binding(String id) {
        return tagLike(id, "binding id");
    }

    public static String keyName(String name) {
        return tagLike(name, "key name");
    }

    public static String schema(String name) {
        return tagLike(name, "schema name");
    }

    /** True when {@code path} is {@code prefix} itself or lies below it; every path is under "". */
    public static boolean isUnder(String path, String prefix) {
        return prefix.isEmpty()
                || path.equals(prefix)
                || (path.length() > prefix.length() && path.startsWith(prefix) && path.charAt(prefix.length()) == '/');
    }

    /** True when the string is a revision number rather than a tag name. */
    public static boolean isRevisionNumber(String s) {
        return s != null && DIGITS.matcher(s).matches();
    }

    private static String checkPath(String path, String what, boolean allowEmpty) {
        if (path == null || path.isEmpty()) {
            if (allowEmpty) {
                return "";
            }
            throw new InvalidInputException(what + " is empty; expected segments like models/openai/gpt-4o");
        }
        if (path.length() > MAX_PATH_LENGTH) {
            throw new InvalidInputException(
                    what + " is " + path.length() + " characters long; at most " + MAX_PATH_LENGTH + " are allowed");
        }
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                throw new InvalidInputException(what + " '" + printable(path) + "' contains a control character at position " + i);
            }
        }
        if (path.contains("..")) {
            throw new InvalidInputException(what + " '" + path + "' contains '..', which is not allowed");
        }
        String[] segments = path.split("/", -1);
        if (segments.length > MAX_SEGMENTS) {
            throw new InvalidInputException(
                    what + " '" + path + "' has " + segments.length + " segments; at most " + MAX_SEGMENTS + " are allowed");
        }
        for (int i = 0; i < segments.length; i++) {
            String s = segments[i];
            if (s.isEmpty()) {
                throw new InvalidInputException(
                        what + " '" + path + "' has an empty segment at position " + (i + 1)
                                + " (leading, trailing or doubled '/')");
            }
            if (!SEGMENT.matcher(s).matches()) {
                throw new InvalidInputException(what + " '" + path + "': segment '" + s
                        + "' is not allowed; segments start with a letter, digit or '_' and contain only letters, digits, '_', '.', '-' (at most 128)");
            }
        }
        return path;
    }

    private static String label(String name, String what) {
        if (name == null || name.isEmpty()) {
            throw new InvalidInputException(what + " name is empty");
        }
        if (!LABEL.matcher(name).matches()) {
            throw new InvalidInputException(what + " name '" + printable(name)
                    + "' is not allowed; expected lower-case letters, digits and '-', starting with a letter or digit, at most 63 characters");
        }
        return name;
    }

    private static String tagLike(String name, String what) {
        if (name == null || name.isEmpty()) {
            throw new InvalidInputException(what + " is empty");
        }
        if (!TAG.matcher(name).matches() || name.contains("..")) {
            throw new InvalidInputException(what + " '" + printable(name)
                    + "' is not allowed; expected letters, digits, '_', '.', '-', starting with a letter or digit, at most 64 characters");
        }
        if (DIGITS.matcher(name).matches()) {
            throw new InvalidInputException(what + " '" + name + "' is only digits, which would read as a revision number");
        }
        return name;
    }

    /** Replaces control characters so an error message stays on one line. */
    static String printable(String s) {
        StringBuilder sb = new StringBuilder(Math.min(s.length(), 80));
        for (int i = 0; i < s.length() && i < 80; i++) {
            char c = s.charAt(i);
            sb.append(c < 0x20 || c == 0x7f ? '?' : c);
        }
        return s.length() > 80 ? sb + "…" : sb.toString();
    }
}
