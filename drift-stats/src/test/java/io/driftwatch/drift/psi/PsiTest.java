package io.driftwatch.drift.psi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.driftwatch.drift.psi.Psi.Binning;
import io.driftwatch.drift.sketch.CategoricalSummary;
import io.driftwatch.drift.sketch.NumericSummary;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PsiTest {

    private static double term(double c, double b) {
        return (c - b) * Math.log(c / b);
    }

    @Test
    void typeSevenQuantileEdgesMatchNumpyIncludingTies() {
        // numpy.quantile([1,1,1,1,2,2,3,4], [.25,.5,.75]) = [1, 1.5, 2.25]
        Bins bins = Bins.quantiles(new double[] {4, 1, 2, 1, 3, 1, 2, 1}, 4);
        assertArrayEquals(new double[] {1, 1.5, 2.25}, bins.edges(), 1e-12);
        // ≤1: 4 of 8; (1,1.5]: none; (1.5,2.25]: the two 2s; >2.25: 3 and 4
        assertArrayEquals(
                new double[] {0.5, 0, 0.25, 0.25}, bins.proportions(new double[] {4, 1, 2, 1, 3, 1, 2, 1}), 1e-12);
    }

    @Test
    void handComputedTwoBinCase() {
        // baseline 1..10, B=2: h = 9·0.5 = 4.5 → edge 5 + 0.5·(6−5) = 5.5; b = [0.5, 0.5]
        // current {1,2,6,7,8,9,10,11}: ≤5.5 → 2 of 8; c = [0.25, 0.75]
        // PSI = (0.25−0.5)·ln(0.5) + (0.75−0.5)·ln(1.5) = 0.173287 + 0.101366 = 0.274653
        double psi = Psi.compute(
                new double[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10},
                new double[] {1, 2, 6, 7, 8, 9, 10, 11},
                2,
                Binning.QUANTILE);
        assertEquals(0.274653, psi, 1e-6);
    }

    @Test
    void valueOnAnEdgeFallsInTheLowerBin() {
        // baseline {1,2,3}, B=2: edge = x(1) = 2; b = [2/3, 1/3]; current {2,2,2,3}: c = [3/4, 1/4]
        double psi = Psi.compute(new double[] {1, 2, 3}, new double[] {2, 2, 2, 3}, 2, Binning.QUANTILE);
        double expected = (0.75 - 2.0 / 3) * Math.log(0.75 / (2.0 / 3)) + (0.25 - 1.0 / 3) * Math.log(0.25 / (1.0 / 3));
        assertEquals(0.0337887, expected, 1e-7);
        assertEquals(expected, psi, 1e-12);
    }

    @Test
    void identicalSamplesGiveZero() {
        double[] x = new java.util.Random(1).doubles(1000).toArray();
        assertEquals(0.0, Psi.compute(x, x.clone()), 0.0);
        NumericSummary sketch = NumericSummary.of(x);
        assertEquals(0.0, Psi.compute(sketch, sketch), 0.0);
        // KLL compaction is randomised: two sketches of the same data differ slightly
        assertEquals(0.0, Psi.compute(sketch, NumericSummary.of(x)), 0.01);
    }

    @Test
    void disjointSamplesUseFloorWithoutRenormalising() {
        // baseline {1,2,3,4}, B=2: edge 2.5, b = [0.5, 0.5]; current {10,11}: c = [0 → 1e-4, 1]
        double psi = Psi.compute(new double[] {1, 2, 3, 4}, new double[] {10, 11}, 2, Binning.QUANTILE);
        double expected = (1e-4 - 0.5) * Math.log(1e-4 / 0.5) + (1 - 0.5) * Math.log(1 / 0.5);
        assertEquals(4.604, expected, 1e-3);
        assertEquals(expected, psi, 1e-12);
    }

    @Test
    void singleDistinctValueMergesAllEdges() {
        double[] baseline = new double[100];
        java.util.Arrays.fill(baseline, 5.0);
        Bins bins = Bins.quantiles(baseline, 10);
        assertEquals(2, bins.size());
        assertEquals(0.0, Psi.compute(baseline, new double[] {5, 5}), 0.0);
        // b = [1, 0 → 1e-4], c = [0.5, 0.5]
        double expected = term(0.5, 1) + term(0.5, 1e-4);
        assertEquals(expected, Psi.compute(baseline, new double[] {5, 6}), 1e-12);
    }

    @Test
    void equalWidthBinsBetweenBaselineMinAndMax() {
        // baseline {0,10}, B=5: edges 2,4,6,8; b = [0.5,0,0,0,0.5]; current {1,3,3,9}: c = [0.25,0.5,0,0,0.25]
        Bins bins = Bins.equalWidth(new double[] {0, 10}, 5);
        assertArrayEquals(new double[] {2, 4, 6, 8}, bins.edges(), 1e-12);
        double expected = term(0.25, 0.5) + term(0.5, 1e-4) + 0 + 0 + term(0.25, 0.5);
        assertEquals(
                expected, Psi.compute(new double[] {0, 10}, new double[] {1, 3, 3, 9}, 5, Binning.EQUAL_WIDTH), 1e-12);
    }

    @Test
    void sketchPsiIsExactForSmallSamples() {
        double[] baseline = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
        double[] current = {1, 2, 6, 7, 8, 9, 10, 11};
        // Sketch edge at rank 0.5 is the inclusive quantile 5 (not 5.5), which bins the same data identically.
        assertEquals(
                0.274653,
                Psi.compute(NumericSummary.of(baseline), NumericSummary.of(current), 2, Binning.QUANTILE),
                1e-6);
    }

    @Test
    void rejectsNanNamingTheIndex() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> Psi.compute(new double[] {1, 2, 3}, new double[] {1, Double.NaN}));
        assertTrue(e.getMessage().contains("index 1") && e.getMessage().contains("NaN"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Psi.compute(new double[0], new double[] {1}));
        assertThrows(IllegalArgumentException.class, () -> Psi.compute(new double[] {1}, new double[0]));
    }

    @Test
    void categoricalPsiOverUnionOfCategories() {
        // b = [a 0.5, b 0.5, c 0 → 1e-4], c = [0.25, 0.5, 0.25]
        double expected = term(0.25, 0.5) + 0 + term(0.25, 1e-4);
        assertEquals(
                expected, Psi.categorical(Map.of("a", 50L, "b", 50L), Map.of("a", 25L, "b", 50L, "c", 25L)), 1e-12);
        CategoricalSummary sb = CategoricalSummary.create();
        sb.update("a", 50);
        sb.update("b", 50);
        CategoricalSummary sc = CategoricalSummary.create();
        sc.update("c", 25);
        sc.update("b", 50);
        sc.update("a", 25);
        assertEquals(expected, Psi.categorical(sb, sc, 0.0), 1e-12);
    }

    @Test
    void categoricalFoldsRareCategoriesIntoOther() {
        // minShare 0.3: b and c are below it in both samples → other; b = [0.9, 0.1], c = [0.8, 0.2]
        double psi = Psi.categorical(Map.of("a", 90L, "b", 5L, "c", 5L), Map.of("a", 80L, "b", 10L, "c", 10L), 0.3);
        assertEquals(term(0.8, 0.9) + term(0.2, 0.1), psi, 1e-12);
        // a category rare in the baseline but large in the current sample is not folded
        CategoricalProportions p =
                CategoricalProportions.of(Map.of("a", 99L, "new", 1L), 0, Map.of("a", 50L, "new", 50L), 0, 0.3);
        assertEquals(java.util.List.of("a", "new"), p.categories());
    }
}
