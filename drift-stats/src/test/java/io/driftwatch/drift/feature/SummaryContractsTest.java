package io.driftwatch.drift.feature;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.driftwatch.drift.ks.KolmogorovSmirnov;
import io.driftwatch.drift.sketch.NumericSummary;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The summary path's contracts that the exact-value tests do not reach: wrong-kind calls, empty
 * summaries, which window is empty, the grid Wasserstein trapezoid on four cells, rank errors in the KS
 * threshold.
 */
class SummaryContractsTest {

    private static final DriftPolicy POLICY = DriftPolicy.defaults();

    private static NumericSummary weighted(long... weights) {
        NumericSummary s = NumericSummary.create();
        for (int i = 0; i < weights.length; i++) {
            s.update(i + 1, weights[i]);
        }
        return s;
    }

    @Test
    void gridWassersteinIsTheTrapezoidOverTheInnerEdges() {
        NumericSummary b = weighted(1, 2, 3, 4);
        FeatureSummary baseline = FeatureSummary.numeric(NumericSummary.DEFAULT_RELATIVE_ACCURACY);
        baseline.merge(summaryOf(b));
        QuantileGrid grid = QuantileGrid.of(b, 2);
        double[] e = grid.edges();
        assertEquals(4, e.length, "the four rounded values are the grid's edges");
        FeatureSummary current = summaryOf(weighted(4, 3, 2, 1)).toGrid(grid);
        // CDFs at the edges: baseline .1 .3 .6 1, current .4 .7 .9 1
        double expected = (e[1] - e[0]) * (0.3 + 0.4) / 2 + (e[2] - e[1]) * (0.4 + 0.3) / 2 + (e[3] - e[2]) * 0.3 / 2;
        List<MethodScore> scores = FeatureComparison.compareOnGrid(baseline, grid, current, POLICY);
        assertEquals(Method.WASSERSTEIN, scores.get(3).method());
        assertEquals(expected, scores.get(3).score(), 1e-12);
        assertEquals(0.4, scores.get(1).score(), 1e-15);
    }

    private static FeatureSummary summaryOf(NumericSummary s) {
        FeatureSummary f = FeatureSummary.numeric(NumericSummary.DEFAULT_RELATIVE_ACCURACY);
        double[] values = s.retainedValues();
        long[] weights = s.retainedWeights();
        for (int i = 0; i < values.length; i++) {
            f.add(Math.rint(values[i]), weights[i]);
        }
        return f;
    }

    @Test
    void theMessageNamesTheEmptyWindow() {
        FeatureSummary full = summaryOf(weighted(1, 1));
        FeatureSummary empty = FeatureSummary.numeric(NumericSummary.DEFAULT_RELATIVE_ACCURACY);
        assertMessage("cannot compare an empty baseline", () -> FeatureComparison.compare(empty, full, POLICY));
        assertMessage("cannot compare an empty current window", () -> FeatureComparison.compare(full, empty, POLICY));
        QuantileGrid grid = QuantileGrid.of(full.numeric(), 2);
        FeatureSummary emptyCells = FeatureSummary.onGrid(grid);
        assertMessage(
                "cannot compare an empty current window",
                () -> FeatureComparison.compareOnGrid(full, grid, emptyCells, POLICY));
        assertMessage(
                "cannot compare an empty baseline",
                () -> FeatureComparison.compareOnGrid(empty, grid, full.toGrid(grid), POLICY));
    }

    @Test
    void wrongKindCallsAreRefusedAndEmptySummariesHaveNoValues() {
        FeatureSummary numeric = summaryOf(weighted(2));
        assertFalse(numeric.isOnGrid());
        assertMessage("a numeric summary holds no categorical values", () -> numeric.add("x", 1));
        assertMessage(
                "a numeric summary holds no bucketed values", () -> numeric.add(new double[] {1}, new long[] {1, 1}));
        assertMessage("a numeric summary holds no categorical values", numeric::categorical);
        assertMessage("a numeric summary holds no bucketed values", numeric::buckets);
        assertTrue(numeric.toString().contains("NUMERIC, observations=1, weight=2"), numeric.toString());

        NumericSummary empty = NumericSummary.create();
        assertThrows(IllegalStateException.class, empty::max);
        assertThrows(IllegalStateException.class, empty::retainedValues);
        assertThrows(IllegalStateException.class, empty::retainedWeights);
        assertNotEquals(NumericSummary.of(1.0), NumericSummary.of(2.0));
        // hash maps of summaries stay spread: different summaries, different hashes (here)
        assertNotEquals(
                NumericSummary.of(1.0).hashCode(), NumericSummary.of(2.0).hashCode());
        assertEquals(
                NumericSummary.of(1.0, 2.0).hashCode(),
                NumericSummary.of(2.0, 1.0).hashCode());
        assertNotEquals(NumericSummary.of(1.0), "1.0");
        assertEquals(
                "NumericSummary{alpha=0.001, n=3, zero=1}",
                NumericSummary.of(0.0, 1.0, 2.0).toString());
    }

    @Test
    void gridsDifferInEdgesAndRefuseTrailingBytes() {
        QuantileGrid two = QuantileGrid.of(weighted(1, 2, 3, 4), 2);
        QuantileGrid other = QuantileGrid.of(weighted(4, 3, 2, 1, 1), 2);
        assertNotEquals(two, other);
        assertNotEquals(two, QuantileGrid.of(weighted(1, 2, 3, 4), 4));
        assertEquals(QuantileGrid.fromBytes(two.toBytes()).hashCode(), two.hashCode());
        assertNotEquals(two.hashCode(), other.hashCode());
        assertNotEquals(two.hashCode(), QuantileGrid.of(weighted(1, 2, 3, 4), 4).hashCode());
        assertEquals("QuantileGrid{bins=2, G=512, cells=5}", two.toString());
        byte[] longer = Arrays.copyOf(two.toBytes(), two.toBytes().length + 1);
        assertThrows(IllegalArgumentException.class, () -> QuantileGrid.fromBytes(longer));
    }

    @Test
    void aGridSummaryKeepsTheExactMaximumOfItsLastValue() {
        FeatureSummary two = FeatureSummary.numeric(NumericSummary.DEFAULT_RELATIVE_ACCURACY);
        two.add(5.5, 1);
        two.add(70.25, 1);
        QuantileGrid grid = QuantileGrid.of(weighted(1, 2, 3, 4), 2);
        var cells = two.toGrid(grid).cells();
        assertEquals(5.5, cells.min());
        assertEquals(70.25, cells.max());
        assertEquals(2, cells.total());
    }

    @Test
    void theThresholdAddsEachSummarysRankError() {
        NumericSummary collapsed = NumericSummary.create();
        collapsed.update(1e-6, 3); // ten decades at alpha = 0.001: more than 8192 bins, so the lowest collapses
        collapsed.update(1e4, 5);
        NumericSummary other = NumericSummary.create();
        other.update(1e-6, 1);
        other.update(1e4, 9);
        assertEquals(3.0 / 8, collapsed.rankError());
        assertEquals(1.0 / 10, other.rankError());
        double c = Math.sqrt(-Math.log(0.05 / 2) / 2) * Math.sqrt(18.0 / 80);
        assertEquals(c + 3.0 / 8 + 1.0 / 10, KolmogorovSmirnov.sketchThreshold(collapsed, other, 0.05), 1e-15);
    }

    private static void assertMessage(String expected, org.junit.jupiter.api.function.Executable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(
                e.getMessage().contains(expected), () -> "'" + e.getMessage() + "' should contain '" + expected + "'");
    }
}
