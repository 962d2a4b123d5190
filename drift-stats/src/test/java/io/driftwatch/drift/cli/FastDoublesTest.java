package io.driftwatch.drift.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The fast byte parser gives Double.parseDouble's bits, and NaN for what is not a finite decimal number. */
class FastDoublesTest {

    private static void same(String text) {
        assertEquals(
                Double.doubleToLongBits(Double.parseDouble(text.strip())),
                Double.doubleToLongBits(FastDoubles.parse(text)),
                text);
    }

    @Test
    void bitForBitAsParseDouble() {
        Random random = new Random(42);
        for (int i = 0; i < 200_000; i++) {
            double v = random.nextGaussian() * Math.pow(10, random.nextInt(40) - 20);
            same(Double.toString(v));
            same(String.format(Locale.ROOT, "%." + random.nextInt(20) + "f", v));
            same(String.format(Locale.ROOT, "%." + random.nextInt(20) + "e", v));
            same(Long.toString(random.nextLong()));
        }
        for (String s : new String[] {
            "0",
            "-0",
            "+1",
            "1.",
            ".5",
            "-.5e-3",
            "1E5",
            "007",
            " 3.25\t",
            "123456789012345678901234567890",
            "0.1234567890123456789012345",
            "9007199254740993",
            "1e22",
            "1e23",
            "4.9e-324",
            "1e-400",
            "1.7976931348623157e308",
            "0.000000000000000000000000000001"
        }) {
            same(s);
        }
    }

    @Test
    void notNumbersAreNaN() {
        for (String s : new String[] {
            "",
            " ",
            "abc",
            "NaN",
            "Infinity",
            "-Infinity",
            "1e",
            "e5",
            ".",
            "+",
            "1.2.3",
            "0x1p3",
            "1d",
            "1f",
            "--1",
            "1e400",
            "1 2",
            "1,5"
        }) {
            assertTrue(Double.isNaN(FastDoubles.parse(s)), s);
        }
    }

    /**
     * Digits beyond 2^53 are not exact: the fast path would round twice (the mantissa, then the division).
     * 9139962084340797 / 10^8 rounded so gives 91399620.84340796; the number is ...97.
     */
    @Test
    void aMantissaAbove2To53GoesToTheFullParser() {
        assertEquals(91399620.84340796, (double) 9139962084340797L / 1e8);
        same("91399620.84340797");
        same("1234567890123456789012e-10");
        same("123456789012345678.9e-5");
        same("0.00000000000000000001234567890123456789e25");
    }
}
