package io.driftwatch.drift.feature;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.driftwatch.codec.ByteWriter;
import io.driftwatch.drift.psi.Bins;
import io.driftwatch.drift.sketch.CellCounts;
import io.driftwatch.drift.sketch.NumericSummary;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * QuantileGrid's size, bound, PSI-bin map and serialised form at their boundaries, and FeatureSummary's
 * conversion of a sketch to grid counts (its exact extremes) and its format and form checks.
 */
class GridAndSummaryEdgesTest {

    private static NumericSummary range(int from, int to) {
        NumericSummary s = NumericSummary.create();
        for (int v = from; v <= to; v++) {
            s.update(v);
        }
        return s;
    }

    @Test
    void gridSizeIsTheSmallestMultipleOfTheBinsFromTheTarget() {
        assertEquals(512, QuantileGrid.gridSize(2));
        assertEquals(513, QuantileGrid.gridSize(3));
        assertEquals(520, QuantileGrid.gridSize(10));
        assertEquals(512, QuantileGrid.gridSize(512));
        assertEquals(513, QuantileGrid.gridSize(513));
        assertEquals(1000, QuantileGrid.gridSize(1000));
    }

    @Test
    void underestimateBoundIsOneOverGPlusThreeRankErrorsPlusTwoOverN() {
        NumericSummary s = range(1, 100);
        QuantileGrid grid = QuantileGrid.of(s, 10);
        assertEquals(1.0 / 520 + 2.0 / 100, grid.ksUnderestimateBound(s), 1e-15);
        NumericSummary collapsed = NumericSummary.create();
        collapsed.update(1e-6, 3); // 1e-6 to 1e4 spans more than 8192 bins at alpha = 0.001
        collapsed.update(1e4, 5);
        assertEquals(3.0 / 8, collapsed.rankError());
        assertEquals(1.0 / 520 + 3 * 3.0 / 8 + 2.0 / 8, grid.ksUnderestimateBound(collapsed), 1e-15);
        assertMessage("bins must be >= 2, got 1", () -> QuantileGrid.of(s, 1));
        assertMessage("cannot derive a grid from an empty baseline", () -> QuantileGrid.of(NumericSummary.create(), 2));
        assertEquals(2, QuantileGrid.of(s, 2).bins());
    }

    @Test
    void everyCellMapsToThePsiBinOfItsValues() {
        NumericSummary ties = NumericSummary.create();
        ties.update(0.0, 700); // 70 % zeros: the lower PSI edges coincide and merge
        for (int v = 1; v <= 300; v++) {
            ties.update(v);
        }
        for (NumericSummary baseline : new NumericSummary[] {range(1, 1000), ties}) {
            for (int bins : new int[] {2, 3, 10}) {
                QuantileGrid grid = QuantileGrid.of(baseline, bins);
                Bins psi = grid.psiBins();
                assertArrayEquals(Bins.quantiles(baseline, bins).edges(), psi.edges());
                double[] edges = grid.edges();
                for (int cell = 0; cell < grid.cells(); cell++) {
                    double inside = cell < edges.length ? edges[cell] : edges[edges.length - 1] + 1;
                    assertEquals(cell, grid.cellOf(inside));
                    assertEquals(psi.binOf(inside), grid.psiBinOfCell(cell), "cell " + cell + " of " + bins + " bins");
                }
                int[] indices = grid.psiEdgeIndices();
                for (int k = 0; k < indices.length; k++) {
                    assertEquals(psi.edges()[k], edges[indices[k]]);
                }
                assertEquals(grid, QuantileGrid.fromBytes(grid.toBytes()));
            }
        }
        QuantileGrid merged = QuantileGrid.of(ties, 10);
        assertEquals(4, merged.psiBins().size(), "zero up to the 0.7 quantile: edges 0, then at 0.8 and 0.9");
    }

