package io.driftwatch.drift.fdr;

import java.util.Arrays;

/**
 * Benjamini–Hochberg step-up procedure: adjusted p-values and the rejection set at a false discovery rate q.
 *
 * <p><b>Definition.</b> Of the p-values given, the NaN ones (a feature without a test this evaluation) are not
 * hypotheses: they take no rank, do not count in m and get a NaN adjusted value. The m others, sorted
 * ascending p_(1) ≤ … ≤ p_(m), are adjusted to p̃_(i) = min over k ≥ i of min(1, p_(k)·m/k) (each computed in
 * doubles, p·m first, then divided by k), and hypothesis i is rejected at level q iff p̃_i ≤ q — the same set
 * as "reject every p_(i) with i ≤ k̂, k̂ the largest k with p_(k) ≤ k·q/m" up to the rounding of that product.
 *
 * <p><b>Ties.</b> Tied p-values get the same adjusted value whatever their order: for p_(k) = p_(k+1),
 * p̃_(k+1) ≤ p_(k+1)·m/(k+1) ≤ p_(k)·m/k, so p̃_(k) = min(p_(k)·m/k, p̃_(k+1)) = p̃_(k+1). So each input finds its adjusted value by a binary search of its p-value in the
 * sorted copy, whichever tied rank that lands on: one primitive sort, no boxed index sort; three arrays (the
 * sorted copy, the adjusted values by rank, the result).
 *
 * <p>Under independent p-values (or positive regression dependence, PRDS) the expected share of false
 * rejections among the rejections is at most q·m₀/m, m₀ the true nulls (Benjamini and Hochberg 1995,
 * Benjamini and Yekutieli 2001).
 */
public final class BenjaminiHochberg {

    private BenjaminiHochberg() {}

    /**
     * The BH-adjusted p-values, in the order of {@code pValues}; NaN where the input is NaN.
     *
     * @throws IllegalArgumentException naming the index of a p-value outside [0, 1] or infinite
     */
    public static double[] adjust(double[] pValues) {
        int m = 0;
        for (int i = 0; i < pValues.length; i++) {
            double p = pValues[i];
            if (Double.isNaN(p)) {
                continue;
            }
            if (!(p >= 0 && p <= 1)) {
                throw new IllegalArgumentException("p-value " + i + " is " + p + ", not in [0, 1]");
            }
            m++;
        }
        double[] sorted = new double[m];
        int k = 0;
        for (double p : pValues) {
            if (!Double.isNaN(p)) {
                sorted[k++] = p + 0.0; // −0.0 → 0.0, so the binary search below finds it whichever zero it was
            }
        }
        Arrays.sort(sorted);
        double[] byRank = new double[m];
        double running = 1.0;
        for (int i = m - 1; i >= 0; i--) {
            running = Math.min(running, sorted[i] * m / (i + 1));
            byRank[i] = running;
        }
        double[] adjusted = new double[pValues.length];
        for (int i = 0; i < pValues.length; i++) {
            double p = pValues[i];
            adjusted[i] = Double.isNaN(p) ? Double.NaN : byRank[Arrays.binarySearch(sorted, p + 0.0)];
        }
        return adjusted;
    }

    /**
     * Which hypotheses BH rejects at false discovery rate {@code q}: adjusted p-value ≤ q (NaN never).
     *
     * @throws IllegalArgumentException when q is not in (0, 1) or a p-value is invalid
     */
    public static boolean[] reject(double[] pValues, double q) {
        requireLevel(q);
        double[] adjusted = adjust(pValues);
        boolean[] rejected = new boolean[adjusted.length];
        for (int i = 0; i < adjusted.length; i++) {
            rejected[i] = adjusted[i] <= q;
        }
        return rejected;
    }

    static void requireLevel(double q) {
        if (!(q > 0 && q < 1)) {
            throw new IllegalArgumentException("false discovery rate q must be in (0, 1), got " + q);
        }
    }
}
