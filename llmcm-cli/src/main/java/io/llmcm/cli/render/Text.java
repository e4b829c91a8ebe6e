package io.llmcm.cli.render;

import io.llmcm.core.json.Json;
import io.llmcm.core.model.Value;

/** Small text helpers shared by the views: one-line values, trailing newlines. */
public final class Text {
    private Text() {}

    /** {@code 1 key}, {@code 2 keys}: a count with its noun. */
    public static String count(long n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }

    /** The string with exactly one newline added when it does not already end with one. */
    public static String withNewline(String s) {
        return s.endsWith("\n") ? s : s + "\n";
    }

    /** A value as compact JSON on one line, cut to {@code max} characters (ending in "…"). */
    public static String oneLine(Value value, int max) {
        return oneLine(Json.compact(value.json()), max);
    }

    /** Control characters (newlines, tabs) become spaces so the text stays on one line. */
    public static String oneLine(String s, int max) {
        StringBuilder sb = new StringBuilder(Math.min(s.length(), max + 1));
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            sb.append(c < 0x20 || c == 0x7f ? ' ' : c);
        }
        if (sb.length() > max) {
            sb.setLength(Math.max(0, max - 1));
            sb.append('…');
        }
        return sb.toString();
    }
}
