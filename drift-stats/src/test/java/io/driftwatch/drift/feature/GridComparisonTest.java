package io.driftwatch.drift.feature;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.driftwatch.drift.distance.JensenShannon;
import io.driftwatch.drift.distance.Wasserstein;
import io.driftwatch.drift.ks.KolmogorovSmirnov;
import io.driftwatch.drift.psi.Bins;
import io.driftwatch.drift.psi.Psi;
import io.driftwatch.drift.sketch.NumericSummary;
import java.util.List;
import java.util.function.DoubleSupplier;
import org.apache.commons.math3.distribution.LogNormalDistribution;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.distribution.TDistribution;
import org.apache.commons.math3.random.RandomGenerator;
import org.apache.commons.math3.random.Well19937c;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The grid form of a numeric current window against the exact raw-data statistics (KS D by the tie-exact
 * merge, PSI with type-7 baseline quantile bins: {@link KolmogorovSmirnov#statistic(double[], double[])},
 * {@link Psi#compute(double[], double[])}), on SketchAccuracyTest's four shapes: D within 0.02, PSI within
 * 0.01, and the stated bound itself: exact D − ε_b ≤ D_grid ≤ exact D + 1/G + 3ε_b + 2/n... read the other
 * way, D_grid − D ≤ ε_b and D − D_grid ≤ {@link QuantileGrid#ksUnderestimateBound}.
 */
class GridComparisonTest {

    static final DriftPolicy POLICY = DriftPolicy.defaults();

    @ParameterizedTest(name = "{0} n={1} m={2} shift={3}")
    @CsvSource({
        "normal,1000,1000,0.1",
        "normal,100000,20000,0.1",
        "normal,1000000,36000,0.25",
        "normal,300000,30000,0",
        "lognormal,1000,1000,0.1",
        "lognormal,100000,20000,0.1",
        "lognormal,1000000,36000,0.25",
        "bimodal,1000,1000,0.1",
        "bimodal,100000,20000,0.1",
        "bimodal,1000000,36000,0.25",
        "student-t2,1000,1000,0.1",
        "student-t2,100000,20000,0.1",
        "student-t2,1000000,36000,0.25"
    })
    void gridStatisticsAreCloseToExactAndWithinTheStatedBound(String shape, int n, int m, double shift) {
        RandomGenerator rng = new Well19937c(17L * n + m + shape.hashCode());
        DoubleSupplier draw = sampler(shape, rng);
        double[] baseline = new double[n];
        double[] current = new double[m];
        NumericSummary sketch = NumericSummary.create();
        for (int i = 0; i < n; i++) {
            baseline[i] = draw.getAsDouble();
            sketch.update(baseline[i]);
        }
        for (int i = 0; i < m; i++) {
            double v = draw.getAsDouble();
            current[i] = shape.equals("lognormal") ? v * (1 + shift) : v + shift;
        }
        Scores s = scores(baseline, sketch, current);
        double exactD = KolmogorovSmirnov.statistic(baseline, current);
        double exactPsi = Psi.compute(baseline, current);
        double exactJs = JensenShannon.compute(baseline, current, Psi.DEFAULT_BINS, Psi.Binning.QUANTILE);
        double exactW1 = Wasserstein.distance(baseline, current);
        double eps = sketch.rankError();
        double bound = s.grid.ksUnderestimateBound(sketch);
        System.out.printf(
                "GRID %-10s n=%-8d m=%-6d D exact=%.5f grid-exact=%+.5f (bound -%.4f..+%.4f) | PSI exact=%.5f err=%.5f"
                        + " | JS err=%.5f | W1 exact=%.4f err=%.4f | cells=%d grid bytes=%d%n",
                shape,
                n,
                m,
                exactD,
                s.d - exactD,
                bound,
                eps,
                exactPsi,
                Math.abs(s.psi - exactPsi),
                Math.abs(s.js - exactJs),
                exactW1,
                Math.abs(s.w1 - exactW1),
                s.grid.cells(),
                s.grid.toBytes().length);
        assertTrue(Math.abs(s.d - exactD) <= 0.02, "D exact " + exactD + " grid " + s.d);
        assertTrue(Math.abs(s.psi - exactPsi) <= 0.01, "PSI exact " + exactPsi + " grid " + s.psi);
        assertTrue(s.d - exactD <= eps, "D_grid overstates by " + (s.d - exactD));
        assertTrue(exactD - s.d <= bound, "D_grid understates by " + (exactD - s.d) + " > " + bound);
        if (n <= 1000) {
            // the sketch holds every baseline value: the edges are exact, D_grid ≤ D without any error
            assertTrue(s.d <= exactD + 1e-12);
            assertEquals(
                    roundedPsi(baseline, current, POLICY.bins()), s.psi, 1e-12, "PSI is exact for the rounded values");
        }
    }

    @Test
    void aValueOnAnEdgeCountsInTheCellBelowIt() {
        double[] baseline = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
        QuantileGrid grid = QuantileGrid.of(NumericSummary.of(baseline), 2);
        // the type-7 median 5.5 moved down to the nearest rounded value, r(5)
        double median = NumericSummary.of(5).quantile(0.5);
        assertArrayEquals(new double[] {median}, grid.psiBins().edges());
        int cell = grid.cellOf(median);
        assertEquals(median, grid.edges()[cell], "v ≤ e(i) is in cell i");
        assertEquals(cell + 1, grid.cellOf(Math.nextUp(median)));
        assertEquals(0, grid.psiBinOfCell(cell));
        assertEquals(1, grid.psiBinOfCell(cell + 1));
        // as the raw-data definition: an edge value is in the lower bin
        Scores s = scores(baseline, NumericSummary.of(baseline), new double[] {median, median, 10});
        assertEquals(Psi.compute(baseline, new double[] {median, median, 10}), s.psi, 1e-12);
    }

    @Test
    void anAllEqualBaselineMergesItsEdgesIntoOne() {
        double[] baseline = new double[500];
        java.util.Arrays.fill(baseline, 3.0);
        NumericSummary sketch = NumericSummary.of(baseline);
        QuantileGrid grid = QuantileGrid.of(sketch, 10);
        assertEquals(2, grid.cells());
        assertArrayEquals(new double[] {NumericSummary.of(3).quantile(0.5)}, grid.edges()); // r(3)
        assertEquals(2, grid.psiBins().size());
        double[] current = {1, 3, 3, 3, 7, 8}; // outside the baseline's range on both sides
        Scores s = scores(baseline, sketch, current);
        assertEquals(KolmogorovSmirnov.statistic(baseline, current), s.d, 1e-12, "D at the one edge is exact");
        assertEquals(Psi.compute(baseline, current), s.psi, 1e-12);
    }

    @Test
    void tiesAndValuesOutsideTheBaselineRange() {
        RandomGenerator rng = new Well19937c(5);
        double[] baseline = new double[5000];
        for (int i = 0; i < baseline.length; i++) {
            baseline[i] = Math.floor(rng.nextGaussian() * 3) / 2; // heavy ties: about 20 distinct values
        }
        double[] current = new double[3000];
        for (int i = 0; i < current.length; i++) {
            current[i] = i % 10 == 0 ? 100 + i : i % 10 == 1 ? -100 - i : Math.floor(rng.nextGaussian() * 3) / 2;
        }
        NumericSummary sketch = NumericSummary.of(baseline);
        Scores s = scores(baseline, sketch, current);
        double exactD = KolmogorovSmirnov.statistic(baseline, current);
        assertTrue(s.grid.cells() < 40, "duplicate edges merged: " + s.grid.cells());
        assertTrue(s.d - exactD <= sketch.rankError() + 1e-12);
        assertTrue(exactD - s.d <= s.grid.ksUnderestimateBound(sketch), exactD + " vs " + s.d);
        assertEquals(Psi.compute(baseline, current), s.psi, 0.01);
        assertEquals(s.grid.cells(), FeatureSummary.onGrid(s.grid).cells().cells());
    }

    @Test
    void theGridContainsThePsiEdgesBitForBit() {
        RandomGenerator rng = new Well19937c(9);
        NumericSummary sketch = NumericSummary.create();
        for (int i = 0; i < 200_000; i++) {
            sketch.update(rng.nextGaussian());
        }
        for (int bins : new int[] {2, 7, 10, 20}) {
            QuantileGrid grid = QuantileGrid.of(sketch, bins);
            assertEquals(0, grid.gridSize() % bins);
            assertTrue(grid.gridSize() >= QuantileGrid.TARGET_CELLS);
            assertArrayEquals(
                    Bins.quantiles(sketch, bins).edges(), grid.psiBins().edges());
        }
    }

    @Test
    void aSketchConvertsToTheGridExactlyWhileItHoldsEveryValue() {
        double[] baseline = new double[800];
        for (int i = 0; i < baseline.length; i++) {
            baseline[i] = i * 0.37 % 11;
        }
        QuantileGrid grid = QuantileGrid.of(NumericSummary.of(baseline), 10);
        FeatureSummary sketch = FeatureSummary.numeric(0.001);
        FeatureSummary direct = FeatureSummary.onGrid(grid);
        for (int i = 0; i < 300; i++) { // at most 600 updates: the sketch keeps them all
            double v = (i * 1.3) % 13 - 1;
            sketch.add(v, 1 + i % 3);
            direct.add(grid, v, 1 + i % 3);
        }
        FeatureSummary converted = sketch.toGrid(grid);
        assertEquals(direct.observations(), converted.observations());
        assertArrayEquals(direct.toBytes(), converted.toBytes());
        assertThrows(IllegalArgumentException.class, () -> sketch.merge(direct));
        assertThrows(IllegalArgumentException.class, () -> direct.add(1.0, 1));
    }

    /** PSI of the values rounded as NumericSummary rounds them, edges the rounded baseline's x(⌊(n−1)k/B⌋). */
    static double roundedPsi(double[] baseline, double[] current, int bins) {
        double[] b = java.util.Arrays.stream(baseline)
                .map(v -> NumericSummary.of(v).quantile(0.5))
                .sorted()
                .toArray();
        double[] c = java.util.Arrays.stream(current)
                .map(v -> NumericSummary.of(v).quantile(0.5))
                .toArray();
        double[] edges = new double[bins - 1];
        for (int k = 1; k < bins; k++) {
            edges[k - 1] = b[(int) Math.floor((b.length - 1.0) * k / bins)];
        }
        Bins e = Bins.ofEdges(edges);
        return Psi.fromProportions(e.proportions(b), e.proportions(c));
    }

    record Scores(QuantileGrid grid, double d, double psi, double js, double w1) {}

    static Scores scores(double[] baseline, NumericSummary sketch, double[] current) {
        FeatureSummary b = fromSketch(sketch, baseline.length);
        QuantileGrid grid = QuantileGrid.of(sketch, POLICY.bins());
        FeatureSummary c = FeatureSummary.onGrid(grid);
        for (double v : current) {
            c.add(grid, v, 1);
        }
        List<MethodScore> scores = FeatureComparison.compareOnGrid(b, grid, c, POLICY);
        return new Scores(
                grid,
                score(scores, Method.KS),
                score(scores, Method.PSI),
                score(scores, Method.JS),
                score(scores, Method.WASSERSTEIN));
    }

    private static FeatureSummary fromSketch(NumericSummary sketch, int n) {
        // a FeatureSummary around the very sketch (its observations n), through the bytes
        byte[] inner = sketch.toBytes();
        io.driftwatch.codec.ByteWriter w = new io.driftwatch.codec.ByteWriter(10 + inner.length);
        w.writeByte(3);
        w.writeByte(0);
        w.writeVarLong(n);
        w.writeBytes(inner);
        return FeatureSummary.fromBytes(w.toByteArray());
    }

    private static double score(List<MethodScore> scores, Method m) {
        return scores.stream()
                .filter(s -> s.method() == m)
                .findFirst()
                .orElseThrow()
                .score();
    }

    private static DoubleSupplier sampler(String shape, RandomGenerator rng) {
        return switch (shape) {
            case "normal" -> new NormalDistribution(rng, 0, 1)::sample;
            case "lognormal" -> new LogNormalDistribution(rng, 0, 1)::sample;
            case "bimodal" -> () -> rng.nextBoolean() ? -2 + rng.nextGaussian() : 2 + 0.5 * rng.nextGaussian();
            case "student-t2" -> new TDistribution(rng, 2)::sample;
            default -> throw new IllegalArgumentException(shape);
        };
    }
}