    private static byte[] grid(long bins, long g, double[] edges, long... psiGaps) {
        ByteWriter w = new ByteWriter(64);
        w.writeByte(1);
        w.writeVarLong(bins);
        w.writeVarLong(g);
        w.writeVarLong(edges.length);
        for (double e : edges) {
            w.writeDouble(e);
        }
        w.writeVarLong(psiGaps.length);
        for (long gap : psiGaps) {
            w.writeVarLong(gap);
        }
        return w.toByteArray();
    }

    @Test
    void serialisedGridsAreCheckedFieldByField() {
        double[] two = {1.0, 2.0};
        QuantileGrid g = QuantileGrid.fromBytes(grid(2, 1 << 20, two, 2));
        assertEquals(1 << 20, g.gridSize());
        assertArrayEquals(new int[] {1}, g.psiEdgeIndices());
        assertEquals(0, g.psiBinOfCell(1));
        assertEquals(1, g.psiBinOfCell(2));
        QuantileGrid smallest = QuantileGrid.fromBytes(grid(2, 2, two, 1, 1));
        assertArrayEquals(new int[] {0, 1}, smallest.psiEdgeIndices());
        assertArrayEquals(new double[] {1.0, 2.0}, smallest.psiBins().edges());
        assertEquals(2, smallest.psiBinOfCell(2));

        assertMessage("bins 1, grid size 512", () -> QuantileGrid.fromBytes(grid(1, 512, two, 1)));
        assertMessage("bins 4, grid size 2", () -> QuantileGrid.fromBytes(grid(4, 2, two, 1)));
        assertMessage("bins 3, grid size 512", () -> QuantileGrid.fromBytes(grid(3, 512, two, 1)));
        assertMessage(
                "bins 2, grid size " + ((1 << 20) + 2), () -> QuantileGrid.fromBytes(grid(2, (1 << 20) + 2, two, 1)));
        assertMessage(
                "edge 1 = 1.0 not finite and ascending",
                () -> QuantileGrid.fromBytes(grid(2, 512, new double[] {1.0, 1.0}, 1)));
        assertMessage(
                "edge 1 = 0.5 not finite and ascending",
                () -> QuantileGrid.fromBytes(grid(2, 512, new double[] {1.0, 0.5}, 1)));
        assertMessage(
                "edge 0 = NaN not finite",
                () -> QuantileGrid.fromBytes(grid(2, 512, new double[] {Double.NaN, 1.0}, 1)));
        assertMessage(
                "edge 1 = Infinity not finite",
                () -> QuantileGrid.fromBytes(grid(2, 512, new double[] {1.0, Double.POSITIVE_INFINITY}, 1)));
        assertMessage("PSI edge index -1", () -> QuantileGrid.fromBytes(grid(2, 512, two, 0)));
        assertMessage("PSI edge index 0", () -> QuantileGrid.fromBytes(grid(2, 512, two, 1, 0)));
        assertMessage("PSI edge index 2", () -> QuantileGrid.fromBytes(grid(2, 512, two, 3)));
    }

