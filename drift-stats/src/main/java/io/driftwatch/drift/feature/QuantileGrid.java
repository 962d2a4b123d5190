package io.driftwatch.drift.feature;

import io.driftwatch.codec.ByteReader;
import io.driftwatch.codec.ByteWriter;
import io.driftwatch.drift.psi.Bins;
import io.driftwatch.drift.sketch.CellCounts;
import io.driftwatch.drift.sketch.NumericSummary;
import java.util.Arrays;
import java.util.Objects;

/**
 * A fixed partition of the real line derived once from a frozen baseline summary, in which a numeric
 * feature's current-window values are counted exactly ({@link CellCounts}) instead of summarised.
 *
 * <p><b>Definition.</b> With B PSI bins, G = B·⌈{@value #TARGET_CELLS}/B⌉ (520 at B = 10). The raw
 * edges are r(j) = the baseline's type-7 quantile at j/G, j = 1..G−1, moved down to the nearest rounded
 * value exactly as for PSI ({@link Bins#type7Estimate}); duplicates are merged into the distinct ascending
 * edges e(0) &lt; … &lt; e(m−1) (an all-equal baseline has one), giving m + 1 cells: value v is in cell i
 * when e(i−1) &lt; v ≤ e(i), e(−1) = −∞, e(m) = +∞ (the outer cells are open, so values outside the
 * baseline's range are counted too). The edges are rounded values of the baseline's bins, so a raw
 * current value falls in the cell of its rounded value ({@link NumericSummary}): the current window is
 * counted exactly as a summary of the same α would round it. The PSI edges r(k·G/B), k = 1..B−1, are
 * bit-identical to {@link Bins#quantiles(NumericSummary, int)}'s edges and are grid edges, so every cell
 * lies in exactly one PSI bin and the current window's PSI proportions are exact counts.
 *
 * <p><b>KS on the grid.</b> The current window's CDF F_c is exact at every edge; the baseline's F_b is
 * its summary's, exact for its rounded values, or within its rank error ε if bins collapsed. D_grid = max
 * over the edges of |F_b − F_c|. Bound: for x inside a cell, g &lt; x &lt; g' (consecutive edges, ±∞ at
 * the ends, where both CDFs are 0 and 1), monotonicity gives F_b(x) − F_c(x) ≤ F_b(g'−) − F_c(g) and
 * F_c(x) − F_b(x) ≤ F_c(g') − F_b(g), so |F_b(x) − F_c(x)| ≤ max(|F_b − F_c|(g), |F_b − F_c|(g')) +
 * μ_b(g, g'), μ_b the baseline's mass strictly inside the cell, at most 1/G + 2/n for order-statistic
 * edges, plus 2ε. Hence, for the rounded values, D − ε ≤ D_grid ≤ D + ε and D ≤ D_grid + 1/G + 3ε + 2/n
 * ({@link #ksUnderestimateBound}): the grid can hide at most 1/G + 2/n of a difference (0.0019 at G = 520
 * and n ≥ 10⁵ while ε = 0) and overstates it only when bins collapsed.
 *
 * <p><b>Serialised form</b> ({@link #toBytes()}, state codec): version byte {@value #FORMAT_VERSION};
 * varints B, G, m; m big-endian doubles e(0..m−1); varint number of PSI edges and, per PSI edge, the
 * varint gap of its index in e (index + 1 for the first). Immutable.
 */
public final class QuantileGrid {

    /** About this many cells: 1/G ≈ 0.002 of hidden KS difference, ~1 byte per cell and interval. */
    public static final int TARGET_CELLS = 512;

    static final byte FORMAT_VERSION = 1;

    private final int bins;
    private final int gridSize;
    private final double[] edges;
    private final int[] psiEdges;
    private final int[] psiBinOfCell;

    private QuantileGrid(int bins, int gridSize, double[] edges, int[] psiEdges) {
        this.bins = bins;
        this.gridSize = gridSize;
        this.edges = edges;
        this.psiEdges = psiEdges;
        this.psiBinOfCell = new int[edges.length + 1];
        int bin = 0;
        for (int cell = 0; cell <= edges.length; cell++) {
            psiBinOfCell[cell] = bin;
            if (bin < psiEdges.length && psiEdges[bin] == cell) {
                bin++; // cell ends at this PSI edge: the next cell starts the next bin
            }
        }
    }

    /** G for {@code bins} PSI bins: the multiple of bins nearest above {@value #TARGET_CELLS}. */
    public static int gridSize(int bins) {
        return bins * ((TARGET_CELLS + bins - 1) / bins);
    }

