package io.driftwatch.drift.ks;

import io.driftwatch.drift.Samples;
import io.driftwatch.drift.ks.KsResult.PValueMethod;
import io.driftwatch.drift.sketch.NumericSummary;
import java.util.TreeSet;
import org.apache.commons.math3.stat.inference.KolmogorovSmirnovTest;

/**
 * Two-sample Kolmogorov–Smirnov statistic and p-value, from raw samples or from two
 * {@link NumericSummary} sketches.
 *
 * <p><b>Statistic.</b> D = sup over x of |F1(x) − F2(x)| with the empirical (right-continuous)
 * CDFs F(x) = fraction of the sample ≤ x. Computed here by a merge of the sorted samples that
 * advances past every copy of a tied value in both samples before comparing, so ties are exact.
 *
 * <p><b>p-value, raw samples.</b> When n·m &lt; {@value #EXACT_PRODUCT_LIMIT} (commons-math's
 * own {@code LARGE_SAMPLE_PRODUCT} rule), the exact null distribution:
 * commons-math 3.6.1 {@code exactP(D, n, m, strict = false)}, i.e. P(D(n,m) ≥ d), which is the
 * conventional p-value (it equals scipy's {@code ks_2samp(method="exact")}). Otherwise the
 * asymptotic Kolmogorov distribution, 1 − K(√(n·m/(n+m))·D) ({@link #asymptoticP}, commons-math's
 * {@code approximateP} but with the tail computed so that tiny p-values keep their digits).
 *
 * <p><b>Why not {@code KolmogorovSmirnovTest.kolmogorovSmirnovTest(x, y)} directly.</b> In
 * commons-math 3.6.1 it (a) uses strict = true, P(D &gt; d), which understates the p-value
 * on the lattice of attainable D values (e.g. 0.212 instead of 0.333 for n = 7, m = 6, D = 0.5),
 * and (b) when n·m &lt; 10,000 and the samples share values, it breaks ties by adding random
 * jitter and recomputes D on the jittered data, so the statistic and p-value no longer refer to
 * the data (observed: p = 0.212 where the exact tie-free distribution gives 0.963). Here D is
 * always the tie-correct statistic of the data; with ties the exact p-value, computed as if
 * there were none, is conservative (ties make large D less likely under H0).
 *
 * <p><b>Summaries.</b> {@link #test(NumericSummary, NumericSummary)}: D is the maximum of
 * |F1(x) − F2(x)| over the union of both summaries' rounded values (their CDFs are step functions
 * changing only there), which is exactly the D of the two samples after each value is rounded to its
 * summary's bin ({@link NumericSummary}: a relative change below 2α/(1−α), 0.2 % at α = 0.1 %), as long
 * as no bin collapsed ({@link NumericSummary#rankError()} 0; otherwise each CDF is off by at most its rank
 * error). p-value asymptotic with the summaries' counts as n and m. {@link #sketchThreshold} widens the
 * asymptotic rejection threshold by both rank errors, as DataSketches' sketch KS test did for KLL.
 */
public final class KolmogorovSmirnov {

    /** Exact p-values are used when n·m is below this (commons-math's rule). */
    public static final long EXACT_PRODUCT_LIMIT = 10_000;
    /** Conventional significance level for drift alerts. */
    public static final double DEFAULT_ALPHA = 0.05;

    private static final double KS_SUM_TOLERANCE = 1e-20;
    private static final int KS_SUM_MAX_TERMS = 100_000;

    private KolmogorovSmirnov() {}

    /** Tie-correct two-sample statistic D of raw samples; rejects empty samples and NaN/infinite values. */
    public static double statistic(double[] x, double[] y) {
        double[] a = Samples.sortedFinite(x, "first");
        double[] b = Samples.sortedFinite(y, "second");
        int i = 0;
        int j = 0;
        double d = 0.0;
        while (i < a.length && j < b.length) {
            double v = Math.min(a[i], b[j]);
            while (i < a.length && a[i] == v) {
                i++;
            }
            while (j < b.length && b[j] == v) {
                j++;
            }
            d = Math.max(d, Math.abs(i / (double) a.length - j / (double) b.length));
        }
        return d;
    }

