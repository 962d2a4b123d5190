package io.driftwatch.drift.distance;

import io.driftwatch.drift.Samples;
import io.driftwatch.drift.sketch.NumericSummary;
import java.util.TreeSet;

/**
 * Wasserstein-1 (earth mover's) distance between two one-dimensional distributions:
 * W1 = ∫ |F1(x) − F2(x)| dx over the real line (equivalently ∫₀¹ |Q1(r) − Q2(r)| dr), in the
 * data's units.
 *
 * <p>Raw samples: exact. The empirical CDFs are constant between consecutive distinct values
 * v(k) &lt; v(k+1) of the pooled sample, so W1 = Σ |F1(v(k)) − F2(v(k))| · (v(k+1) − v(k)).
 *
 * <p>Summaries: the same exact integral applied to the two summaries' step CDFs over the union of
 * their rounded values: the exact W1 of the rounded samples (each value moved up by less than
 * 2α/(1−α) of its magnitude, see {@link NumericSummary}), so |W1(summary) − W1(exact)| is below
 * 2α/(1−α) times the larger mean absolute value, plus the rank error times the range if bins collapsed.
 */
public final class Wasserstein {

    private Wasserstein() {}

    /** Exact W1 of raw samples; rejects empty samples and NaN/infinite values. */
    public static double distance(double[] x, double[] y) {
        double[] a = Samples.sortedFinite(x, "first");
        double[] b = Samples.sortedFinite(y, "second");
        int i = 0;
        int j = 0;
        double total = 0.0;
        double previous = Double.NaN;
        double gap = 0.0;
        while (i < a.length || j < b.length) {
            double v = Math.min(
                    i < a.length ? a[i] : Double.POSITIVE_INFINITY, j < b.length ? b[j] : Double.POSITIVE_INFINITY);
            if (!Double.isNaN(previous)) {
                total += gap * (v - previous);
            }
            while (i < a.length && a[i] == v) {
                i++;
            }
            while (j < b.length && b[j] == v) {
                j++;
            }
            gap = Math.abs(i / (double) a.length - j / (double) b.length);
            previous = v;
        }
        return total;
    }

    /** W1 between two summaries' step CDFs (see class doc). */
    public static double distance(NumericSummary first, NumericSummary second) {
        if (first.isEmpty() || second.isEmpty()) {
            throw new IllegalArgumentException("cannot compare an empty summary");
        }
        TreeSet<Double> support = new TreeSet<>();
        for (double v : first.retainedValues()) {
            support.add(v);
        }
        for (double v : second.retainedValues()) {
            support.add(v);
        }
        double total = 0.0;
        Double previous = null;
        double gap = 0.0;
        for (double v : support) {
            if (previous != null) {
                total += gap * (v - previous);
            }
            gap = Math.abs(first.cdf(v) - second.cdf(v));
            previous = v;
        }
        return total;
    }
}
