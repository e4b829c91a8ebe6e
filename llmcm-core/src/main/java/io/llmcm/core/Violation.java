package io.llmcm.core;

/**
 * One reason a value was rejected.
 *
 * @param where the address and layer combination whose effective value failed, e.g.
 *     {@code acme:prod models/openai/gpt-4o}; empty when the value was checked on its own
 * @param pointer RFC 6901 JSON pointer into the value ("" for the whole value)
 * @param message what was expected, in words
 * @param source the schema or rule that said so, e.g. {@code schema openai-model}
 */
public record Violation(String where, String pointer, String message, String source) {
    public Violation {
        where = where == null ? "" : where;
    }

    public Violation at(String newWhere) {
        return new Violation(newWhere, pointer, message, source);
    }

    @Override
    public String toString() {
        String loc = pointer.isEmpty() ? "(root)" : pointer;
        return (where.isEmpty() ? "" : where + " ") + loc + ": " + message + (source.isEmpty() ? "" : " [" + source + "]");
    }
}
