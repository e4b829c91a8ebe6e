package io.llmcm.cli.render;

import io.llmcm.core.format.Format;
import java.nio.file.Path;
import java.util.Optional;

/** Format names as the user types them ({@code json}, {@code yml}, …) and as files imply them. */
public final class Formats {
    private Formats() {}

    /** The format with this name or alias, any case; an invalid-input error listing the names otherwise. */
    public static Format named(String name) {
        return Format.byName(name);
    }

    /** The format a file name implies, by its extension. */
    public static Optional<Format> ofFile(Path file) {
        return Format.byFileName(file.toString());
    }
}
