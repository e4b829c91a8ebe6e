package io.llmcm.core.format;

import io.llmcm.core.InvalidInputException;
import io.llmcm.core.json.Json;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads a {@code .env} file into a flat object, one field per variable, in file order.
 *
 * <p>Lines are {@code NAME=value} or {@code export NAME=value}; blanks around {@code =} are allowed,
 * blank lines and lines starting with {@code #} are skipped. Values are:
 *
 * <ul>
 *   <li>unquoted: up to the end of the line, without a trailing {@code # comment} (a {@code #}
 *       after a blank) and trailing blanks; an {@code =} inside is kept. Typed by {@link Scalars}.
 *   <li>{@code 'single quoted'}: literal, may span lines; always a string.
 *   <li>{@code "double quoted"}: may span lines; {@code \n \r \t \" \\ \$} are escapes, any other
 *       backslash is kept; always a string.
 * </ul>
 *
 * Names match {@code [A-Za-z_][A-Za-z0-9_]*}; a name given twice is an error.
 */
final class EnvReader {
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private final String s;
    private int pos;
    private int line = 1;

    private EnvReader(String s) {
        this.s = s;
    }

    static ObjectNode read(String text) {
        return new EnvReader(text).document();
    }

    private ObjectNode document() {
        ObjectNode out = Json.NODES.objectNode();
        Map<String, Integer> firstLine = new HashMap<>();
        while (pos < s.length()) {
            skipBlanks();
            if (atEol()) {
                skipEol();
                continue;
            }
            if (s.charAt(pos) == '#') {
                skipToEol();
                skipEol();
                continue;
            }
            int at = line;
            String name = word();
            if (name.equals("export") && pos < s.length() && isBlank(s.charAt(pos))) {
                skipBlanks();
                name = word();
            }
            skipBlanks();
            if (pos >= s.length() || s.charAt(pos) != '=') {
                throw error(at, "expected NAME=value");
            }
            if (!NAME.matcher(name).matches()) {
                throw error(at, "the variable name is not allowed; names match [A-Za-z_][A-Za-z0-9_]*");
            }
            pos++;
            skipBlanks();
            JsonNode value = value(at);
            Integer before = firstLine.putIfAbsent(name, at);
            if (before != null) {
                throw error(at, "variable " + name + " is set twice (first at line " + before + ")");
            }
            out.set(name, value);
            skipEol();
        }
        return out;
    }

    private JsonNode value(int at) {
        if (pos < s.length() && (s.charAt(pos) == '"' || s.charAt(pos) == '\'')) {
            String v = quoted(s.charAt(pos), at);
            skipBlanks();
            if (!atEol() && s.charAt(pos) != '#') {
                throw error(line, "unexpected text after the closing quote");
            }
            skipToEol();
            return Json.NODES.stringNode(v);
        }
        int start = pos;
        skipToEol();
        String raw = s.substring(start, pos);
        for (int i = 0; i < raw.length(); i++) {
            if (raw.charAt(i) == '#' && (i == 0 || isBlank(raw.charAt(i - 1)))) {
                raw = raw.substring(0, i);
                break;
            }
        }
        return Scalars.typed(raw.stripTrailing());
    }

    private String quoted(char quote, int at) {
        StringBuilder v = new StringBuilder();
        pos++;
        while (true) {
            if (pos >= s.length()) {
                throw error(at, "the quoted value has no closing " + (quote == '"' ? "double" : "single") + " quote");
            }
            char c = s.charAt(pos++);
            if (c == quote) {
                return v.toString();
            }
            if (c == '\n') {
                line++;
            }
            if (c == '\\' && quote == '"' && pos < s.length()) {
                char e = s.charAt(pos);
                String decoded = switch (e) {
                    case 'n' -> "\n";
                    case 'r' -> "\r";
                    case 't' -> "\t";
                    case '"', '\\', '$' -> String.valueOf(e);
                    default -> null;
                };
                if (decoded != null) {
                    v.append(decoded);
                    pos++;
                    continue;
                }
            }
            v.append(c);
        }
    }

    private String word() {
        int start = pos;
        while (pos < s.length() && !atEol() && !isBlank(s.charAt(pos)) && s.charAt(pos) != '=') {
            pos++;
        }
        return s.substring(start, pos);
    }

    private boolean atEol() {
        return pos >= s.length() || s.charAt(pos) == '\n' || s.charAt(pos) == '\r';
    }

    private void skipToEol() {
        while (!atEol()) {
            pos++;
        }
    }

    /** Steps over one line end: \n, \r\n or a lone \r. */
    private void skipEol() {
        if (pos < s.length() && s.charAt(pos) == '\r') {
            pos++;
        }
        if (pos < s.length() && s.charAt(pos) == '\n') {
            pos++;
        }
        line++;
    }

    private void skipBlanks() {
        while (pos < s.length() && isBlank(s.charAt(pos))) {
            pos++;
        }
    }

    private static boolean isBlank(char c) {
        return c == ' ' || c == '\t';
    }

    private static InvalidInputException error(int line, String what) {
        return new InvalidInputException("not valid ENV at line " + line + ": " + what);
    }
}
