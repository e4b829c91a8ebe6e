package io.llmcm.core.secret;

import io.llmcm.core.InvalidInputException;
import io.llmcm.core.model.Names;
import java.util.ArrayList;
import java.util.List;

/**
 * A configuration string cut into literal text and {@link Reference}s. Only {@code ${secret:…}}
 * and {@code ${config:…}} are references; any other {@code ${…}} is left alone (applications use
 * that syntax for their own placeholders). {@code $${} writes a literal {@code ${}.
 *
 * @param parts {@link String}s and {@link Reference}s in order
 */
public record Template(List<Object> parts) {
    private static final String[] PREFIXES = {"${secret:", "${config:"};

    public Template {
        parts = List.copyOf(parts);
    }

    /** True when the string holds at least one reference (cheap: a scan for the prefixes). */
    public static boolean hasReference(String s) {
        return s.contains("${secret:") || s.contains("${config:");
    }

    /**
     * Cuts a string; malformed references (no closing brace, a bad path or pointer) are errors that
     * name what is wrong.
     */
    public static Template parse(String s) {
        List<Object> parts = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        int i = 0;
        while (i < s.length()) {
            if (s.startsWith("$${", i)) {
                text.append("${");
                i += 3;
                continue;
            }
            Reference.Kind kind = kindAt(s, i);
            if (kind == null) {
                text.append(s.charAt(i++));
                continue;
            }
            int start = i + PREFIXES[kind.ordinal()].length();
            int end = s.indexOf('}', start);
            if (end < 0) {
                throw new InvalidInputException("reference starting at character " + (i + 1) + " has no closing '}'");
            }
            if (!text.isEmpty()) {
                parts.add(text.toString());
                text.setLength(0);
            }
            parts.add(reference(kind, s.substring(start, end)));
            i = end + 1;
        }
        if (!text.isEmpty() || parts.isEmpty()) {
            parts.add(text.toString());
        }
        return new Template(parts);
    }

    /** The whole string is one reference (it then takes the target's JSON type). */
    public boolean isSingleReference() {
        return parts.size() == 1 && parts.getFirst() instanceof Reference;
    }

    public List<Reference> references() {
        return parts.stream().filter(Reference.class::isInstance).map(Reference.class::cast).toList();
    }

    private static Reference.Kind kindAt(String s, int i) {
        for (Reference.Kind k : Reference.Kind.values()) {
            if (s.startsWith(PREFIXES[k.ordinal()], i)) {
                return k;
            }
        }
        return null;
    }

    private static Reference reference(Reference.Kind kind, String body) {
        int hash = body.indexOf('#');
        String path = hash < 0 ? body : body.substring(0, hash);
        String pointer = hash < 0 ? "" : body.substring(hash + 1);
        if (!pointer.isEmpty() && !pointer.startsWith("/")) {
            throw new InvalidInputException("reference ${" + kind.prefix() + ":" + path
                    + "#…}: the part after '#' must be a JSON pointer starting with '/'");
        }
        try {
            Names.path(path);
        } catch (InvalidInputException e) {
            throw new InvalidInputException("reference ${" + kind.prefix() + ":…}: " + e.getMessage());
        }
        return new Reference(kind, path, pointer);
    }
}
