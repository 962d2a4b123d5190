package io.driftwatch.drift.distance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.driftwatch.drift.psi.Psi.Binning;
import io.driftwatch.drift.sketch.CategoricalSummary;
import io.driftwatch.drift.sketch.NumericSummary;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.apache.commons.math3.stat.inference.ChiSquareTest;
import org.junit.jupiter.api.Test;

class DistanceTest {

    @Test
    void jensenShannonHandComputedAndBounded() {
        // P = [.5,.5,0], Q = [.25,.5,.25], M = [.375,.5,.125]
        // KL(P‖M) = .5·log2(.5/.375); KL(Q‖M) = .25·log2(.25/.375) + .25·log2(.25/.125)
        double kp = 0.5 * log2(0.5 / 0.375);
        double kq = 0.25 * log2(0.25 / 0.375) + 0.25 * log2(2);
        double expected = Math.sqrt(0.5 * kp + 0.5 * kq);
        assertEquals(0.3945111687006674, expected, 1e-12); // scipy.spatial.distance.jensenshannon(P, Q, base=2)
        double[] p = {0.5, 0.5, 0};
        double[] q = {0.25, 0.5, 0.25};
        assertEquals(expected, JensenShannon.distance(p, q), 1e-12);
        assertEquals(JensenShannon.distance(q, p), JensenShannon.distance(p, q), 1e-15);
        assertEquals(1.0, JensenShannon.distance(new double[] {1, 0}, new double[] {0, 1}), 1e-12);
        assertEquals(0.0, JensenShannon.distance(p, p.clone()), 0.0);
    }

    @Test
    void jensenShannonOnSamplesIsSymmetricUnderSwapOfProportionsAndZeroForIdentical() {
        double[] x = new Random(2).doubles(2000).toArray();
        assertEquals(0.0, JensenShannon.compute(x, x.clone(), 10, Binning.QUANTILE), 0.0);
        NumericSummary s = NumericSummary.of(x);
        assertEquals(0.0, JensenShannon.compute(s, s, 10, Binning.QUANTILE), 0.0);
        Map<String, Long> a = Map.of("a", 5L, "b", 1L);
        Map<String, Long> b = Map.of("b", 3L, "c", 2L);
        assertEquals(JensenShannon.categorical(a, b), JensenShannon.categorical(b, a), 1e-15);
        // a: [a 5/6, b 1/6, c 0], b: [0, 3/5, 2/5]
        assertEquals(
                JensenShannon.distance(new double[] {5 / 6.0, 1 / 6.0, 0}, new double[] {0, 0.6, 0.4}),
                JensenShannon.categorical(a, b),
                1e-12);
    }

    @Test
    void wassersteinHandComputed() {
        // scipy.stats.wasserstein_distance([0,1,3],[5,6,8,8.5]) = 5.541666… = 6.875 − 4/3 (means) as the samples don't
        // overlap
        assertEquals(6.875 - 4.0 / 3, Wasserstein.distance(new double[] {0, 1, 3}, new double[] {5, 6, 8, 8.5}), 1e-12);
        assertEquals(0.0, Wasserstein.distance(new double[] {1, 2, 2}, new double[] {2, 1, 2}), 0.0);
        assertEquals(0.0, Wasserstein.distance(new double[] {4}, new double[] {4, 4}), 0.0);
    }

    @Test
    void wassersteinMatchesSortedPairingAndRiemannSum() {
        Random random = new Random(4);
        for (int trial = 0; trial < 20; trial++) {
            double[] x = random.doubles(50).map(v -> Math.round(v * 20) / 4.0).toArray();
            double[] y = random.doubles(50).map(v -> Math.round(v * 24) / 4.0).toArray();
            double[] sx = x.clone();
            double[] sy = y.clone();
            Arrays.sort(sx);
            Arrays.sort(sy);
            double paired = 0;
            for (int i = 0; i < sx.length; i++) {
                paired += Math.abs(sx[i] - sy[i]) / sx.length;
            }
            assertEquals(paired, Wasserstein.distance(x, y), 1e-9, "equal sizes: mean |x(i) − y(i)|");
        }
        // unequal sizes: midpoint Riemann sum of |F1 − F2| on a fine grid
        double[] x = random.doubles(37).map(v -> v * 3).toArray();
        double[] y = random.doubles(61).map(v -> v * 2 + 0.5).toArray();
        double h = 1e-4;
        double riemann = 0;
        for (double t = -0.1 + h / 2; t < 3.1; t += h) {
            riemann += Math.abs(fraction(x, t) - fraction(y, t)) * h;
        }
        assertEquals(riemann, Wasserstein.distance(x, y), 1e-3);
    }

