package io.driftwatch.drift.ks;

/**
 * Outcome of a two-sample Kolmogorov–Smirnov test.
 *
 * @param statistic D = sup over x of |F1(x) − F2(x)|, in [0, 1]
 * @param pValue probability under H0 (same continuous distribution) of a statistic ≥ D
 * @param n size (total weight) of the first sample
 * @param m size (total weight) of the second sample
 * @param method how the p-value was obtained
 */
public record KsResult(double statistic, double pValue, long n, long m, PValueMethod method) {

    /** How a KS p-value was computed. */
    public enum PValueMethod {
        /** Exact null distribution of D for sample sizes n and m (no ties assumed). */
        EXACT,
        /** Asymptotic Kolmogorov distribution at √(n·m/(n+m))·D. */
        ASYMPTOTIC
    }
}
