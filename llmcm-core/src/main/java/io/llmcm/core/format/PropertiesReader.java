package io.llmcm.core.format;

import io.llmcm.core.InvalidInputException;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Properties;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads a {@code .properties} document. Each logical line (with its continuation lines) is decoded
 * by {@link Properties} itself, so escapes, separators and continuations mean exactly what they
 * mean to Java; splitting the text into logical lines here first is what lets errors name a line.
 * Keys become paths ({@link PropertyKeys}), values are typed by {@link Scalars}.
 */
final class PropertiesReader {
    private PropertiesReader() {}

    static ObjectNode read(String text) {
        PathTree tree = new PathTree();
        int pos = 0;
        int line = 1;
        while (pos < text.length()) {
            int start = pos;
            int startLine = line;
            boolean comment = isComment(text, pos);
            // a logical line runs on while a physical line ends in an odd number of backslashes;
            // a comment line never does
            while (true) {
                int end = lineEnd(text, pos);
                boolean continues = !comment && oddBackslashesBefore(text, end);
                pos = afterLineEnd(text, end);
                line++;
                if (!continues || pos >= text.length()) {
                    break;
                }
            }
            if (!comment) {
                entry(text.substring(start, pos), startLine, tree);
            }
        }
        return tree.toJson();
    }

    private static void entry(String logicalLine, int line, PathTree tree) {
        Properties p = new Properties();
        try {
            p.load(new StringReader(logicalLine));
        } catch (IllegalArgumentException e) {
            throw PathTree.error(line, "malformed \\uXXXX escape");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (Map.Entry<Object, Object> e : p.entrySet()) {
            String key = (String) e.getKey();
            try {
                tree.put(PropertyKeys.parse(key), Scalars.typed((String) e.getValue()), key, line);
            } catch (IllegalArgumentException bad) {
                throw PathTree.error(line, "key is malformed: " + bad.getMessage());
            }
        }
    }

    /** Blank lines count as comments: both hold no entry. */
    private static boolean isComment(String text, int pos) {
        while (pos < text.length() && (text.charAt(pos) == ' ' || text.charAt(pos) == '\t' || text.charAt(pos) == '\f')) {
            pos++;
        }
        return pos >= text.length() || "#!\r\n".indexOf(text.charAt(pos)) >= 0;
    }

    private static int lineEnd(String text, int pos) {
        while (pos < text.length() && text.charAt(pos) != '\n' && text.charAt(pos) != '\r') {
            pos++;
        }
        return pos;
    }

    /** The start of the next line: after \n, \r\n or a lone \r. */
    private static int afterLineEnd(String text, int end) {
        if (end < text.length() && text.charAt(end) == '\r') {
            end++;
            return end < text.length() && text.charAt(end) == '\n' ? end + 1 : end;
        }
        return end < text.length() ? end + 1 : end;
    }

    private static boolean oddBackslashesBefore(String text, int end) {
        int n = 0;
        while (end - n - 1 >= 0 && text.charAt(end - n - 1) == '\\') {
            n++;
        }
        return n % 2 == 1;
    }
}
