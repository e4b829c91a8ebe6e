package io.llmcm.cli;

import io.llmcm.cli.render.Formats;
import io.llmcm.core.InvalidInputException;
import io.llmcm.core.format.Format;
import io.llmcm.core.model.Value;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Reads what the user hands over on the command line: a value given inline, as {@code @file}, or
 * as {@code -} for standard input, in a named format or one inferred from the file name.
 */
public final class Inputs {
    private Inputs() {}

    /** Where an argument's text came from; {@code file} is null unless it was {@code @file}. */
    public record Source(String text, Path file) {}

    /** The text of an argument: inline, {@code @file} or {@code -} (stdin). */
    public static Source source(String arg, Context context) {
        if (arg.equals("-")) {
            try {
                return new Source(new String(context.stdin().readAllBytes(), StandardCharsets.UTF_8), null);
            } catch (IOException e) {
                throw new CliException(CliException.ERROR, "cannot read standard input (" + e.getClass().getSimpleName() + ")");
            }
        }
        if (arg.startsWith("@")) {
            Path file = Path.of(arg.substring(1));
            return new Source(readFile(file), file);
        }
        return new Source(arg, null);
    }

    /** A file as UTF-8 text, with a one-line error naming the file when it cannot be read. */
    public static String readFile(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new CliException(CliException.ERROR, "cannot read " + file + ": no such file");
        } catch (AccessDeniedException e) {
            throw new CliException(6, "cannot read " + file + ": permission denied");
        } catch (CharacterCodingException e) {
            throw new CliException(CliException.ERROR, "cannot read " + file + ": not UTF-8 text");
        } catch (IOException e) {
            throw new CliException(CliException.ERROR, "cannot read " + file + " (" + e.getClass().getSimpleName() + ")");
        }
    }

    /**
     * The format to read a source in: the one named, else the file's (by its extension), else JSON.
     */
    public static Format formatOf(Source source, String formatName) {
        if (formatName != null) {
            return Formats.named(formatName);
        }
        return source.file() == null ? Format.JSON : Formats.ofFile(source.file()).orElse(Format.JSON);
    }

    /**
     * Reads a value argument. TEXT stores the text as is; any other format is parsed. When the
     * format was not named and JSON parsing fails, the error suggests {@code --format text}, the
     * usual fix for a bare word.
     */
    public static Value value(String arg, String formatName, Context context) {
        Source source = source(arg, context);
        Format format = formatOf(source, formatName);
        if (format == Format.TEXT) {
            return Value.text(source.text());
        }
        try {
            return Value.of(format.read(source.text()));
        } catch (InvalidInputException e) {
            if (formatName == null && format == Format.JSON) {
                throw new InvalidInputException("value is " + e.getMessage() + "; pass --format text to store it as text");
            }
            throw e;
        }
    }
}
