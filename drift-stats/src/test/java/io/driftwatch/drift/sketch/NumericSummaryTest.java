package io.driftwatch.drift.sketch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * NumericSummary against an independent computation on the rounded values: each value's rounding r(v) is
 * taken from a summary of that value alone and checked against the stated bound, then every query of a
 * summary of many values is compared with the exact query on the array of rounded values.
 */
class NumericSummaryTest {

    private static final double ALPHA = NumericSummary.DEFAULT_RELATIVE_ACCURACY;

    /** r(v): the single rounded value of a summary holding only v. */
    static double rounded(double v) {
        return NumericSummary.of(v).quantile(0.5);
    }

    @Test
    void roundingMovesEachValueUpToTheTopOfItsCellByLessThanTwoAlpha() {
        Random random = new Random(11);
        double bound = 2 * ALPHA / (1 - ALPHA);
        for (int i = 0; i < 20_000; i++) {
            double v = (random.nextBoolean() ? 1 : -1) * Math.exp(random.nextGaussian() * 20);
            if (i % 97 == 0) {
                v = Math.rint(v);
            }
            double r = rounded(v);
            if (v == 0) {
                assertEquals(0.0, r);
                continue;
            }
            assertTrue(r >= v && r - v < bound * Math.abs(v), v + " rounded to " + r);
            assertEquals(r, rounded(r), "rounding is idempotent at " + r);
            assertTrue(rounded(Math.nextUp(r)) > r, "r(" + v + ") = " + r + " is the top of its cell");
            assertEquals(r, rounded(v + (r - v) / 2), "values between v and r(v) share its cell");
        }
        assertEquals(0.0, rounded(0.0));
        assertEquals(0.0, rounded(-0.0));
        assertEquals(0.0, rounded(Double.MIN_NORMAL));
        assertTrue(rounded(Double.MAX_VALUE) > 1e307, "the largest finite value is accepted");
    }

    @Test
    void everyQueryIsExactForTheRoundedValues() {
        Random random = new Random(7);
        int n = 20_000;
        double[] raw = new double[n];
        long[] weights = new long[n];
        NumericSummary s = NumericSummary.create();
        TreeMap<Double, Long> exact = new TreeMap<>();
        long total = 0;
        for (int i = 0; i < n; i++) {
            raw[i] = switch (i % 4) {
                case 0 -> random.nextGaussian();
                case 1 -> Math.exp(1.5 * random.nextGaussian()); // with the normals: < 7 decades, no collapse
                case 2 -> random.nextInt(5) - 2; // integers and zero, many ties
                default -> -Math.exp(random.nextDouble() * 5);
            };
            weights[i] = 1 + random.nextInt(3);
            s.update(raw[i], weights[i]);
            exact.merge(rounded(raw[i]), weights[i], Long::sum);
            total += weights[i];
        }
        double[] values =
                exact.keySet().stream().mapToDouble(Double::doubleValue).toArray();
        long[] w = exact.values().stream().mapToLong(Long::longValue).toArray();
        assertArrayEquals(values, s.retainedValues());
        assertArrayEquals(w, s.retainedWeights());
        assertEquals(total, s.count());
        assertEquals(Arrays.stream(raw).min().orElseThrow(), s.min());
        assertEquals(Arrays.stream(raw).max().orElseThrow(), s.max());
        assertEquals(0.0, s.rankError());
        for (int i = 0; i < 2000; i++) {
            double x = i % 2 == 0 ? raw[random.nextInt(n)] : values[random.nextInt(values.length)];
            long below = exact.headMap(x, true).values().stream()
                    .mapToLong(Long::longValue)
                    .sum();
            assertEquals(below / (double) total, s.cdf(x), "cdf(" + x + ")");
        }
        for (int p = 0; p <= 1000; p++) {
            double rank = p / 1000.0;
            long cumulative = 0;
            double expected = Double.NaN;
            for (var e : exact.entrySet()) {
                cumulative += e.getValue();
                if (cumulative >= rank * total) {
                    expected = e.getKey();
                    break;
                }
            }
            assertEquals(expected, s.quantile(rank), "quantile(" + rank + ")");
        }
    }

