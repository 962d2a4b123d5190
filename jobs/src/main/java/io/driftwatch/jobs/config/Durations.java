package io.driftwatch.jobs.config;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses and formats the durations of the configuration file.
 *
 * <p>Accepted forms:
 * <ul>
 *   <li>one or more {@code <digits><unit>} terms, summed, with units {@code ms}, {@code s}, {@code m}
 *       (minutes), {@code h}, {@code d} (24 hours) and {@code w} (7 days): {@code 500ms}, {@code 90s},
 *       {@code 15m}, {@code 24h}, {@code 30d}, {@code 1w}, {@code 1h30m};</li>
 *   <li>a bare {@code 0}, meaning zero;</li>
 *   <li>ISO-8601 as read by {@link Duration#parse}: {@code PT24H}, {@code P30D}, {@code PT0.5S}.</li>
 * </ul>
 * Negative durations are rejected: no setting of Driftwatch has a meaning for them.
 */
public final class Durations {

    /** The hint appended to every parse error, so that users see the accepted forms. */
    public static final String HINT = "use e.g. 90s, 15m, 24h, 30d or ISO-8601 PT24H";

    private static final Pattern TERM = Pattern.compile("(\\d+)(ms|s|m|h|d|w)");
    private static final Pattern TERMS = Pattern.compile("(?:\\d+(?:ms|s|m|h|d|w))+");

    private static final long MS_PER_SECOND = 1_000L;
    private static final long MS_PER_MINUTE = 60 * MS_PER_SECOND;
    private static final long MS_PER_HOUR = 60 * MS_PER_MINUTE;
    private static final long MS_PER_DAY = 24 * MS_PER_HOUR;

    private Durations() {}

    /**
     * Parses {@code text} (surrounding whitespace ignored).
     *
     * @throws IllegalArgumentException with a message quoting {@code text} and the accepted forms
     */
    public static Duration parse(String text) {
        String s = text.strip();
        Duration d;
        try {
            if (s.equals("0")) {
                d = Duration.ZERO;
            } else if (s.startsWith("P") || s.startsWith("p") || s.startsWith("-P") || s.startsWith("-p")) {
                d = Duration.parse(s);
            } else if (TERMS.matcher(s).matches()) {
                d = sumOfTerms(s);
            } else {
                throw notADuration(text);
            }
        } catch (DateTimeParseException | ArithmeticException e) {
            throw notADuration(text);
        }
        if (d.isNegative()) {
            throw new IllegalArgumentException(quote(text) + " is negative: durations must be >= 0");
        }
        return d;
    }

    /**
     * Formats {@code d} exactly, in a form this class parses back to the same value: a single term in
     * the largest of d, h, m, s, ms that divides it ({@code 30d}, {@code 90m}, {@code 0s}), except that
     * one day is written {@code 24h} as people do; ISO-8601 when it has sub-millisecond precision or is
     * negative.
     */
    public static String format(Duration d) {
        if (d.isNegative() || d.getNano() % 1_000_000 != 0) {
            return d.toString();
        }
        long ms;
        try {
            ms = d.toMillis();
        } catch (ArithmeticException e) {
            return d.toString();
        }
        if (ms == 0) {
            return "0s";
        }
        if (ms % MS_PER_DAY == 0 && ms != MS_PER_DAY) {
            return ms / MS_PER_DAY + "d";
        } else if (ms % MS_PER_HOUR == 0) {
            return ms / MS_PER_HOUR + "h";
        } else if (ms % MS_PER_MINUTE == 0) {
            return ms / MS_PER_MINUTE + "m";
        } else if (ms % MS_PER_SECOND == 0) {
            return ms / MS_PER_SECOND + "s";
        }
        return ms + "ms";
    }

    private static Duration sumOfTerms(String s) {
        Duration total = Duration.ZERO;
        Matcher m = TERM.matcher(s);
        while (m.find()) {
            long n;
            try {
                n = Long.parseLong(m.group(1));
            } catch (NumberFormatException e) {
                throw new ArithmeticException("too large");
            }
            total = total.plus(term(n, m.group(2)));
        }
        return total;
    }

    private static Duration term(long n, String unit) {
        return switch (unit) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            case "d" -> Duration.ofDays(n);
            case "w" -> Duration.ofDays(Math.multiplyExact(n, 7L));
            default -> throw new IllegalStateException("unit " + unit);
        };
    }

    private static IllegalArgumentException notADuration(String text) {
        return new IllegalArgumentException(quote(text) + " is not a duration (" + HINT + ")");
    }

    private static String quote(String text) {
        return '"' + text + '"';
    }
}
