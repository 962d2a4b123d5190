package io.driftwatch.jobs.config;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses and formats the byte sizes of the configuration file.
 *
 * <p>Accepted forms: a plain number of bytes ({@code 4096}), or a number followed by a unit, with
 * optional whitespace between and case ignored: {@code B}; decimal {@code KB} = 1000, {@code MB} =
 * 1000², {@code GB} = 1000³; binary {@code KiB} = 1024, {@code MiB} = 1024², {@code GiB} = 1024³.
 * A fraction is accepted when the result is a whole number of bytes ({@code 1.5KiB} = 1536).
 */
public final class ByteSizes {

    /** The hint appended to every parse error, so that users see the accepted forms. */
    public static final String HINT = "use e.g. 512B, 64KiB, 4MiB, 5MB or a plain number of bytes";

    private static final Pattern SIZE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([A-Za-z]*)");
    private static final long KIB = 1024L;
    private static final long MIB = KIB * KIB;
    private static final long GIB = MIB * KIB;
    private static final Map<String, Long> UNITS = Map.of(
            "", 1L, "b", 1L, "kb", 1_000L, "mb", 1_000_000L, "gb", 1_000_000_000L, "kib", KIB, "mib", MIB, "gib", GIB);
    // Binary units first: buffer sizes are usually powers of two.
    private static final long[] FORMAT_SIZES = {GIB, MIB, KIB, 1_000_000_000L, 1_000_000L, 1_000L};
    private static final String[] FORMAT_UNITS = {"GiB", "MiB", "KiB", "GB", "MB", "KB"};

    private ByteSizes() {}

    /**
     * Parses {@code text} (surrounding whitespace ignored) to a number of bytes.
     *
     * @throws IllegalArgumentException with a message quoting {@code text} and the accepted forms
     */
    public static long parse(String text) {
        Matcher m = SIZE.matcher(text.strip());
        Long unit = m.matches() ? UNITS.get(m.group(2).toLowerCase(Locale.ROOT)) : null;
        if (unit == null) {
            throw new IllegalArgumentException('"' + text + "\" is not a size (" + HINT + ")");
        }
        BigDecimal bytes = new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(unit));
        try {
            return bytes.longValueExact();
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException(
                    '"' + text + "\" is not a whole number of bytes below 2^63 (" + HINT + ")");
        }
    }

    /**
     * Formats {@code bytes} exactly, in the largest binary unit that divides it, else the largest
     * decimal unit, else in bytes: {@code 4MiB}, {@code 5MB}, {@code 1023B}. {@link #parse} reads it back
     * for every {@code bytes >= 0}.
     */
    public static String format(long bytes) {
        for (int i = 0; bytes != 0 && i < FORMAT_SIZES.length; i++) {
            if (bytes % FORMAT_SIZES[i] == 0) {
                return bytes / FORMAT_SIZES[i] + FORMAT_UNITS[i];
            }
        }
        return bytes + "B";
    }
}
