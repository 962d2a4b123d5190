package io.driftwatch.drift.config;

import java.util.List;
import java.util.regex.Pattern;

/** The text of a configuration number or integer, parsed with the messages both the job and compare report. */
public final class ConfigValues {

    // Plain decimal notation only: Double.parseDouble would also take "1d", "0x1p3" and "Infinity".
    private static final Pattern DECIMAL = Pattern.compile("[-+]?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?");

    private ConfigValues() {}

    /** A finite decimal number; else IllegalArgumentException {@code "x" is not a number}. */
    public static double parseNumber(String s) {
        if (!DECIMAL.matcher(s.strip()).matches()) {
            throw new IllegalArgumentException(quote(s) + " is not a number");
        }
        double d = Double.parseDouble(s.strip());
        if (!Double.isFinite(d)) {
            throw new IllegalArgumentException(quote(s) + " is not a finite number");
        }
        return d;
    }

    /** A 32-bit integer; else IllegalArgumentException {@code "x" is not an integer}. */
    public static int parseInteger(String s) {
        try {
            return Integer.parseInt(s.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(quote(s) + " is not an integer");
        }
    }

    /** One of {@code allowed} ignoring case, returned as listed; else {@code must be one of a, b (got "x")}. */
    public static String parseOneOf(String s, List<String> allowed) {
        for (String a : allowed) {
            if (a.equalsIgnoreCase(s.strip())) {
                return a;
            }
        }
        throw new IllegalArgumentException("must be one of " + String.join(", ", allowed) + " (got \"" + s + "\")");
    }

    static String quote(String s) {
        return '"' + s + '"';
    }
}
