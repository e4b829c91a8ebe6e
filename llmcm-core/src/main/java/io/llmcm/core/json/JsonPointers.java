package io.llmcm.core.json;

import java.util.ArrayList;
import java.util.List;

/**
 * JSON Pointers (RFC 6901) as plain strings: {@code ""} is the whole document, {@code /a/0} field
 * {@code a}, element 0. In a token {@code ~} is written {@code ~0} and {@code /} is written {@code
 * ~1}.
 */
public final class JsonPointers {
    private JsonPointers() {}

    /** One reference token, escaped: {@code a/b} becomes {@code a~1b}. */
    public static String escape(String token) {
        if (token.indexOf('~') < 0 && token.indexOf('/') < 0) {
            return token;
        }
        return token.replace("~", "~0").replace("/", "~1");
    }

    /** A pointer one level below {@code parent}. */
    public static String child(String parent, String token) {
        return parent + "/" + escape(token);
    }

    /** A pointer to element {@code index} of the array at {@code parent}. */
    public static String child(String parent, int index) {
        return parent + "/" + index;
    }

    /**
     * The unescaped reference tokens of a pointer; {@code ""} gives none.
     *
     * @throws IllegalArgumentException when the pointer does not start with {@code /} or has a
     *     {@code ~} not followed by {@code 0} or {@code 1}
     */
    public static List<String> parse(String pointer) {
        List<String> tokens = new ArrayList<>();
        if (pointer.isEmpty()) {
            return tokens;
        }
        if (pointer.charAt(0) != '/') {
            throw new IllegalArgumentException("a JSON pointer is empty or starts with '/'");
        }
        StringBuilder token = new StringBuilder();
        for (int i = 1; i <= pointer.length(); i++) {
            char c = i < pointer.length() ? pointer.charAt(i) : '/';
            if (c == '/') {
                tokens.add(token.toString());
                token.setLength(0);
            } else if (c == '~') {
                char next = i + 1 < pointer.length() ? pointer.charAt(i + 1) : ' ';
                if (next != '0' && next != '1') {
                    throw new IllegalArgumentException("in a JSON pointer '~' is followed by 0 or 1");
                }
                token.append(next == '0' ? '~' : '/');
                i++;
            } else {
                token.append(c);
            }
        }
        return tokens;
    }
}
