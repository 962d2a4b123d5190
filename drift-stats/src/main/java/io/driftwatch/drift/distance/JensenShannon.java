package io.driftwatch.drift.distance;

import io.driftwatch.drift.psi.Bins;
import io.driftwatch.drift.psi.CategoricalProportions;
import io.driftwatch.drift.psi.Psi;
import io.driftwatch.drift.psi.Psi.Binning;
import io.driftwatch.drift.sketch.CategoricalSummary;
import io.driftwatch.drift.sketch.NumericSummary;
import java.util.Map;

/**
 * Jensen–Shannon distance between two binned distributions P and Q:
 * JS = √( ½·KL(P‖M) + ½·KL(Q‖M) ), M = ½(P + Q), KL(P‖M) = Σ p(i)·log₂(p(i)/m(i)) with
 * 0·log 0 = 0. Base-2 logarithms bound it to [0, 1]; it is symmetric, 0 iff P = Q, and a metric.
 *
 * <p>Numeric samples use exactly the {@link Psi} binning ({@link Bins}: baseline quantile or
 * equal-width bins, default {@value Psi#DEFAULT_BINS}); categorical samples the same category
 * union as categorical PSI. No flooring: m(i) &gt; 0 wherever p(i) &gt; 0, so every term is
 * finite, and flooring would only bias the score.
 */
public final class JensenShannon {

    /** Score above which the CLI reports drift (a common rule of thumb for base-2 JS distance). */
    public static final double DEFAULT_THRESHOLD = 0.1;

    private JensenShannon() {}

    /** JS distance of two proportion vectors over the same bins (each should sum to 1). */
    public static double distance(double[] p, double[] q) {
        if (p.length != q.length) {
            throw new IllegalArgumentException("proportion vectors differ in length: " + p.length + " vs " + q.length);
        }
        double divergence = 0.0;
        for (int i = 0; i < p.length; i++) {
            if (p[i] < 0 || q[i] < 0) {
                throw new IllegalArgumentException("negative proportion in bin " + i);
            }
            double m = 0.5 * (p[i] + q[i]);
            divergence += 0.5 * klTerm(p[i], m) + 0.5 * klTerm(q[i], m);
        }
        // rounding can leave a tiny negative or >1 value
        return Math.sqrt(Math.min(1.0, Math.max(0.0, divergence)));
    }

    private static double klTerm(double p, double m) {
        return p == 0.0 ? 0.0 : p * Math.log(p / m) / Math.log(2.0);
    }

    /** Exact JS distance of raw samples on the PSI binning. */
    public static double compute(double[] baseline, double[] current, int bins, Binning binning) {
        Bins b = binning == Binning.QUANTILE ? Bins.quantiles(baseline, bins) : Bins.equalWidth(baseline, bins);
        return distance(b.proportions(baseline), b.proportions(current));
    }

    /** Sketch JS distance on the PSI binning (edges from the baseline sketch, proportions from CDFs). */
    public static double compute(NumericSummary baseline, NumericSummary current, int bins, Binning binning) {
        Bins b = binning == Binning.QUANTILE ? Bins.quantiles(baseline, bins) : Bins.equalWidth(baseline, bins);
        return distance(b.proportions(baseline), b.proportions(current));
    }

    /** JS distance of two categorical count maps over the union of categories. */
    public static double categorical(Map<String, Long> baseline, Map<String, Long> current) {
        CategoricalProportions p = CategoricalProportions.of(baseline, 0, current, 0, 0.0);
        return distance(p.baseline(), p.current());
    }

    /** JS distance of two categorical summaries (untracked weight is one "other" category). */
    public static double categorical(CategoricalSummary baseline, CategoricalSummary current) {
        CategoricalProportions p = CategoricalProportions.of(
                baseline.counts(), baseline.otherCount(), current.counts(), current.otherCount(), 0.0);
        return distance(p.baseline(), p.current());
    }
}
