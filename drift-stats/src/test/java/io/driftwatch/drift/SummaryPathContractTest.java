package io.driftwatch.drift;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.driftwatch.drift.distance.JensenShannon;
import io.driftwatch.drift.ks.KolmogorovSmirnov;
import io.driftwatch.drift.psi.Bins;
import io.driftwatch.drift.psi.Psi;
import io.driftwatch.drift.psi.Psi.Binning;
import io.driftwatch.drift.sketch.CategoricalSummary;
import io.driftwatch.drift.sketch.NumericSummary;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * The summary (sketch) path of PSI, JS and KS on inputs whose result does not depend on how the
 * summary rounds or compacts: only 0, values far apart, and empty summaries. Any exact-enough numeric
 * summary must pass these.
 */
class SummaryPathContractTest {

    private static final NumericSummary EMPTY = NumericSummary.create();
    private static final NumericSummary ONE = NumericSummary.of(1.0);

    @Test
    void emptySummariesAreRefusedNamingTheSide() {
        assertRefused("first summary is empty", () -> KolmogorovSmirnov.statistic(EMPTY, ONE));
        assertRefused("second summary is empty", () -> KolmogorovSmirnov.statistic(ONE, EMPTY));
        assertRefused("first summary is empty", () -> KolmogorovSmirnov.sketchThreshold(EMPTY, ONE, 0.05));
        assertRefused("second summary is empty", () -> KolmogorovSmirnov.sketchThreshold(ONE, EMPTY, 0.05));
        assertRefused("baseline summary is empty", () -> Bins.quantiles(EMPTY, 4));
        assertRefused("baseline summary is empty", () -> Bins.equalWidth(EMPTY, 4));
        assertRefused("sample summary is empty", () -> Bins.ofEdges(1).proportions(EMPTY));
        assertRefused("number of bins must be >= 1, got 0", () -> Bins.quantiles(ONE, 0));
    }

    @Test
    void farApartSamplesHaveTheLargestD() {
        NumericSummary low = NumericSummary.of(1, 2, 3);
        NumericSummary high = NumericSummary.of(100, 200, 300);
        assertEquals(1.0, KolmogorovSmirnov.statistic(low, high));
        assertEquals(0.0, KolmogorovSmirnov.statistic(low, NumericSummary.of(1, 2, 3)));
    }

    @Test
    void psiAndJsOnEitherBinningMatchTheExactProportions() {
        // baseline 0, 0, 0, 4 and current 1, 1, 1, 1 in 2 bins. Quantile bins: the median edge is 0, so
        // baseline (0.75, 0.25) and current (0, 1). Equal width: the edge lies half way between 0 and 4
        // (whatever the rounding of 4), so baseline (0.75, 0.25) and current (1, 0).
        NumericSummary baseline = NumericSummary.of(0, 0, 0, 4);
        NumericSummary current = NumericSummary.of(1, 1, 1, 1);
        double[] b = {0.75, 0.25};
        assertEquals(
                Psi.fromProportions(b, new double[] {0, 1}),
                Psi.compute(baseline, current, 2, Binning.QUANTILE),
                1e-12);
        assertEquals(
                Psi.fromProportions(b, new double[] {1, 0}),
                Psi.compute(baseline, current, 2, Binning.EQUAL_WIDTH),
                1e-12);
        assertEquals(
                JensenShannon.distance(b, new double[] {0, 1}),
                JensenShannon.compute(baseline, current, 2, Binning.QUANTILE),
                1e-12);
        assertEquals(
                JensenShannon.distance(b, new double[] {1, 0}),
                JensenShannon.compute(baseline, current, 2, Binning.EQUAL_WIDTH),
                1e-12);
        // the default: 10 quantile bins of a baseline of 0s: one bin holding everything vs none of it
        assertEquals(
                Psi.fromProportions(new double[] {1, 0}, new double[] {0, 1}),
                Psi.compute(NumericSummary.of(0, 0, 0, 0), NumericSummary.of(1, 1)),
                1e-12);
        assertEquals(0.0, Psi.compute(baseline, NumericSummary.of(0, 0, 0, 4)), 1e-12);
        // three equal-width bins over 0..10 (edges near 3.3 and 6.7): 0, 5 and 10 fall one in each
        NumericSummary thirds = NumericSummary.of(0, 0, 5, 5, 10, 10);
        double third = 1 / 3.0;
        assertEquals(
                Psi.fromProportions(new double[] {third, third, third}, new double[] {0, 1, 0}),
                Psi.compute(thirds, NumericSummary.of(5, 5, 5, 5), 3, Binning.EQUAL_WIDTH),
                1e-12);
    }

    @Test
    void categoricalSummariesGiveTheDistanceOfTheirCounts() {
        CategoricalSummary baseline = CategoricalSummary.of("a", "a", "a", "b");
        CategoricalSummary current = CategoricalSummary.of("a", "b", "b", "b");
        assertEquals(
                JensenShannon.categorical(Map.of("a", 3L, "b", 1L), Map.of("a", 1L, "b", 3L)),
                JensenShannon.categorical(baseline, current),
                1e-15);
        assertEquals(
                Psi.categorical(Map.of("a", 3L, "b", 1L), Map.of("a", 1L, "b", 3L), 0.0),
                Psi.categorical(baseline, current, 0.0),
                1e-15);
    }

    private static void assertRefused(String message, Executable call) {
        assertEquals(message, assertThrows(IllegalArgumentException.class, call).getMessage());
    }
}