    @Test
    void rawValuesCompareWithRoundedValuesAsTheirOwnRoundingDoes() {
        Random random = new Random(5);
        double[] edges =
                NumericSummary.of(random.doubles(5000, -50, 50).toArray()).retainedValues();
        for (int i = 0; i < 20_000; i++) {
            double v = random.nextDouble() * 120 - 60;
            double e = edges[random.nextInt(edges.length)];
            assertEquals(v <= e, rounded(v) <= e, v + " vs edge " + e);
        }
    }

    @Test
    void weightedUpdateIsThatManyUpdates() {
        NumericSummary weighted = NumericSummary.create();
        NumericSummary repeated = NumericSummary.create();
        weighted.update(1.0, 3);
        weighted.update(-10.0, 2);
        for (int i = 0; i < 3; i++) {
            repeated.update(1.0);
        }
        repeated.update(-10.0);
        repeated.update(-10.0);
        assertArrayEquals(repeated.toBytes(), weighted.toBytes());
        assertEquals(5, weighted.count());
        assertEquals(0.4, weighted.cdf(0), 1e-15);
        assertThrows(IllegalArgumentException.class, () -> weighted.update(1.0, 0));
        NumericSummary huge = NumericSummary.create();
        huge.update(2.0, 1L << 40);
        assertEquals(1L << 40, huge.count());
        assertEquals(1L << 40, NumericSummary.fromBytes(huge.toBytes()).retainedWeights()[0]);
    }

    @Test
    void rejectsNanAndInfinityNamingTheValue() {
        NumericSummary s = NumericSummary.create();
        IllegalArgumentException nan = assertThrows(IllegalArgumentException.class, () -> s.update(Double.NaN));
        assertTrue(nan.getMessage().contains("NaN"), nan.getMessage());
        IllegalArgumentException inf =
                assertThrows(IllegalArgumentException.class, () -> s.update(Double.NEGATIVE_INFINITY));
        assertTrue(inf.getMessage().contains("-Infinity"), inf.getMessage());
        assertEquals(0, s.count());
        assertThrows(IllegalStateException.class, s::min);
        IllegalArgumentException alpha = assertThrows(IllegalArgumentException.class, () -> NumericSummary.create(0.2));
        assertTrue(alpha.getMessage().contains("0.2"), alpha.getMessage());
    }

    @Test
    void mergeOfAnotherAccuracyReroundsItsValues() {
        NumericSummary coarse = NumericSummary.create(0.01);
        coarse.update(3.0, 2);
        coarse.update(-1.0);
        NumericSummary fine = NumericSummary.of(5.0);
        fine.merge(coarse);
        assertEquals(4, fine.count());
        assertEquals(-1.0, fine.min());
        assertEquals(5.0, fine.max());
        assertEquals(3, fine.retainedValues().length, "three distinct cells");
    }

    @Test
    void serialisationRoundTripsAndRejectsGarbage() {
        Random random = new Random(3);
        NumericSummary s = NumericSummary.create();
        for (int i = 0; i < 1_000_000; i++) {
            s.update(random.nextGaussian());
        }
        byte[] bytes = s.toBytes();
        // Recorded in BENCHMARKS.md (KLL k = 1000 held 23,524 bytes here).
        System.out.println("NumericSummary alpha=0.001 n=1e6 normal: serialised bytes " + bytes.length + ", bins "
                + s.retainedValues().length);
        assertTrue(bytes.length < 32 * 1024, "serialised size " + bytes.length);
        NumericSummary back = NumericSummary.fromBytes(bytes);
        assertEquals(s, back);
        assertArrayEquals(bytes, back.toBytes());
        assertThrows(IllegalArgumentException.class, () -> NumericSummary.fromBytes(new byte[] {1, 2, 3}));
        byte[] truncated = Arrays.copyOf(bytes, bytes.length - 1);
        assertThrows(IllegalArgumentException.class, () -> NumericSummary.fromBytes(truncated));
        byte[] badTotal = NumericSummary.of(1, 2).toBytes();
        badTotal[11] = 3; // the varint total weight, after version, alpha and the 2-byte maximum bins
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> NumericSummary.fromBytes(badTotal));
        assertTrue(e.getMessage().contains("total weight"), e.getMessage());
    }
}
