package io.driftwatch.drift.feature;

import io.driftwatch.drift.distance.ChiSquare;
import io.driftwatch.drift.distance.ChiSquareResult;
import io.driftwatch.drift.distance.JensenShannon;
import io.driftwatch.drift.distance.Wasserstein;
import io.driftwatch.drift.ks.KolmogorovSmirnov;
import io.driftwatch.drift.psi.Bins;
import io.driftwatch.drift.psi.Psi;
import io.driftwatch.drift.sketch.BucketSummary;
import io.driftwatch.drift.sketch.CategoricalSummary;
import io.driftwatch.drift.sketch.CellCounts;
import io.driftwatch.drift.sketch.NumericSummary;
import java.util.List;

/**
 * Scores a feature's current summary against its baseline summary with every method that applies
 * to its kind, and decides alert state changes.
 *
 * <ul>
 *   <li><b>Numeric</b> (DDSketch summaries, {@link NumericSummary}): PSI and JS on {@link
 *       DriftPolicy#bins()} bins whose edges are the baseline's quantiles ({@link Psi#compute(NumericSummary,
 *       NumericSummary, int, Psi.Binning)}); KS D between the summaries' CDFs with the asymptotic p-value at
 *       the windows' observation counts ({@link KolmogorovSmirnov#asymptoticP}); Wasserstein-1 between the
 *       CDFs. All four are exact for the values rounded to the summaries' bins (a relative change below
 *       2α/(1−α)) while no bin collapsed.
 *   <li><b>Numeric on a grid</b> ({@link #compareOnGrid}: a frozen baseline summary, the current window's
 *       exact counts on the baseline's {@link QuantileGrid}): PSI and JS on the same quantile bins, the
 *       baseline's proportions from its CDF, the current ones exact; KS D = max over the grid
 *       edges of |F_b − F_c| (bounds in {@link QuantileGrid}), threshold with the baseline's rank error
 *       only, since the current CDF is exact at the edges and D_grid overstates D by at most ε_b;
 *       Wasserstein-1 by the trapezoid rule over the CDF difference at the inner grid edges (truncated).
 *   <li><b>Histogram</b> (bucket counts): PSI and JS with the histogram's own buckets as bins;
 *       KS D = max over the bounds of |F_b − F_c| (the CDFs are known only there, so this is a
 *       lower bound of the D of the underlying values: coarse buckets hide drift), p-value as for
 *       numeric features.
 *   <li><b>Categorical</b>: PSI and JS over the union of categories (untracked ones as one
 *       "other" category), and Pearson χ² with its p-value (on the weighted counts: with sampling
 *       weights above 1 the p-value is too small, which is one reason χ² never drives alerts).
 * </ul>
 *
 * Thresholds are those of {@link DriftPolicy}.
 */
public final class FeatureComparison {

    /** What an evaluation changes in a feature's alert state. */
    public enum Transition {
        NONE,
        FIRE,
        RESOLVE
    }

    private FeatureComparison() {}

    /**
     * Every applicable method's score, in the order PSI, KS, JS, Wasserstein (numeric), PSI, KS, JS
     * (histogram), PSI, JS, χ² (categorical).
     *
     * @throws IllegalArgumentException when a summary is empty or the two are not comparable
     *     (different kinds, different histogram bounds)
     */
    public static List<MethodScore> compare(FeatureSummary baseline, FeatureSummary current, DriftPolicy policy) {
        if (baseline.isEmpty() || current.isEmpty()) {
            throw new IllegalArgumentException(
                    "cannot compare an empty " + (baseline.isEmpty() ? "baseline" : "current window"));
        }
        if (!baseline.compatibleWith(current)) {
            throw new IllegalArgumentException(
                    "current window (" + current + ") is not comparable with the baseline (" + baseline + ")");
        }
        long n = baseline.observations();
        long m = current.observations();
        return switch (baseline.kind()) {
            case NUMERIC -> numeric(baseline.numeric(), current.numeric(), n, m, policy);
            case BUCKETED -> bucketed(baseline.buckets(), current.buckets(), n, m, policy);
            case CATEGORICAL -> categorical(baseline, current, policy);
        };
    }