    /** The grid of a non-empty baseline summary for {@code bins} PSI bins (see class doc). */
    public static QuantileGrid of(NumericSummary baseline, int bins) {
        if (bins < 2) {
            throw new IllegalArgumentException("bins must be >= 2, got " + bins);
        }
        if (baseline.isEmpty()) {
            throw new IllegalArgumentException("cannot derive a grid from an empty baseline");
        }
        int g = gridSize(bins);
        double[] raw = new double[g - 1];
        for (int j = 1; j < g; j++) {
            raw[j - 1] = Bins.type7Estimate(baseline, j, g);
        }
        // order statistics are monotone in j; sorting is a guard
        Arrays.sort(raw);
        double[] edges = Arrays.stream(raw).distinct().toArray();
        int step = g / bins;
        int[] psi = new int[bins - 1];
        int n = 0;
        for (int k = 1; k < bins; k++) {
            int index = Arrays.binarySearch(edges, raw[k * step - 1]);
            if (n == 0 || psi[n - 1] != index) {
                psi[n++] = index;
            }
        }
        return new QuantileGrid(bins, g, edges, Arrays.copyOf(psi, n));
    }

    /** Cells: distinct edges + 1. */
    public int cells() {
        return edges.length + 1;
    }

    /** G, the number of quantile steps (cells before duplicate edges were merged). */
    public int gridSize() {
        return gridSize;
    }

    public int bins() {
        return bins;
    }

    /** The distinct inner edges, ascending (a copy). */
    public double[] edges() {
        return edges.clone();
    }

    /** The cell of v: the number of edges strictly below v. */
    public int cellOf(double v) {
        int lo = 0;
        int hi = edges.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (edges[mid] < v) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** The PSI bins: the grid edges at the quantiles k/B, duplicates merged. */
    public Bins psiBins() {
        double[] e = new double[psiEdges.length];
        for (int i = 0; i < e.length; i++) {
            e[i] = edges[psiEdges[i]];
        }
        return Bins.ofEdges(e);
    }

    /** The PSI bin containing every value of {@code cell}. */
    public int psiBinOfCell(int cell) {
        return psiBinOfCell[cell];
    }

    /** The index in {@link #edges()} of each PSI edge, ascending (a copy). */
    public int[] psiEdgeIndices() {
        return psiEdges.clone();
    }

    /**
     * The most that D_grid can fall short of the exact D of the rounded values: 1/G + 3ε + 2/n, ε the
     * baseline summary's rank error and n its count (see class doc).
     */
    public double ksUnderestimateBound(NumericSummary baseline) {
        return 1.0 / gridSize + 3 * baseline.rankError() + 2.0 / baseline.count();
    }

    /** Serialised form (see class doc). */
    public byte[] toBytes() {
        ByteWriter w = new ByteWriter(16 + 8 * edges.length + 2 * psiEdges.length);
        w.writeByte(FORMAT_VERSION);
        w.writeVarLong(bins);
        w.writeVarLong(gridSize);
        w.writeVarLong(edges.length);
        for (double e : edges) {
            w.writeDouble(e);
        }
        w.writeVarLong(psiEdges.length);
        int previous = -1;
        for (int i : psiEdges) {
            w.writeVarLong(i - previous);
            previous = i;
        }
        return w.toByteArray();
    }

    /** Restores a grid written by {@link #toBytes()}; rejects anything else with a reason. */
    public static QuantileGrid fromBytes(byte[] bytes) {
        ByteReader r = new ByteReader(bytes, "quantile grid");
        r.expectVersion(FORMAT_VERSION);
        long bins = r.readCount("bins");
        long g = r.readCount("grid size");
        if (bins < 2 || g < bins || g % bins != 0 || g > (1 << 20)) {
            throw r.corrupt("bins " + bins + ", grid size " + g);
        }
        int m = r.readLength("edge count", 8);
        double[] edges = new double[m];
        for (int i = 0; i < m; i++) {
            edges[i] = r.readDouble("edge");
            if (!Double.isFinite(edges[i]) || (i > 0 && !(edges[i] > edges[i - 1]))) {
                throw r.corrupt("edge " + i + " = " + edges[i] + " not finite and ascending");
            }
        }
        int n = r.readLength("PSI edge count", 1);
        int[] psi = new int[n];
        long index = -1;
        for (int i = 0; i < n; i++) {
            index += r.readCount("PSI edge gap");
            if (index <= (i == 0 ? -1 : psi[i - 1]) || index >= m) {
                throw r.corrupt("PSI edge index " + index);
            }
            psi[i] = (int) index;
        }
        r.expectEnd();
        return new QuantileGrid((int) bins, (int) g, edges, psi);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof QuantileGrid q
                && bins == q.bins
                && gridSize == q.gridSize
                && Arrays.equals(edges, q.edges)
                && Arrays.equals(psiEdges, q.psiEdges);
    }

    @Override
    public int hashCode() {
        return Objects.hash(Arrays.hashCode(edges), Arrays.hashCode(psiEdges));
    }

    @Override
    public String toString() {
        return "QuantileGrid{bins=" + bins + ", G=" + gridSize + ", cells=" + cells() + "}";
    }
}
