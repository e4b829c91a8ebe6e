package io.llmcm.core.template;

import io.llmcm.core.InvalidInputException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * A text with {@code {{variable}}} placeholders, parsed once into segments. Spaces inside the
 * braces are allowed ({@code {{ name }}}); names match {@code [A-Za-z_][A-Za-z0-9_.]*}.
 *
 * <p>Escape: {@code \{{} is a literal {@code {{}. Backslashes are special only in a run directly
 * before {@code {{}: there each {@code \\} is one literal backslash, and an odd one left over
 * escapes the braces ({@code \\{{x}}} is a backslash followed by the value of {@code x}). In a
 * run of more than two braces the placeholder takes the last two ({@code {{{x}}} is a literal
 * {@code {} and the value of {@code x}). A lone {@code }}} outside a placeholder is plain text. Values are inserted as they are and never
 * expanded again, so a value holding {@code {{x}}} stays that text.
 *
 * <p>This is the one placeholder engine of prompt and configuration templates; the agent's file
 * templates ({@code {{ PATH#/pointer }}}) are a different, older syntax.
 */
public final class Placeholders {
    /** A variable name. */
    public static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_.]*");

    private final List<Segment> segments;

    /** One part of a parsed text: literal text or a variable. */
    public sealed interface Segment permits Literal, Var {}

    /** Text copied as is (escapes already undone). */
    public record Literal(String text) implements Segment {}

    /**
     * A placeholder: the variable's name, and where the placeholder starts (1-based; not part of
     * equality, so a text and its {@link #source()} parse to equal segments).
     */
    public record Var(String name, int line, int column) implements Segment {
        public Var(String name) {
            this(name, 0, 0);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Var v && v.name.equals(name);
        }

        @Override
        public int hashCode() {
            return name.hashCode();
        }
    }

    private Placeholders(List<Segment> segments) {
        this.segments = List.copyOf(segments);
    }

    /** A template made of segments (adjacent literals are joined). */
    public static Placeholders of(List<Segment> segments) {
        List<Segment> joined = new ArrayList<>();
        for (Segment s : segments) {
            if (s instanceof Literal l && !joined.isEmpty() && joined.getLast() instanceof Literal prev) {
                joined.set(joined.size() - 1, new Literal(prev.text() + l.text()));
            } else if (!(s instanceof Literal l2 && l2.text().isEmpty())) {
                joined.add(s);
            }
        }
        return new Placeholders(joined);
    }

    /**
     * Parses a text.
     *
     * @throws InvalidInputException naming the line and column of a {@code {{} that is not closed
     *     or does not hold a variable name
     */
    public static Placeholders parse(String text) {
        List<Segment> out = new ArrayList<>();
        StringBuilder literal = new StringBuilder();
        Position position = new Position(text);
        int n = text.length();
        int i = 0;
        while (i < n) {
            int open = text.indexOf("{{", i);
            if (open < 0) {
                literal.append(text, i, n);
                break;
            }
            int slashes = 0;
            while (open - slashes - 1 >= i && text.charAt(open - slashes - 1) == '\\') {
                slashes++;
            }
            literal.append(text, i, open - slashes);
            literal.append("\\".repeat(slashes / 2));
            if (slashes % 2 == 1) {
                literal.append("{{");
                i = open + 2;
                continue;
            }
            int start = open;
            while (open + 2 < n && text.charAt(open + 2) == '{') {
                open++; // {{{x}}: the placeholder takes the last two braces
            }
            literal.append(text, start, open);
            int close = text.indexOf("}}", open + 2);
            if (close < 0) {
                throw new InvalidInputException(at(text, open) + ": '{{' is not closed by '}}' (write \\{{ for a literal '{{')");
            }
            String name = text.substring(open + 2, close).strip();
            if (!NAME.matcher(name).matches()) {
                throw new InvalidInputException(at(text, open) + ": '{{" + clip(text.substring(open + 2, close)) + "}}' is not a variable;"
                        + " expected a name like {{product}} (letters, digits, '_' and '.', not starting with a digit), or \\{{ for a literal '{{'");
            }
            if (!literal.isEmpty()) {
                out.add(new Literal(literal.toString()));
                literal.setLength(0);
            }
            position.advance(open);
            out.add(new Var(name, position.line, position.column));
            i = close + 2;
        }
        if (!literal.isEmpty()) {
            out.add(new Literal(literal.toString()));
        }
        return new Placeholders(out);
    }

    private static String clip(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "…";
    }

    private static String at(String text, int index) {
        int[] lc = lineColumn(text, index);
        return "line " + lc[0] + ", column " + lc[1];
    }

    /** Line and column of a moving index, counted once over the text (not from the start each time). */
    private static final class Position {
        private final String text;
        private int index;
        int line = 1;
        int column = 1;

        Position(String text) {
            this.text = text;
        }

        void advance(int to) {
            for (; index < to; index++) {
                if (text.charAt(index) == '\n') {
                    line++;
                    column = 1;
                } else {
                    column++;
                }
            }
        }
    }

    private static int[] lineColumn(String text, int index) {
        int line = 1;
        int col = 1;
        for (int k = 0; k < index; k++) {
            if (text.charAt(k) == '\n') {
                line++;
                col = 1;
            } else {
                col++;
            }
        }
        return new int[] {line, col};
    }

    public List<Segment> segments() {
        return segments;
    }

    /** The variables used, in order of first use. */
    public Set<String> names() {
        Set<String> names = new LinkedHashSet<>();
        for (Segment s : segments) {
            if (s instanceof Var v) {
                names.add(v.name());
            }
        }
        return names;
    }

    /** True when the text is exactly one placeholder and nothing else. */
    public boolean isSinglePlaceholder() {
        return segments.size() == 1 && segments.getFirst() instanceof Var;
    }

    /**
     * The text with every placeholder replaced by {@code value(name)}; values are inserted once and
     * never expanded again. The caller checks beforehand that every name has a value.
     */
    public String render(Function<String, String> value) {
        StringBuilder out = new StringBuilder();
        for (Segment s : segments) {
            switch (s) {
                case Literal l -> out.append(l.text());
                case Var v -> out.append(value.apply(v.name()));
            }
        }
        return out.toString();
    }

    /** The source text that parses back into these segments (escapes put back). */
    public String source() {
        StringBuilder out = new StringBuilder();
        for (int k = 0; k < segments.size(); k++) {
            switch (segments.get(k)) {
                case Literal l -> out.append(escape(l.text(), k + 1 < segments.size()));
                case Var v -> out.append("{{").append(v.name()).append("}}");
            }
        }
        return out.toString();
    }

    /**
     * A literal as source: each {@code {{} gets a backslash, and a run of backslashes before one
     * (or before the placeholder that follows) is doubled.
     */
    static String escape(String literal, boolean placeholderFollows) {
        StringBuilder out = new StringBuilder();
        int n = literal.length();
        int i = 0;
        while (i < n) {
            int open = literal.indexOf("{{", i);
            if (open < 0) {
                break;
            }
            int slashes = 0;
            while (open - slashes - 1 >= i && literal.charAt(open - slashes - 1) == '\\') {
                slashes++;
            }
            out.append(literal, i, open - slashes).append("\\".repeat(slashes * 2)).append("\\{{");
            i = open + 2;
        }
        String rest = literal.substring(i);
        if (placeholderFollows) {
            // rest holds no "{{": at most one trailing brace, which the placeholder's run takes in
            int brace = rest.endsWith("{") ? 1 : 0;
            String body = rest.substring(0, rest.length() - brace);
            int slashes = 0;
            while (slashes < body.length() && body.charAt(body.length() - 1 - slashes) == '\\') {
                slashes++;
            }
            out.append(body, 0, body.length() - slashes).append("\\".repeat(slashes * 2)).append(rest, body.length(), rest.length());
        } else {
            out.append(rest);
        }
        return out.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Placeholders p && p.segments.equals(segments);
    }

    @Override
    public int hashCode() {
        return segments.hashCode();
    }

    @Override
    public String toString() {
        return source();
    }
}