    /**
     * Scores a current window counted on {@code grid} against the frozen sketch {@code baseline} the grid
     * was derived from (see the class doc and {@link QuantileGrid}).
     *
     * <p>Wasserstein-1 here is truncated to the grid: the trapezoid rule for ∫ |F_b − F_c| dx from e(0) to
     * e(m−1) (the baseline's quantiles 1/G and 1 − 1/G) with the CDF difference known at the edges; the two
     * outer cells are left out, since the current window's values there are known only by count (with heavy
     * tails, linear interpolation to the extreme values was off by more than the score). On each inner cell
     * the rule is off by at most the cell's width times the two windows' mass in it. A trend score in the
     * feature's unit, not an exact W1 (which is below it by the tails' share) and never an alert.
     *
     * @throws IllegalArgumentException when a window is empty, the baseline is not a sketch or the current
     *     window is not on this grid
     */
    public static List<MethodScore> compareOnGrid(
            FeatureSummary baseline, QuantileGrid grid, FeatureSummary current, DriftPolicy policy) {
        if (baseline.isEmpty() || current.isEmpty()) {
            throw new IllegalArgumentException(
                    "cannot compare an empty " + (baseline.isEmpty() ? "baseline" : "current window"));
        }
        NumericSummary b = baseline.numeric();
        CellCounts c = current.cells();
        if (c.cells() != grid.cells()) {
            throw new IllegalArgumentException(
                    "current counts over " + c.cells() + " cells are not on the baseline's grid of " + grid.cells());
        }
        double[] edges = grid.edges();
        double[] fb = new double[edges.length];
        double[] fc = new double[edges.length];
        double total = c.total();
        long below = 0;
        double d = 0.0;
        for (int i = 0; i < edges.length; i++) {
            fb[i] = b.cdf(edges[i]);
            below += c.count(i);
            fc[i] = below / total;
            d = Math.max(d, Math.abs(fb[i] - fc[i]));
        }
        int bins = grid.psiBins().size();
        double[] pb = new double[bins];
        double previous = 0.0;
        int[] psiEdges = grid.psiEdgeIndices();
        for (int k = 0; k < psiEdges.length; k++) {
            // as Bins.proportions(NumericSummary): differences of the sketch CDF at the PSI edges
            double f = fb[psiEdges[k]];
            pb[k] = Math.max(0.0, f - previous);
            previous = Math.max(previous, f);
        }
        pb[bins - 1] = Math.max(0.0, 1.0 - previous);
        double[] pc = new double[bins];
        for (int cell = 0; cell < c.cells(); cell++) {
            pc[grid.psiBinOfCell(cell)] += c.count(cell) / total;
        }
        double w1 = 0.0;
        for (int i = 1; i < edges.length; i++) {
            w1 += (edges[i] - edges[i - 1]) * (Math.abs(fb[i - 1] - fc[i - 1]) + Math.abs(fb[i] - fc[i])) / 2;
        }
        long n = baseline.observations();
        long m = current.observations();
        int k = occupied(pb, pc);
        return List.of(
                new MethodScore(
                        Method.PSI, Psi.fromProportions(pb, pc), Double.NaN, policy.psiThreshold(n, m, k, rarest(pb))),
                new MethodScore(
                        Method.KS,
                        d,
                        KolmogorovSmirnov.asymptoticP(d, n, m),
                        policy.ksThreshold(n, m, b.rankError(), 0.0)),
                new MethodScore(
                        Method.JS, JensenShannon.distance(pb, pc), Double.NaN, policy.jsThreshold(n, m, k, rarest(pb))),
                new MethodScore(Method.WASSERSTEIN, w1, Double.NaN, Double.NaN));
    }

    private static List<MethodScore> numeric(NumericSummary b, NumericSummary c, long n, long m, DriftPolicy policy) {
        Bins bins = Bins.quantiles(b, policy.bins());
        double[] pb = bins.proportions(b);
        double[] pc = bins.proportions(c);
        double d = KolmogorovSmirnov.statistic(b, c);
        int k = occupied(pb, pc);
        return List.of(
                new MethodScore(
                        Method.PSI, Psi.fromProportions(pb, pc), Double.NaN, policy.psiThreshold(n, m, k, rarest(pb))),
                new MethodScore(
                        Method.KS,
                        d,
                        KolmogorovSmirnov.asymptoticP(d, n, m),
                        policy.ksThreshold(n, m, b.rankError(), c.rankError())),
                new MethodScore(
                        Method.JS, JensenShannon.distance(pb, pc), Double.NaN, policy.jsThreshold(n, m, k, rarest(pb))),
                new MethodScore(Method.WASSERSTEIN, Wasserstein.distance(b, c), Double.NaN, Double.NaN));
    }