    /** Statistic and p-value of raw samples (exact when n·m &lt; 10,000, else asymptotic). */
    public static KsResult test(double[] x, double[] y) {
        double d = statistic(x, y);
        int n = x.length;
        int m = y.length;
        return new KsResult(
                d,
                pValue(d, n, m),
                n,
                m,
                (long) n * m < EXACT_PRODUCT_LIMIT ? PValueMethod.EXACT : PValueMethod.ASYMPTOTIC);
    }

    /** The p-value of D for raw samples of sizes n and m, as {@link #test(double[], double[])} computes it. */
    public static double pValue(double d, int n, int m) {
        KolmogorovSmirnovTest commons = new KolmogorovSmirnovTest();
        return (long) n * m < EXACT_PRODUCT_LIMIT ? clamp(commons.exactP(d, n, m, false)) : asymptoticP(d, n, m);
    }

    /** D between two summaries' CDFs over their rounded values. */
    public static double statistic(NumericSummary first, NumericSummary second) {
        Samples.requireNonEmpty(first, "first");
        Samples.requireNonEmpty(second, "second");
        TreeSet<Double> support = new TreeSet<>();
        for (double v : first.retainedValues()) {
            support.add(v);
        }
        for (double v : second.retainedValues()) {
            support.add(v);
        }
        double d = 0.0;
        for (double v : support) {
            d = Math.max(d, Math.abs(first.cdf(v) - second.cdf(v)));
        }
        return d;
    }

    /** Sketch D with an asymptotic p-value at n = first.count(), m = second.count() (see class doc). */
    public static KsResult test(NumericSummary first, NumericSummary second) {
        double d = statistic(first, second);
        long n = first.count();
        long m = second.count();
        return new KsResult(d, asymptoticP(d, n, m), n, m, PValueMethod.ASYMPTOTIC);
    }

    /**
     * 1 − K(√(n·m/(n+m))·d), K the Kolmogorov distribution function; identical to commons-math's
     * {@code approximateP} but without its int sample sizes.
     */
    public static double asymptoticP(double d, long n, long m) {
        if (n < 1 || m < 1) {
            throw new IllegalArgumentException("sample sizes must be >= 1, got " + n + ", " + m);
        }
        return kolmogorovTail(Math.sqrt((double) n * m / ((double) n + m)) * d);
    }

    /**
     * Q(λ) = 1 − K(λ) = 2 Σ_{k≥1} (−1)^{k−1} e^{−2k²λ²}, the Kolmogorov distribution's upper tail. Below
     * λ = 1 as 1 − commons-math's {@code ksSum(λ)}; from λ = 1 on by the alternating series itself, whose
     * terms fall so fast that it keeps full relative precision down to the smallest doubles (1 − K(λ) is
     * 0 in doubles beyond λ ≈ 6, where p &lt; 1e-31; the series gives 2.3e-193 as scipy does).
     */
    static double kolmogorovTail(double lambda) {
        if (lambda < 1.0) {
            return clamp(1.0 - new KolmogorovSmirnovTest().ksSum(lambda, KS_SUM_TOLERANCE, KS_SUM_MAX_TERMS));
        }
        double sum = 0.0;
        for (int k = 1; k <= 100; k++) {
            double term = Math.exp(-2.0 * k * k * lambda * lambda);
            sum += k % 2 == 1 ? term : -term;
            if (term <= Math.abs(sum) * 1e-17) {
                break;
            }
        }
        return clamp(2.0 * sum);
    }

    /**
     * The asymptotic rejection threshold for D at significance {@code alpha}, c(α)·√((n+m)/(n·m)) with
     * c(α) = √(−ln(α/2)/2), plus both summaries' {@linkplain NumericSummary#rankError() rank errors}.
     */
    public static double sketchThreshold(NumericSummary first, NumericSummary second, double alpha) {
        Samples.requireNonEmpty(first, "first");
        Samples.requireNonEmpty(second, "second");
        if (!(alpha > 0 && alpha < 1)) {
            throw new IllegalArgumentException("alpha must be in (0, 1), got " + alpha);
        }
        double n = first.count();
        double m = second.count();
        return Math.sqrt(-Math.log(alpha / 2) / 2) * Math.sqrt((n + m) / (n * m))
                + first.rankError()
                + second.rankError();
    }

    private static double clamp(double p) {
        return Math.min(1.0, Math.max(0.0, p));
    }
}
