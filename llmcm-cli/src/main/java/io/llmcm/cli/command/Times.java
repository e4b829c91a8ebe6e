package io.llmcm.cli.command;

import io.llmcm.core.InvalidInputException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Times and durations as they are typed ({@code 30d}, {@code 2026-12-31T00:00:00Z}) and shown. */
final class Times {
    private static final Pattern SHORT = Pattern.compile("(\\d{1,9})(ms|[dhms])");

    private Times() {}

    /** {@code 30d}, {@code 12h}, {@code 45m}, {@code 90s}, {@code 500ms}, or ISO-8601 ({@code PT1H30M}). */
    static Duration duration(String text, String option) {
        Matcher m = SHORT.matcher(text.trim());
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "d" -> Duration.ofDays(n);
                case "h" -> Duration.ofHours(n);
                case "m" -> Duration.ofMinutes(n);
                case "ms" -> Duration.ofMillis(n);
                default -> Duration.ofSeconds(n);
            };
        }
        try {
            return Duration.parse(text.trim());
        } catch (DateTimeParseException e) {
            throw new InvalidInputException(option + " '" + text + "' is not a duration; use e.g. 30d, 12h, 45m, 90s or 500ms");
        }
    }

    /** A point in time: an instant ({@code 2026-12-31T00:00:00Z}), a date (its start, UTC), or a duration from now. */
    static Instant expiry(String text, Instant now) {
        String t = text.trim();
        if (SHORT.matcher(t).matches() || t.startsWith("P")) {
            Duration d = duration(t, "--expires");
            if (d.isNegative() || d.isZero()) {
                throw new InvalidInputException("--expires must be in the future");
            }
            return now.plus(d).truncatedTo(ChronoUnit.MILLIS);
        }
        try {
            return Instant.parse(t);
        } catch (DateTimeParseException e) {
            // try a date
        }
        try {
            return LocalDate.parse(t).atStartOfDay(ZoneOffset.UTC).toInstant();
        } catch (DateTimeParseException e) {
            throw new InvalidInputException("--expires '" + text + "' is neither a time (2026-12-31T00:00:00Z), a date (2026-12-31) nor a duration (30d, 12h)");
        }
    }

    /** {@code 1h}, {@code 30d}, {@code 90s}: the shortest exact form; ISO-8601 otherwise. */
    static String human(Duration d) {
        long s = d.getSeconds();
        if (d.getNano() != 0 || s <= 0) {
            return d.toString();
        }
        if (s % 86_400 == 0) {
            return s / 86_400 + "d";
        }
        if (s % 3_600 == 0) {
            return s / 3_600 + "h";
        }
        if (s % 60 == 0) {
            return s / 60 + "m";
        }
        return s + "s";
    }

    /** An instant to the second, as the tables show times. */
    static String seconds(Instant t) {
        return t == null ? "-" : t.truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