    private static List<MethodScore> bucketed(BucketSummary b, BucketSummary c, long n, long m, DriftPolicy policy) {
        double[] pb = b.proportions();
        double[] pc = c.proportions();
        double[] fb = b.cdfAtBounds();
        double[] fc = c.cdfAtBounds();
        double d = 0;
        for (int i = 0; i < fb.length; i++) {
            d = Math.max(d, Math.abs(fb[i] - fc[i]));
        }
        int k = occupied(pb, pc);
        return List.of(
                new MethodScore(
                        Method.PSI, Psi.fromProportions(pb, pc), Double.NaN, policy.psiThreshold(n, m, k, rarest(pb))),
                new MethodScore(Method.KS, d, KolmogorovSmirnov.asymptoticP(d, n, m), policy.ksThreshold(n, m, 0, 0)),
                new MethodScore(
                        Method.JS,
                        JensenShannon.distance(pb, pc),
                        Double.NaN,
                        policy.jsThreshold(n, m, k, rarest(pb))));
    }

    private static List<MethodScore> categorical(FeatureSummary b, FeatureSummary c, DriftPolicy policy) {
        ChiSquareResult chi2 = ChiSquare.test(b.categorical(), c.categorical(), 0.0);
        long n = b.observations();
        long m = c.observations();
        int k = categories(b.categorical(), c.categorical());
        double rarest = rarest(b.categorical());
        return List.of(
                new MethodScore(
                        Method.PSI,
                        Psi.categorical(b.categorical(), c.categorical(), 0.0),
                        Double.NaN,
                        policy.psiThreshold(n, m, k, rarest)),
                new MethodScore(
                        Method.JS,
                        JensenShannon.categorical(b.categorical(), c.categorical()),
                        Double.NaN,
                        policy.jsThreshold(n, m, k, rarest)),
                new MethodScore(Method.CHI2, chi2.statistic(), chi2.pValue(), Double.NaN));
    }

    /** Bins holding mass on either side: the k of the sample-size-aware thresholds (empty bins add nothing). */
    static int occupied(double[] pb, double[] pc) {
        int k = 0;
        for (int i = 0; i < pb.length; i++) {
            if (pb[i] > 0 || pc[i] > 0) {
                k++;
            }
        }
        return k;
    }

    /** The smallest positive baseline share of a bin (1 when none). */
    static double rarest(double[] pb) {
        double min = 1.0;
        for (double p : pb) {
            if (p > 0) {
                min = Math.min(min, p);
            }
        }
        return min;
    }

    /** The smallest baseline share of a category ("other" included when it holds weight). */
    static double rarest(CategoricalSummary b) {
        double total = b.count();
        double min = b.otherCount() > 0 ? b.otherCount() / total : 1.0;
        for (long count : b.counts().values()) {
            if (count > 0) {
                min = Math.min(min, count / total);
            }
        }
        return min;
    }

    /** Categories seen on either side, untracked ones ("other") as one. */
    static int categories(CategoricalSummary b, CategoricalSummary c) {
        java.util.Set<String> union = new java.util.HashSet<>(b.counts().keySet());
        union.addAll(c.counts().keySet());
        return union.size() + (b.otherCount() > 0 || c.otherCount() > 0 ? 1 : 0);
    }

    /** The score of the method that drives alerts for {@code kind} (see {@link DriftPolicy#alertMethod}). */
    public static MethodScore alertScore(List<MethodScore> scores, FeatureSummary.Kind kind, DriftPolicy policy) {
        Method wanted = policy.alertMethod(kind);
        for (MethodScore s : scores) {
            if (s.method() == wanted) {
                return s;
            }
        }
        throw new IllegalArgumentException(
                "no " + wanted.label() + " score for a " + kind.name().toLowerCase() + " feature");
    }

    /**
     * The alert state change of one evaluation: FIRE when not firing and the alert score reaches its
     * threshold; RESOLVE when firing and the score is below {@link DriftPolicy#resolveRatio()} ×
     * threshold; NONE otherwise, and always when either window has fewer than {@link
     * DriftPolicy#minSamples()} observations.
     */
    public static Transition transition(
            boolean firing,
            MethodScore alert,
            long baselineObservations,
            long currentObservations,
            DriftPolicy policy) {
        if (baselineObservations < policy.minSamples() || currentObservations < policy.minSamples()) {
            return Transition.NONE;
        }
        if (!firing) {
            return alert.score() >= alert.threshold() ? Transition.FIRE : Transition.NONE;
        }
        return alert.score() < policy.resolveRatio() * alert.threshold() ? Transition.RESOLVE : Transition.NONE;
    }
}
