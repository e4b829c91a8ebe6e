package io.llmcm.cli.command;

import io.llmcm.core.InvalidInputException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Byte sizes as people write them: {@code 1048576}, {@code 512KiB}, {@code 10 MiB}, {@code 1GiB}. */
final class Sizes {
    private static final Pattern SIZE = Pattern.compile("([0-9]+)\\s*(b|kib|mib|gib|tib)?");
    private static final String[] UNITS = {"KiB", "MiB", "GiB", "TiB"};

    private Sizes() {}

    /** Parses a size; units are powers of 1024, case ignored. */
    static long parse(String text) {
        Matcher m = SIZE.matcher(text.strip().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new InvalidInputException("size '" + text + "' is not a number of bytes, optionally with a unit"
                    + " KiB, MiB, GiB or TiB (powers of 1024), e.g. 10MiB");
        }
        int shift = switch (m.group(2) == null ? "b" : m.group(2)) {
            case "kib" -> 10;
            case "mib" -> 20;
            case "gib" -> 30;
            case "tib" -> 40;
            default -> 0;
        };
        try {
            long n = Long.parseLong(m.group(1));
            return Math.multiplyExact(n, 1L << shift);
        } catch (ArithmeticException | NumberFormatException e) {
            throw new InvalidInputException("size '" + text + "' is too large");
        }
    }

    /** Bytes, with the largest binary unit that divides them exactly ({@code 10 MiB}, {@code 1500 bytes}). */
    static String format(long bytes) {
        for (int i = UNITS.length - 1; i >= 0; i--) {
            long unit = 1L << (10 * (i + 1));
            if (bytes != 0 && bytes % unit == 0) {
                return bytes / unit + " " + UNITS[i];
            }
        }
        return bytes + (bytes == 1 ? " byte" : " bytes");
    }
}
