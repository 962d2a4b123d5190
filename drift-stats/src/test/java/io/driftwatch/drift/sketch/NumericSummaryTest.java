package io.driftwatch.drift.sketch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class NumericSummaryTest {

    @Test
    void rankErrorOfQuantilesOnNormalDataIsWithinDocumentedBound() {
        int n = 100_000;
        Random random = new Random(42);
        double[] values = new double[n];
        NumericSummary summary = NumericSummary.create();
        for (int i = 0; i < n; i++) {
            values[i] = random.nextGaussian();
            summary.update(values[i]);
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        assertEquals(NumericSummary.DEFAULT_K_RANK_ERROR, summary.rankError(), 1e-12);
        // Each query is within ε with probability 0.99: over 99 queries allow at most a few misses,
        // and none beyond twice the bound.
        int misses = 0;
        double worst = 0;
        for (int p = 1; p <= 99; p++) {
            double rank = p / 100.0;
            double q = summary.quantile(rank);
            double exactRank = upperCount(sorted, q) / (double) n;
            double error = Math.abs(exactRank - rank);
            worst = Math.max(worst, error);
            if (error > summary.rankError()) {
                misses++;
            }
        }
        assertTrue(misses <= 3, "misses " + misses + ", worst " + worst);
        assertTrue(worst <= 2 * summary.rankError(), "worst rank error " + worst);
        assertEquals(sorted[0], summary.min());
        assertEquals(sorted[n - 1], summary.max());
        assertEquals(n, summary.count());
    }

    @Test
    void cdfMatchesExactRankWithinBound() {
        Random random = new Random(7);
        double[] values = random.doubles(50_000).map(x -> Math.exp(3 * x)).toArray();
        NumericSummary s = NumericSummary.create();
        for (double v : values) {
            s.update(v);
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        for (double x : new double[] {1.5, 2, 5, 10, 19}) {
            double exact = upperCount(sorted, x) / (double) values.length;
            assertEquals(exact, s.cdf(x), s.rankError(), "cdf(" + x + ")");
        }
    }

    @Test
    void smallSummaryIsExact() {
        NumericSummary s = NumericSummary.of(3, 1, 2, 2, 5);
        assertEquals(0.2, s.cdf(1), 1e-12);
        assertEquals(0.6, s.cdf(2), 1e-12);
        assertEquals(0.6, s.cdf(2.5), 1e-12);
        assertEquals(0.0, s.cdf(0.5), 1e-12);
        assertEquals(2.0, s.quantile(0.5));
        assertEquals(5.0, s.quantile(1.0));
        assertTrue(Arrays.equals(new double[] {1, 2, 3, 5}, s.retainedValues()));
    }

    @Test
    void weightedUpdateCountsWeight() {
        NumericSummary s = NumericSummary.create();
        s.update(1.0, 3);
        s.update(10.0, 1);
        assertEquals(4, s.count());
        assertEquals(0.75, s.cdf(1.0), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> s.update(1.0, 0));
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
    }

    @Test
    void mergeEqualsSingleStreamWhenExact() {
        NumericSummary a = NumericSummary.of(1, 2, 3);
        NumericSummary b = NumericSummary.of(4, 5);
        a.merge(b);
        assertEquals(5, a.count());
        assertEquals(0.6, a.cdf(3), 1e-12);
        assertEquals(5.0, a.max());
    }

    @Test
    void serialisationRoundTripsAndIsSmallAtOneMillion() {
        Random random = new Random(3);
        NumericSummary s = NumericSummary.create();
        for (int i = 0; i < 1_000_000; i++) {
            s.update(random.nextGaussian());
        }
        byte[] bytes = s.toBytes();
        assertTrue(bytes.length < 32 * 1024, "serialised size " + bytes.length);
        System.out.println("NumericSummary k=200 n=1e6 serialised bytes: " + bytes.length);
        NumericSummary back = NumericSummary.fromBytes(bytes);
        assertEquals(s.count(), back.count());
        for (double r = 0.05; r < 1; r += 0.1) {
            assertEquals(s.quantile(r), back.quantile(r));
        }
        assertThrows(IllegalArgumentException.class, () -> NumericSummary.fromBytes(new byte[] {1, 2, 3}));
    }

    /** Number of values ≤ x. */
    static int upperCount(double[] sorted, double x) {
        int lo = 0;
        int hi = sorted.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] <= x) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
