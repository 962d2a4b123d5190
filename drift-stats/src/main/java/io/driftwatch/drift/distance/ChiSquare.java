package io.driftwatch.drift.distance;

import io.driftwatch.drift.psi.CategoricalProportions;
import io.driftwatch.drift.sketch.CategoricalSummary;
import java.util.Map;
import org.apache.commons.math3.distribution.ChiSquaredDistribution;

/**
 * Pearson chi-square test that a baseline and a current categorical sample come from the same
 * distribution (test of homogeneity on the 2 × K contingency table).
 *
 * <p>Categories: the union of both samples' categories (optionally folding those below
 * {@code minShare} in both samples into one "other" category, as categorical PSI does).
 * Expected counts use the pooled proportions: E(s, i) = n(s) · (b(i) + c(i)) / (n(b) + n(c)).
 * χ² = Σ over both samples and all K categories of (O − E)² / E; degrees of freedom K − 1;
 * p-value = 1 − F(χ²) of the χ²(K − 1) distribution (commons-math). With a single category
 * (K = 1) there is nothing to test: χ² = 0, p = 1. Like any χ² test it is unreliable when
 * expected counts are below about 5.
 */
public final class ChiSquare {

    /** Significance level under which the CLI reports drift. */
    public static final double DEFAULT_ALPHA = 0.05;

    private ChiSquare() {}

    public static ChiSquareResult test(Map<String, Long> baseline, Map<String, Long> current) {
        return test(baseline, current, 0.0);
    }

    public static ChiSquareResult test(Map<String, Long> baseline, Map<String, Long> current, double minShare) {
        return test(CategoricalProportions.of(baseline, 0, current, 0, minShare));
    }

    /** Test of two summaries; untracked weight counts as one "other" category. */
    public static ChiSquareResult test(CategoricalSummary baseline, CategoricalSummary current, double minShare) {
        return test(CategoricalProportions.of(
                baseline.counts(), baseline.otherCount(), current.counts(), current.otherCount(), minShare));
    }

    private static ChiSquareResult test(CategoricalProportions p) {
        long[] b = p.baselineCounts();
        long[] c = p.currentCounts();
        int k = b.length;
        if (k < 2) {
            return new ChiSquareResult(0.0, 1.0, 0, p.categories());
        }
        double nb = 0;
        double nc = 0;
        for (int i = 0; i < k; i++) {
            nb += b[i];
            nc += c[i];
        }
        double total = nb + nc;
        double statistic = 0.0;
        for (int i = 0; i < k; i++) {
            double pooled = (b[i] + c[i]) / total;
            double eb = nb * pooled;
            double ec = nc * pooled;
            statistic += (b[i] - eb) * (b[i] - eb) / eb + (c[i] - ec) * (c[i] - ec) / ec;
        }
        int df = k - 1;
        double pValue = 1.0 - new ChiSquaredDistribution(null, df).cumulativeProbability(statistic);
        return new ChiSquareResult(statistic, Math.max(0.0, pValue), df, p.categories());
    }
}