    @Test
    void sketchWassersteinCloseToExact() {
        Random random = new Random(6);
        double[] x = new double[100_000];
        double[] y = new double[100_000];
        for (int i = 0; i < x.length; i++) {
            x[i] = random.nextGaussian();
            y[i] = random.nextGaussian() * 1.2 + 0.3;
        }
        double exact = Wasserstein.distance(x, y);
        NumericSummary a = NumericSummary.of(x);
        NumericSummary b = NumericSummary.of(y);
        double sketch = Wasserstein.distance(a, b);
        // The guarantee Wasserstein's Javadoc states: rounding moves each value by less than 2α/(1−α) of
        // its magnitude, so W1 moves by less than that times the larger mean absolute value.
        double alpha = NumericSummary.DEFAULT_RELATIVE_ACCURACY;
        double meanAbs = Math.max(
                Arrays.stream(x).map(Math::abs).average().orElseThrow(),
                Arrays.stream(y).map(Math::abs).average().orElseThrow());
        assertEquals(exact, sketch, 2 * alpha / (1 - alpha) * meanAbs, "exact " + exact + " sketch " + sketch);
    }

    @Test
    void chiSquareMatchesCommonsMathContingencyTest() {
        Map<String, Long> baseline = new LinkedHashMap<>();
        baseline.put("red", 30L);
        baseline.put("green", 50L);
        baseline.put("blue", 20L);
        Map<String, Long> current = Map.of("red", 25L, "green", 40L, "blue", 45L);
        ChiSquareResult r = ChiSquare.test(baseline, current);
        // categories are sorted: blue, green, red
        long[][] table = {{20, 50, 30}, {45, 40, 25}};
        ChiSquareTest commons = new ChiSquareTest();
        assertEquals(commons.chiSquare(table), r.statistic(), 1e-9);
        assertEquals(commons.chiSquareTest(table), r.pValue(), 1e-12);
        assertEquals(2, r.degreesOfFreedom());
        // scipy.stats.chi2_contingency(..., correction=False): statistic 10.729179910998093, p 0.00467937860068816
        assertEquals(10.729179910998093, r.statistic(), 1e-9);
        assertEquals(0.00467937860068816, r.pValue(), 1e-12);
    }

    @Test
    void chiSquareWithNewCategoryAndSummaries() {
        CategoricalSummary a = CategoricalSummary.create();
        a.update("x", 40);
        a.update("y", 60);
        CategoricalSummary b = CategoricalSummary.create();
        b.update("x", 40);
        b.update("y", 50);
        b.update("z", 10);
        ChiSquareResult r = ChiSquare.test(a, b, 0.0);
        long[][] table = {{40, 60, 0}, {40, 50, 10}};
        assertEquals(new ChiSquareTest().chiSquare(table), r.statistic(), 1e-9);
        assertEquals(2, r.degreesOfFreedom());
        ChiSquareResult single = ChiSquare.test(Map.of("only", 3L), Map.of("only", 9L));
        assertEquals(0.0, single.statistic());
        assertEquals(1.0, single.pValue());
        assertThrows(IllegalArgumentException.class, () -> ChiSquare.test(Map.of(), Map.of("a", 1L)));
    }

    private static double fraction(double[] values, double t) {
        int c = 0;
        for (double v : values) {
            if (v <= t) {
                c++;
            }
        }
        return c / (double) values.length;
    }

    private static double log2(double v) {
        return Math.log(v) / Math.log(2);
    }
}
