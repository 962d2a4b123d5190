package io.driftwatch.drift.cli;

import com.fasterxml.jackson.core.io.NumberInput;
import java.nio.charset.StandardCharsets;

/**
 * Parses finite decimal numbers ({@code [+-](digits[.digits]|.digits)[(e|E)[+-]digits]}, blanks around
 * ignored) straight from bytes, correctly rounded: when the digits fit in 2^53 and the power of ten is
 * at most 10^22, both are exact doubles and one multiplication or division rounds correctly (Clinger's fast
 * path); any other number (such as the 17 significant digits of most printed doubles) goes to Jackson's
 * FastDoubleParser (Eisel–Lemire, also correctly rounded, several times faster than {@link
 * Double#parseDouble}). Anything else is NaN.
 */
final class FastDoubles {

    private static final double[] POWERS = new double[23];

    static {
        double p = 1;
        for (int i = 0; i < POWERS.length; i++) {
            POWERS[i] = p;
            p *= 10;
        }
    }

    private FastDoubles() {}

    static double parse(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        return parse(b, 0, b.length);
    }

    /** The number in {@code b[start, end)}, or NaN when it is not a finite decimal number. */
    static double parse(byte[] b, int start, int end) {
        int s = start;
        int e = end;
        while (s < e && (b[s] == ' ' || b[s] == '\t')) {
            s++;
        }
        while (e > s && (b[e - 1] == ' ' || b[e - 1] == '\t')) {
            e--;
        }
        int i = s;
        boolean negative = false;
        if (i < e && (b[i] == '+' || b[i] == '-')) {
            negative = b[i] == '-';
            i++;
        }
        // Digits beyond the 18th are not taken (the long would overflow): the mantissa is then at least
        // 10^17 > 2^53, so such a number always goes to the full parser, which reads the text again.
        long mantissa = 0;
        int digits = 0; // significant digits taken into the mantissa
        int scale = 0; // fraction digits taken (scale down)
        int intDigits = 0;
        while (i < e && b[i] >= '0' && b[i] <= '9') {
            if (digits < 18) {
                mantissa = mantissa * 10 + (b[i] - '0');
                if (mantissa != 0) {
                    digits++;
                }
            }
            intDigits++;
            i++;
        }
        int fracDigits = 0;
        if (i < e && b[i] == '.') {
            i++;
            while (i < e && b[i] >= '0' && b[i] <= '9') {
                if (digits < 18) {
                    mantissa = mantissa * 10 + (b[i] - '0');
                    if (mantissa != 0) {
                        digits++;
                    }
                    scale++;
                }
                fracDigits++;
                i++;
            }
        }
        if (intDigits + fracDigits == 0) {
            return Double.NaN;
        }
        int exponent = 0;
        if (i < e && (b[i] == 'e' || b[i] == 'E')) {
            i++;
            boolean negativeExponent = false;
            if (i < e && (b[i] == '+' || b[i] == '-')) {
                negativeExponent = b[i] == '-';
                i++;
            }
            int expDigits = 0;
            while (i < e && b[i] >= '0' && b[i] <= '9') {
                if (exponent < 100_000) {
                    exponent = exponent * 10 + (b[i] - '0');
                }
                expDigits++;
                i++;
            }
            if (expDigits == 0) {
                return Double.NaN;
            }
            if (negativeExponent) {
                exponent = -exponent;
            }
        }
        if (i != e) {
            return Double.NaN;
        }
        int power = exponent - scale;
        if (mantissa < (1L << 53) && power >= -22 && power <= 22) {
            double v = power >= 0 ? mantissa * POWERS[power] : mantissa / POWERS[-power];
            return negative ? -v : v;
        }
        char[] chars = new char[e - s];
        for (int k = 0; k < chars.length; k++) {
            chars[k] = (char) b[k + s];
        }
        double v = NumberInput.parseDouble(chars, 0, chars.length, true);
        return Double.isFinite(v) ? v : Double.NaN;
    }
}
