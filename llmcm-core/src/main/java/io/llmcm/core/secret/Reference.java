package io.llmcm.core.secret;

import io.llmcm.core.model.Names;
import java.util.Objects;

/**
 * A reference inside a configuration string: {@code ${secret:providers/openai/api-key}} or
 * {@code ${config:models/openai/gpt-4o#/endpoint}}. It is resolved at read time, in the reader's
 * scope and revision, and only for a reader allowed to read its target.
 *
 * @param kind what it points at
 * @param path the target's path
 * @param pointer an RFC 6901 pointer into the target's value ("" for the whole value)
 */
public record Reference(Kind kind, String path, String pointer) {
    public enum Kind {
        SECRET,
        CONFIG;

        String prefix() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public Reference {
        Objects.requireNonNull(kind, "kind");
        Names.path(path);
        Objects.requireNonNull(pointer, "pointer");
    }

    /** As written: {@code ${config:models/a#/endpoint}}. */
    @Override
    public String toString() {
        return "${" + kind.prefix() + ":" + path + (pointer.isEmpty() ? "" : "#" + pointer) + "}";
    }
}
