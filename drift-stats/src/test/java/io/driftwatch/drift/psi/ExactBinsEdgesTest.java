package io.driftwatch.drift.psi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Boundaries of the exact (raw array) bins and of categorical folding, against hand computation. */
class ExactBinsEdgesTest {

    @Test
    void edgesAreSortedAndMerged() {
        assertArrayEquals(new double[] {1, 2, 3}, Bins.ofEdges(3, 1, 2, 1).edges());
        assertEquals("Bins[1.0, 2.0, 3.0]", Bins.ofEdges(3, 1, 2).toString());
        assertEquals(4, Bins.ofEdges(3, 1, 2).size());
    }

    @Test
    void oneBinHasNoEdgesAndZeroBinsAreRefused() {
        assertEquals(1, Bins.quantiles(new double[] {1, 2, 3}, 1).size());
        assertEquals(1, Bins.equalWidth(0, 1, 1).size());
        IllegalArgumentException q =
                assertThrows(IllegalArgumentException.class, () -> Bins.quantiles(new double[] {1, 2}, 0));
        assertEquals("number of bins must be >= 1, got 0", q.getMessage());
        IllegalArgumentException w = assertThrows(IllegalArgumentException.class, () -> Bins.equalWidth(0, 1, 0));
        assertEquals("number of bins must be >= 1, got 0", w.getMessage());
    }

    @Test
    void equalWidthEdgesStartAtTheMinimum() {
        // (1, 3) in 2 bins: edge 2; in 4 bins: 1.5, 2, 2.5
        assertArrayEquals(new double[] {2}, Bins.equalWidth(1, 3, 2).edges());
        assertArrayEquals(new double[] {1.5, 2, 2.5}, Bins.equalWidth(1, 3, 4).edges());
        assertArrayEquals(
                new double[] {-2}, Bins.equalWidth(new double[] {-1, -3, -2}, 2).edges());
        // min == max: every edge is that value, merged into one
        assertArrayEquals(new double[] {2}, Bins.equalWidth(2, 2, 3).edges());
        assertThrows(IllegalArgumentException.class, () -> Bins.equalWidth(Math.nextUp(2.0), 2, 3));
    }

    @Test
    void type7QuantileAtTheEnds() {
        double[] sorted = {1, 2, 4, 8};
        assertEquals(1.0, Bins.type7Quantile(sorted, 0));
        assertEquals(8.0, Bins.type7Quantile(sorted, 1));
        assertEquals(3.0, Bins.type7Quantile(sorted, 0.5)); // h = 1.5: 2 + 0.5 × (4 − 2)
        assertEquals(7.0, Bins.type7Quantile(new double[] {7}, 1));
        assertEquals(7.0, Bins.type7Quantile(new double[] {7}, 0.5));
    }

    @Test
    void proportionsCountValuesOnAnEdgeInTheLowerBin() {
        Bins b = Bins.ofEdges(1, 2);
        assertArrayEquals(new double[] {0.5, 0.25, 0.25}, b.proportions(new double[] {0, 1, 2, 3}));
    }

    @Test
    void shareBoundaryAndOtherWeights() {
        // a holds exactly the minimum share in the baseline: kept
        CategoricalProportions atShare =
                CategoricalProportions.of(Map.of("a", 1L, "b", 9L), 0, Map.of("b", 10L), 0, 0.1);
        assertEquals(List.of("a", "b"), atShare.categories());
        assertArrayEquals(new double[] {0.1, 0.9}, atShare.baseline());
        assertArrayEquals(new double[] {0.0, 1.0}, atShare.current());
        // a holds exactly the minimum share in the current window only: kept
        CategoricalProportions currentAtShare =
                CategoricalProportions.of(Map.of("b", 10L), 0, Map.of("a", 1L, "b", 9L), 0, 0.1);
        assertEquals(List.of("a", "b"), currentAtShare.categories());
        // a is rare on both sides: folded into other
        CategoricalProportions rare =
                CategoricalProportions.of(Map.of("a", 1L, "b", 99L), 0, Map.of("a", 1L, "b", 99L), 0, 0.05);
        assertEquals(List.of("b", Psi.OTHER), rare.categories());
        assertArrayEquals(new long[] {99, 1}, rare.baselineCounts());
        assertArrayEquals(new long[] {99, 1}, rare.currentCounts());
        // rare in the baseline only: kept
        CategoricalProportions oneSide =
                CategoricalProportions.of(Map.of("a", 1L, "b", 99L), 0, Map.of("a", 50L, "b", 50L), 0, 0.05);
        assertEquals(List.of("a", "b"), oneSide.categories());
        // a category literally named like the other bucket joins it
        CategoricalProportions named =
                CategoricalProportions.of(Map.of(Psi.OTHER, 5L, "b", 5L), 0, Map.of("b", 10L), 0, 0.0);
        assertEquals(List.of("b", Psi.OTHER), named.categories());
        assertArrayEquals(new double[] {0.5, 0.5}, named.baseline());
        // extra "other" weights count in the totals
        CategoricalProportions withOther = CategoricalProportions.of(Map.of("a", 2L), 2, Map.of("a", 1L), 3, 0.0);
        assertEquals(List.of("a", Psi.OTHER), withOther.categories());
        assertArrayEquals(new double[] {0.5, 0.5}, withOther.baseline());
        assertArrayEquals(new double[] {0.25, 0.75}, withOther.current());
        // zero counts are valid and skipped; negative ones are not
        assertEquals(
                List.of("b"),
                CategoricalProportions.of(Map.of("a", 0L, "b", 1L), 0, Map.of("b", 1L), 0, 0.0)
                        .categories());
        assertThrows(
                IllegalArgumentException.class,
                () -> CategoricalProportions.of(Map.of("a", -1L, "b", 2L), 0, Map.of("b", 1L), 0, 0.0));
    }

    @Test
    void minShareIsZeroToBelowOne() {
        assertEquals(
                List.of(Psi.OTHER),
                CategoricalProportions.of(Map.of("a", 1L, "b", 1L), 0, Map.of("a", 1L, "b", 1L), 0, Math.nextDown(1.0))
                        .categories());
        assertThrows(
                IllegalArgumentException.class,
                () -> CategoricalProportions.of(Map.of("a", 1L), 0, Map.of("a", 1L), 0, 1.0));
        assertThrows(
                IllegalArgumentException.class,
                () -> CategoricalProportions.of(Map.of("a", 1L), 0, Map.of("a", 1L), 0, -Double.MIN_VALUE));
        assertEquals(
                List.of("a"),
                CategoricalProportions.of(Map.of("a", 1L), 0, Map.of("a", 1L), 0, 0.0)
                        .categories());
    }

    @Test
    void countsOfCountsEachValue() {
        assertEquals(Map.of("a", 2L, "b", 1L), Psi.countsOf(List.of("a", "b", "a")));
    }
}
