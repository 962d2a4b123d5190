package io.driftwatch.drift.ks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.driftwatch.drift.ks.KsResult.PValueMethod;
import io.driftwatch.drift.sketch.NumericSummary;
import java.util.Random;
import org.junit.jupiter.api.Test;

class KolmogorovSmirnovTest {

    /** D by definition: max over every sample value of |#{x ≤ v}/n − #{y ≤ v}/m|, O((n+m)²). */
    static double bruteForceD(double[] x, double[] y) {
        double d = 0;
        for (double[] sample : new double[][] {x, y}) {
            for (double v : sample) {
                d = Math.max(
                        d, Math.abs(countAtMost(x, v) / (double) x.length - countAtMost(y, v) / (double) y.length));
            }
        }
        return d;
    }

    private static int countAtMost(double[] values, double v) {
        int c = 0;
        for (double x : values) {
            if (x <= v) {
                c++;
            }
        }
        return c;
    }

    @Test
    void exactPValueMatchesScipyExactMethod() {
        // scipy.stats.ks_2samp(x, y, method="exact") → statistic 0.5, pvalue 0.3327505827505828
        KsResult r = KolmogorovSmirnov.test(
                new double[] {0.1, 0.5, 0.9, 1.3, 2.2, 2.8, 3.1}, new double[] {1.0, 1.7, 2.5, 3.3, 4.1, 4.4});
        assertEquals(0.5, r.statistic(), 1e-15);
        assertEquals(0.3327505827505828, r.pValue(), 1e-12);
        assertEquals(PValueMethod.EXACT, r.method());
        assertEquals(7, r.n());
        assertEquals(6, r.m());
    }

    @Test
    void tiesKeepTheDataStatisticUnlikeCommonsMathJitter() {
        // scipy.stats.ks_2samp(x, y, method="exact") → statistic 2/7, pvalue 0.9627039627039629
        double[] x = {1, 1, 2, 2, 3, 3, 4};
        double[] y = {2, 2, 3, 3, 4, 5, 5};
        KsResult r = KolmogorovSmirnov.test(x, y);
        assertEquals(2.0 / 7, r.statistic(), 1e-15);
        assertEquals(bruteForceD(x, y), r.statistic(), 1e-15);
        assertEquals(0.9627039627039629, r.pValue(), 1e-12);
    }

    @Test
    void statisticMatchesBruteForceAndCommonsMathWithManyTies() {
        Random random = new Random(11);
        org.apache.commons.math3.stat.inference.KolmogorovSmirnovTest commons =
                new org.apache.commons.math3.stat.inference.KolmogorovSmirnovTest();
        for (int trial = 0; trial < 200; trial++) {
            double[] x =
                    random.ints(2 + random.nextInt(40), 0, 6).asDoubleStream().toArray();
            double[] y =
                    random.ints(2 + random.nextInt(40), 1, 8).asDoubleStream().toArray();
            double d = KolmogorovSmirnov.statistic(x, y);
            assertEquals(bruteForceD(x, y), d, 1e-12, "trial " + trial);
            assertEquals(commons.kolmogorovSmirnovStatistic(x, y), d, 1e-12, "trial " + trial);
        }
    }

    @Test
    void largeSamplesUseAsymptoticPValueLikeCommonsMath() {
        Random random = new Random(5);
        double[] x = random.doubles(300).map(v -> v * 1.1).toArray();
        double[] y = random.doubles(200).toArray();
        KsResult r = KolmogorovSmirnov.test(x, y);
        org.apache.commons.math3.stat.inference.KolmogorovSmirnovTest commons =
                new org.apache.commons.math3.stat.inference.KolmogorovSmirnovTest();
        assertEquals(PValueMethod.ASYMPTOTIC, r.method());
        assertEquals(commons.kolmogorovSmirnovStatistic(x, y), r.statistic(), 1e-12);
        // n·m ≥ 10,000 and continuous data: commons-math neither jitters nor uses exactP here
        assertEquals(commons.kolmogorovSmirnovTest(x, y), r.pValue(), 1e-12);
        assertEquals(
                commons.approximateP(r.statistic(), 300, 200),
                KolmogorovSmirnov.asymptoticP(r.statistic(), 300, 200),
                1e-12);
    }

    @Test
    void identicalSamplesHaveZeroStatisticAndPValueOne() {
        double[] x = {3, 1, 2};
        KsResult r = KolmogorovSmirnov.test(x, x.clone());
        assertEquals(0.0, r.statistic());
        assertEquals(1.0, r.pValue(), 1e-12);
    }

    @Test
    void rejectsEmptyAndNonFinite() {
        assertThrows(IllegalArgumentException.class, () -> KolmogorovSmirnov.test(new double[0], new double[] {1}));
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> KolmogorovSmirnov.test(new double[] {1}, new double[] {2, Double.POSITIVE_INFINITY}));
        assertTrue(e.getMessage().contains("index 1"), e.getMessage());
    }

    @Test
    void sketchStatisticIsExactForSmallSamples() {
        double[] x = {1, 1, 2, 2, 3, 3, 4};
        double[] y = {2, 2, 3, 3, 4, 5, 5};
        KsResult r = KolmogorovSmirnov.test(NumericSummary.of(x), NumericSummary.of(y));
        assertEquals(2.0 / 7, r.statistic(), 1e-12);
        assertEquals(KolmogorovSmirnov.asymptoticP(2.0 / 7, 7, 7), r.pValue(), 0.0);
    }

    @Test
    void dataSketchesTestAccountsForSketchError() {
        Random random = new Random(8);
        NumericSummary a = NumericSummary.create();
        NumericSummary b = NumericSummary.create();
        NumericSummary shifted = NumericSummary.create();
        for (int i = 0; i < 100_000; i++) {
            a.update(random.nextGaussian());
            b.update(random.nextGaussian());
            shifted.update(random.nextGaussian() + 0.5);
        }
        assertTrue(KolmogorovSmirnov.statistic(a, b) < KolmogorovSmirnov.sketchThreshold(a, b, 0.05));
        assertTrue(KolmogorovSmirnov.statistic(a, shifted) > KolmogorovSmirnov.sketchThreshold(a, shifted, 0.05));
        // the sketch-aware threshold is wider than the plain asymptotic critical value 1.358·√((n+m)/(n·m))
        assertTrue(KolmogorovSmirnov.sketchThreshold(a, b, 0.05) > 1.358 * Math.sqrt(2.0 / 100_000));
    }
}
