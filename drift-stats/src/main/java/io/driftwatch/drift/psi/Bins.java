package io.driftwatch.drift.psi;

import io.driftwatch.drift.Samples;
import io.driftwatch.drift.sketch.NumericSummary;
import java.util.Arrays;

/**
 * An immutable partition of the real line by ascending, distinct inner edges
 * e(0) &lt; … &lt; e(m−1) into m+1 bins: value v falls in bin i when e(i−1) &lt; v ≤ e(i), with
 * e(−1) = −∞ and e(m) = +∞ (the outer bins are open-ended). Shared by {@link Psi} and the
 * Jensen–Shannon distance so both score the same binning.
 */
public final class Bins {

    private final double[] edges;

    private Bins(double[] distinctSortedEdges) {
        this.edges = distinctSortedEdges;
    }

    /** Bins with the given inner edges; they are sorted and duplicates merged. */
    public static Bins ofEdges(double... edges) {
        for (double e : edges) {
            if (!Double.isFinite(e)) {
                throw new IllegalArgumentException("bin edges must be finite, got " + e);
            }
        }
        double[] sorted = edges.clone();
        Arrays.sort(sorted);
        return new Bins(Arrays.stream(sorted).distinct().toArray());
    }

    /**
     * Quantile bins of raw baseline data: inner edges are the baseline quantiles at k/B,
     * k = 1..B−1, by Hyndman–Fan type 7 (R's default, numpy's {@code linear}): for sorted
     * x(0..n−1) and p, with h = (n−1)·p, Q(p) = x(⌊h⌋) + (h − ⌊h⌋)·(x(⌊h⌋+1) − x(⌊h⌋)).
     * Duplicate edges are merged, so there may be fewer than B bins.
     */
    public static Bins quantiles(double[] baseline, int bins) {
        requireBins(bins);
        double[] sorted = Samples.sortedFinite(baseline, "baseline");
        double[] edges = new double[bins - 1];
        for (int k = 1; k < bins; k++) {
            edges[k - 1] = type7Quantile(sorted, k / (double) bins);
        }
        return ofEdges(edges);
    }

    /**
     * Quantile bins of a summarised baseline: inner edges are the type-7 quantiles at k/B of the summary's
     * rounded values (see {@link NumericSummary}), each moved down to the nearest rounded value ({@link
     * #type7Estimate}). No rounded value lies strictly between two consecutive order statistics, so the
     * move bins the rounded values exactly as the type-7 edges would; it makes the edges rounded values,
     * against which raw values fall on the side of their rounded ones (the frozen-baseline grid). Sketch
     * PSI is thus the exact PSI, with type-7 quantile bins, of the two summaries' rounded values.
     */
    public static Bins quantiles(NumericSummary baseline, int bins) {
        requireBins(bins);
        Samples.requireNonEmpty(baseline, "baseline");
        double[] edges = new double[bins - 1];
        for (int k = 1; k < bins; k++) {
            edges[k - 1] = type7Estimate(baseline, k, bins);
        }
        return ofEdges(edges);
    }

    /**
     * The type-7 quantile at p = j/g of the summary's rounded values, moved down to the nearest rounded
     * value: with n the summary's count and h = (n−1)·j/g, the order statistic x(⌊h⌋) (0-based), i.e. the
     * summary's inclusive quantile at rank (⌊h⌋ + ½)/n. h is the correctly rounded quotient of the exact
     * integer (n−1)·j by g, so j/g and (j·c)/(g·c) give the identical edge: a grid of g·c cells contains the
     * edges of g bins bit for bit.
     */
    public static double type7Estimate(NumericSummary baseline, long j, long g) {
        double n = baseline.count();
        double h = (n - 1) * j / g;
        return baseline.quantile(Math.min(1.0, (Math.floor(h) + 0.5) / n));
    }

    /** B equal-width bins between min and max: inner edges min + k·(max − min)/B, k = 1..B−1. */
    public static Bins equalWidth(double min, double max, int bins) {
        requireBins(bins);
        if (!(min <= max) || !Double.isFinite(min) || !Double.isFinite(max)) {
            throw new IllegalArgumentException("need finite min <= max, got " + min + ", " + max);
        }
        double[] edges = new double[bins - 1];
        for (int k = 1; k < bins; k++) {
            edges[k - 1] = min + k * (max - min) / bins;
        }
        return ofEdges(edges);
    }

    /** Equal-width bins between the raw baseline's minimum and maximum. */
    public static Bins equalWidth(double[] baseline, int bins) {
        double[] sorted = Samples.sortedFinite(baseline, "baseline");
        return equalWidth(sorted[0], sorted[sorted.length - 1], bins);
    }

    /** Equal-width bins between the sketched baseline's exact minimum and maximum. */
    public static Bins equalWidth(NumericSummary baseline, int bins) {
        Samples.requireNonEmpty(baseline, "baseline");
        return equalWidth(baseline.min(), baseline.max(), bins);
    }

    /** Number of bins (inner edges + 1). */
    public int size() {
        return edges.length + 1;
    }

    /** The distinct inner edges, ascending (a copy). */
    public double[] edges() {
        return edges.clone();
    }

    /** Index of the bin holding v: the number of edges strictly below v. */
    public int binOf(double v) {
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

    /** Exact bin proportions of raw values (each count divided by n); rejects NaN/infinite values. */
    public double[] proportions(double[] values) {
        if (values.length == 0) {
            throw new IllegalArgumentException("cannot bin an empty sample");
        }
        long[] counts = new long[size()];
        for (int i = 0; i < values.length; i++) {
            double v = values[i];
            if (!Double.isFinite(v)) {
                throw new IllegalArgumentException("value at index " + i + " is not finite: " + v);
            }
            counts[binOf(v)]++;
        }
        double[] p = new double[counts.length];
        for (int i = 0; i < p.length; i++) {
            p[i] = counts[i] / (double) values.length;
        }
        return p;
    }

    /**
     * Bin proportions of a summary from its inclusive CDF F at the edges (exact for its rounded values):
     * p(0) = F(e(0)), p(i) = F(e(i)) − F(e(i−1)), p(m) = 1 − F(e(m−1)).
     */
    public double[] proportions(NumericSummary summary) {
        Samples.requireNonEmpty(summary, "sample");
        double[] p = new double[size()];
        double previous = 0.0;
        for (int i = 0; i < edges.length; i++) {
            double f = summary.cdf(edges[i]);
            p[i] = Math.max(0.0, f - previous);
            previous = Math.max(previous, f);
        }
        p[edges.length] = Math.max(0.0, 1.0 - previous);
        return p;
    }

    /** Type-7 quantile of already sorted data; p in [0, 1]. */
    public static double type7Quantile(double[] sorted, double p) {
        double h = (sorted.length - 1) * p;
        int lo = (int) Math.floor(h);
        if (lo >= sorted.length - 1) {
            return sorted[sorted.length - 1];
        }
        return sorted[lo] + (h - lo) * (sorted[lo + 1] - sorted[lo]);
    }

    private static void requireBins(int bins) {
        if (bins < 1) {
            throw new IllegalArgumentException("number of bins must be >= 1, got " + bins);
        }
    }

    @Override
    public String toString() {
        return "Bins" + Arrays.toString(edges);
    }
}
