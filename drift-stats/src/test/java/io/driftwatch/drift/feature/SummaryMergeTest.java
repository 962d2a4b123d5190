package io.driftwatch.drift.feature;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.driftwatch.drift.sketch.NumericSummary;
import org.junit.jupiter.api.Test;

/** Merges of grid counts and of histograms add cell by cell; a number is refused by other kinds. */
class SummaryMergeTest {

    @Test
    void gridCountsAndHistogramsMergeCellByCell() {
        NumericSummary baseline = NumericSummary.of(1, 2, 3, 4);
        QuantileGrid grid = QuantileGrid.of(baseline, 2);
        FeatureSummary a = FeatureSummary.onGrid(grid);
        a.add(grid, 1.0, 2);
        a.add(grid, 9.0, 1);
        FeatureSummary b = FeatureSummary.onGrid(grid);
        b.add(grid, 1.0, 3);
        b.add(grid, -5.0, 1);
        a.merge(b);
        assertEquals(4, a.observations());
        assertEquals(7, a.weight());
        assertEquals(0, grid.cellOf(-5.0));
        assertEquals(0, grid.cellOf(1.0), "the lowest cell holds every value up to r(1)");
        assertEquals(6, a.cells().count(0));
        assertEquals(1, a.cells().count(grid.cellOf(9.0)));
        assertEquals(-5.0, a.cells().min());
        assertEquals(9.0, a.cells().max());

        double[] bounds = {1.0, 2.0};
        FeatureSummary h = FeatureSummary.buckets(bounds);
        h.add(bounds, new long[] {1, 2, 3});
        FeatureSummary g = FeatureSummary.buckets(bounds);
        g.add(bounds, new long[] {4, 0, 1});
        h.merge(g);
        assertEquals(11, h.observations());
        assertEquals(11, h.weight());
        assertArrayEquals(
                new double[] {5 / 11.0, 2 / 11.0, 4 / 11.0}, h.buckets().proportions(), 1e-15);
    }

    @Test
    void onlyNumericSummariesTakeANumber() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> FeatureSummary.categorical(3).add(1.0, 1));
        assertTrue(e.getMessage().contains("a categorical summary holds no numeric values"), e.getMessage());
        assertThrows(
                IllegalArgumentException.class,
                () -> FeatureSummary.buckets(new double[] {1}).add(1.0, 1));
    }
}