    @Test
    void aSketchOnTheGridKeepsItsExactExtremesAndWeights() {
        NumericSummary baseline = range(1, 100);
        QuantileGrid grid = QuantileGrid.of(baseline, 4);
        FeatureSummary current = FeatureSummary.numeric(NumericSummary.DEFAULT_RELATIVE_ACCURACY);
        current.add(5.5, 3);
        current.add(50.0, 1);
        current.add(70.25, 2);
        FeatureSummary counted = current.toGrid(grid);
        CellCounts cells = counted.cells();
        assertEquals(5.5, cells.min(), "the exact minimum, not its rounded value");
        assertEquals(70.25, cells.max(), "the exact maximum");
        assertEquals(6, cells.total());
        assertEquals(3, counted.observations());
        assertEquals(6, counted.weight());
        assertEquals(3, cells.count(grid.cellOf(5.5)));
        assertEquals(1, cells.count(grid.cellOf(50.0)));
        assertEquals(2, cells.count(grid.cellOf(70.25)));
        assertSame(counted, counted.toGrid(grid));

        FeatureSummary single = FeatureSummary.numeric(NumericSummary.DEFAULT_RELATIVE_ACCURACY);
        single.add(42.5, 1);
        CellCounts one = single.toGrid(grid).cells();
        assertEquals(1, one.total());
        assertEquals(42.5, one.min());
        assertEquals(42.5, one.max());
        FeatureSummary empty =
                FeatureSummary.numeric(NumericSummary.DEFAULT_RELATIVE_ACCURACY).toGrid(grid);
        assertTrue(empty.isOnGrid());
        assertTrue(empty.cells().isEmpty());

        QuantileGrid other = QuantileGrid.of(range(1, 1000), 10);
        assertTrue(other.cells() != grid.cells());
        assertMessage(
                "counts over " + grid.cells() + " cells are not on a grid of " + other.cells(),
                () -> counted.toGrid(other));
        assertMessage(
                "counts over " + grid.cells() + " cells are not on a grid of " + other.cells(),
                () -> counted.add(other, 1.0, 1));
        assertMessage("a numeric summary is not on a grid", () -> current.add(grid, 1.0, 1));
        assertMessage("a numeric summary on a grid needs the grid to add a value", () -> counted.add(1.0, 1));
        assertMessage("a numeric summary on a grid holds no sketch", counted::numeric);
        assertMessage("a numeric summary holds no grid counts", current::cells);
        assertMessage("cannot merge a numeric summary sketch into grid counts", () -> counted.merge(current));
        assertMessage("cannot merge a numeric summary on a grid into a sketch", () -> current.merge(counted));
        assertMessage(
                "a categorical summary holds no numeric values",
                () -> FeatureSummary.categorical(3).toGrid(grid));
    }

    private static byte[] summary(int version, int kind, Consumer<ByteWriter> rest) {
        ByteWriter w = new ByteWriter(32);
        w.writeByte(version);
        w.writeByte(kind);
        rest.accept(w);
        return w.toByteArray();
    }

    @Test
    void formatVersionsAndKindsAreChecked() {
        FeatureSummary numeric = FeatureSummary.numeric(0.01);
        numeric.add(-2.0, 4);
        numeric.add(3.0, 1);
        byte[] bytes = numeric.toBytes();
        assertEquals(3, bytes[0], "numeric sketches are written in format 3");
        FeatureSummary back = FeatureSummary.fromBytes(bytes);
        assertEquals(2, back.observations());
        assertEquals(5, back.weight());
        assertEquals(numeric.numeric(), back.numeric());
        assertEquals(0.01, back.numeric().relativeAccuracy());
        assertArrayEquals(bytes, back.copy().toBytes());

        assertMessage("format version 0 is not supported", () -> FeatureSummary.fromBytes(new byte[] {0, 0}));
        assertMessage("format version 4 is not supported", () -> FeatureSummary.fromBytes(new byte[] {4, 0}));
        assertMessage("format 3 of a CATEGORICAL summary", () -> FeatureSummary.fromBytes(summary(3, 1, w -> {})));
        assertMessage("format 2 of a BUCKETED summary", () -> FeatureSummary.fromBytes(summary(2, 2, w -> {})));
        FeatureSummary emptyGrid = FeatureSummary.fromBytes(summary(2, 0, w -> {
            w.writeVarLong(0);
            w.writeBytes(CellCounts.create(3).toBytes());
        }));
        assertTrue(emptyGrid.isOnGrid());
        assertEquals(3, emptyGrid.cells().cells());
        FeatureSummary emptySketch = FeatureSummary.fromBytes(summary(3, 0, w -> {
            w.writeVarLong(0);
            w.writeBytes(NumericSummary.create().toBytes());
        }));
        assertTrue(emptySketch.numeric().isEmpty());
        assertTrue(emptySketch.isEmpty());
    }

    private static void assertMessage(String expected, Executable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(
                e.getMessage().contains(expected), () -> "'" + e.getMessage() + "' should contain '" + expected + "'");
    }
}
