package io.llmcm.cli.render;

import io.llmcm.core.format.Format;
import io.llmcm.cli.CliException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** Format names as the user types them ({@code json}, {@code yaml}, …). */
public final class Formats {
    private Formats() {}

    /** The format with this name (any case); a usage error listing the names otherwise. */
    public static Format named(String name) {
        for (Format f : Format.values()) {
            if (f.name().equalsIgnoreCase(name)) {
                return f;
            }
        }
        throw new CliException(CliException.USAGE, "unknown format '" + name + "'; expected one of " + names());
    }

    /** The format a file name implies, by its extension. */
    public static Optional<Format> ofFile(Path file) {
        Path name = file.getFileName();
        return name == null ? Optional.empty() : Format.byFileName(name.toString());
    }

    public static String names() {
        return Arrays.stream(Format.values()).map(f -> f.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining(", "));
    }
}
