package io.driftwatch.drift.feature;

import io.driftwatch.drift.distance.JensenShannon;
import io.driftwatch.drift.psi.Psi;
import java.io.Serializable;
import java.util.Objects;
import org.apache.commons.math3.distribution.ChiSquaredDistribution;

/**
 * How feature drift is scored and when it is called: bins, thresholds, which method drives the
 * alert state, the minimum sample size and the hysteresis. Immutable; build with {@link #builder()}.
 *
 * <p><b>Decision.</b> For each feature one method drives the alert ({@link #numericAlertMethod()}
 * for numeric and histogram features, default KS; {@link #categoricalAlertMethod()} for categorical
 * ones, default PSI). A feature starts firing when that method's score reaches its threshold, and
 * resolves when the score falls below {@link #resolveRatio()} × threshold (hysteresis: with the
 * defaults, PSI fires at 0.25 and resolves below 0.2, the field's warn level). While either window
 * holds fewer than {@link #minSamples()} observations nothing changes state.
 *
 * <p><b>Thresholds.</b> PSI: {@link #psiThreshold()} (0.25; 0.2 is the conventional warn level).
 * JS distance: {@link #jsThreshold()} (0.1). KS: D ≥ max({@link #ksMinD()}, c(α)·√((n+m)/(n·m)) +
 * ε_b + ε_c), with c(α) = √(−ln(α/2)/2) the asymptotic Kolmogorov critical value at significance
 * α = {@link #ksAlpha()}, n and m the observations of the two windows, and ε the {@linkplain
 * io.driftwatch.drift.sketch.NumericSummary#rankError() rank error} of each numeric summary (0 while no
 * bin collapsed, D being then exact for the rounded values; 0 for histograms, whose CDF at the bounds is exact, and for a current window
 * counted on a frozen baseline's {@link QuantileGrid}: there D_grid overstates the exact D by at most the
 * baseline's ε, and can only understate it by the grid's 1/G + 3ε_b + 2/n, which an error allowance
 * against false alarms must not add): D must be both
 * significant after allowing for the summaries' error (as a sketch-aware KS test does, with the
 * true sample sizes) and larger than {@link #ksMinD()}, because with 10⁵ values a
 * practically irrelevant difference is already significant. Wasserstein-1 has no threshold (its
 * unit is the feature's) and χ² is reported with its p-value only.
 *
 * <p><b>Short window</b> ({@link #forShortWindow()}): the same rules at significance {@link
 * #shortWindowAlpha()}, with sample-size-aware PSI and JS thresholds instead of a fixed minimum of
 * observations: under no drift, with k bins and n, m observations, PSI ≈ Σ (p_c − p_b)²/p_b ≈ (1/n + 1/m)·χ²_{k−1}
 * (PSI is the symmetrised KL divergence, whose second-order term is Pearson's χ² distance), so the PSI
 * threshold is max({@link #psiThreshold()}, (1/n + 1/m)·χ²⁻¹_{k−1}(1 − α_s)); the JS divergence in nats is
 * to second order an eighth of it, so the JS distance (base 2) threshold is max({@link #jsThreshold()},
 * √((1/n + 1/m)·χ²⁻¹_{k−1}(1 − α_s) / (8·ln 2))), both only while m·p_min ≥ −ln α_s (13.8 at 10⁻⁶), p_min the
 * rarest bin's baseline share: below it the rarest bin is empty by chance more often than α_s, which with
 * PSI's floor of 10⁻⁴ per share is a tail the χ² approximation lacks (a missing 10 % category adds 0.69),
 * and the threshold is infinite (no decision). The KS threshold is the one above at α_s: it needs no
 * minimum, since c(α_s)·√(1/m) exceeds 1 below m = c(α_s)² (7 at 10⁻⁶). The only floor is {@link
 * #SHORT_WINDOW_MIN_SAMPLES} observations, where neither could fire anyway.
 */
public final class DriftPolicy implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Default minimum KS D for a drift call. */
    public static final double DEFAULT_KS_MIN_D = 0.05;
    /** Default significance level of the sketch-aware KS criterion. */
    public static final double DEFAULT_KS_ALPHA = 1e-6;
    /**
     * Default significance of the short window's criteria. With {@link #DEFAULT_KS_ALPHA} it keeps the
     * expected number of false events below 0.1 over 35 days of hourly evaluations of 25 features (the
     * demo's) at both scales, by the union bound (which holds for overlapping windows too): 35 · 24 · 25 ·
     * (10⁻⁶ + 10⁻⁶) = 0.042.
     */
    public static final double DEFAULT_SHORT_WINDOW_ALPHA = 1e-6;
    /** The short window's floor of observations per side (see the class doc). */
    public static final long SHORT_WINDOW_MIN_SAMPLES = 30;
    /** Default minimum observations in each window before the alert state may change. */
    public static final long DEFAULT_MIN_SAMPLES = 1000;
    /** Default resolve level as a fraction of the threshold. */
    public static final double DEFAULT_RESOLVE_RATIO = 0.8;

    private final int bins;
    private final double psiThreshold;
    private final double jsThreshold;
    private final double ksMinD;
    private final double ksAlpha;
    private final Method numericAlertMethod;
    private final Method categoricalAlertMethod;
    private final long minSamples;
    private final double resolveRatio;
    private final double shortWindowAlpha;
    private final boolean sampleSizeAware;

    private DriftPolicy(Builder b) {
        this.bins = b.bins;
        this.psiThreshold = b.psiThreshold;
        this.jsThreshold = b.jsThreshold;
        this.ksMinD = b.ksMinD;
        this.ksAlpha = b.ksAlpha;
        this.numericAlertMethod = b.numericAlertMethod;
        this.categoricalAlertMethod = b.categoricalAlertMethod;
        this.minSamples = b.minSamples;
        this.resolveRatio = b.resolveRatio;
        this.shortWindowAlpha = b.shortWindowAlpha;
        this.sampleSizeAware = b.sampleSizeAware;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The defaults. */
    public static DriftPolicy defaults() {
        return builder().build();
    }

    /** Quantile bins of numeric PSI and JS. */
    public int bins() {
        return bins;
    }

    public double psiThreshold() {
        return psiThreshold;
    }

    public double jsThreshold() {
        return jsThreshold;
    }

    public double ksMinD() {
        return ksMinD;
    }

    public double ksAlpha() {
        return ksAlpha;
    }
    /** The method driving alerts of numeric and histogram features: KS, PSI or JS. */
    public Method numericAlertMethod() {
        return numericAlertMethod;
    }
    /** The method driving alerts of categorical features: PSI or JS. */
    public Method categoricalAlertMethod() {
        return categoricalAlertMethod;
    }

    public long minSamples() {
        return minSamples;
    }

    public double resolveRatio() {
        return resolveRatio;
    }

    /** Significance of the short window's criteria ({@code drift.short-window-alpha}). */
    public double shortWindowAlpha() {
        return shortWindowAlpha;
    }

    /** Whether the PSI and JS thresholds grow with sampling noise (the short window's policy). */
    public boolean sampleSizeAware() {
        return sampleSizeAware;
    }

    /**
     * The policy of the short window: KS at α = {@link #shortWindowAlpha()}, sample-size-aware PSI and JS
     * thresholds, and {@link #SHORT_WINDOW_MIN_SAMPLES} instead of {@link #minSamples()} (see the class doc).
     */
    public DriftPolicy forShortWindow() {
        Builder b = toBuilder();
        b.ksAlpha = shortWindowAlpha;
        b.minSamples = SHORT_WINDOW_MIN_SAMPLES;
        b.sampleSizeAware = true;
        return b.build();
    }

    /**
     * The PSI threshold for windows of n and m observations over k bins, the rarest holding a share pMin of
     * the baseline: {@link #psiThreshold()}, and with {@link #sampleSizeAware()} at least the (1 − α) quantile
     * of PSI under no drift, (1/n + 1/m)·χ²⁻¹_{k−1}(1 − α) with α = {@link #ksAlpha()}; infinite (no decision)
     * while m·pMin < −ln α (see the class doc).
     */
    public double psiThreshold(long n, long m, int k, double pMin) {
        if (!sampleSizeAware) {
            return psiThreshold;
        }
        return tooFew(m, pMin) ? Double.POSITIVE_INFINITY : Math.max(psiThreshold, noiseQuantile(n, m, k));
    }

    /** The JS distance threshold; with {@link #sampleSizeAware()} at least √(noise quantile / (8 ln 2)). */
    public double jsThreshold(long n, long m, int k, double pMin) {
        if (!sampleSizeAware) {
            return jsThreshold;
        }
        return tooFew(m, pMin)
                ? Double.POSITIVE_INFINITY
                : Math.max(jsThreshold, Math.sqrt(noiseQuantile(n, m, k) / (8 * Math.log(2))));
    }

    /**
     * Whether the rarest bin may be empty by chance more often than α: (1 − pMin)^m ≤ e^{−m·pMin}, so m·pMin
     * ≥ −ln α bounds that by α. An empty bin is PSI's and JS's heavy tail (PSI floors a share at 10⁻⁴: a
     * missing 10 % category alone adds 0.1·ln(10³) = 0.69), which the χ² approximation does not have.
     */
    private boolean tooFew(long m, double pMin) {
        return m * pMin < -Math.log(ksAlpha);
    }

    /** (1/n + 1/m)·χ²⁻¹_{k−1}(1 − α): PSI's (1 − α) quantile under no drift, to second order. */
    private double noiseQuantile(long n, long m, int k) {
        if (k < 2) {
            return 0.0; // one bin: no distribution to differ
        }
        double q = new ChiSquaredDistribution(null, k - 1).inverseCumulativeProbability(1 - ksAlpha);
        return (1.0 / n + 1.0 / m) * q;
    }

    private Builder toBuilder() {
        Builder b = new Builder();
        b.bins = bins;
        b.psiThreshold = psiThreshold;
        b.jsThreshold = jsThreshold;
        b.ksMinD = ksMinD;
        b.ksAlpha = ksAlpha;
        b.numericAlertMethod = numericAlertMethod;
        b.categoricalAlertMethod = categoricalAlertMethod;
        b.minSamples = minSamples;
        b.resolveRatio = resolveRatio;
        b.shortWindowAlpha = shortWindowAlpha;
        b.sampleSizeAware = sampleSizeAware;
        return b;
    }

    /** The alert method for a feature of {@code kind}. */
    public Method alertMethod(FeatureSummary.Kind kind) {
        return kind == FeatureSummary.Kind.CATEGORICAL ? categoricalAlertMethod : numericAlertMethod;
    }

    /** The KS threshold for observations n, m and sketch rank errors (see class doc). */
    public double ksThreshold(long n, long m, double rankErrorBaseline, double rankErrorCurrent) {
        double c = Math.sqrt(-Math.log(ksAlpha / 2) / 2);
        double significant = c * Math.sqrt((double) (n + m) / ((double) n * m)) + rankErrorBaseline + rankErrorCurrent;
        return Math.max(ksMinD, significant);
    }

    /** Builds a {@link DriftPolicy}; every setter validates its value. */
    public static final class Builder {
        private int bins = Psi.DEFAULT_BINS;
        private double psiThreshold = Psi.ALERT_THRESHOLD;
        private double jsThreshold = JensenShannon.DEFAULT_THRESHOLD;
        private double ksMinD = DEFAULT_KS_MIN_D;
        private double ksAlpha = DEFAULT_KS_ALPHA;
        private Method numericAlertMethod = Method.KS;
        private Method categoricalAlertMethod = Method.PSI;
        private long minSamples = DEFAULT_MIN_SAMPLES;
        private double resolveRatio = DEFAULT_RESOLVE_RATIO;
        private double shortWindowAlpha = DEFAULT_SHORT_WINDOW_ALPHA;
        private boolean sampleSizeAware;

        private Builder() {}

        public Builder bins(int bins) {
            require(bins >= 2, "bins must be >= 2, got " + bins);
            this.bins = bins;
            return this;
        }

        public Builder psiThreshold(double t) {
            require(t > 0, "PSI threshold must be > 0, got " + t);
            this.psiThreshold = t;
            return this;
        }

        public Builder jsThreshold(double t) {
            require(t > 0 && t <= 1, "JS threshold must be in (0, 1], got " + t);
            this.jsThreshold = t;
            return this;
        }

        public Builder ksMinD(double d) {
            require(d >= 0 && d < 1, "KS minimum D must be in [0, 1), got " + d);
            this.ksMinD = d;
            return this;
        }

        public Builder ksAlpha(double alpha) {
            require(alpha > 0 && alpha < 1, "KS alpha must be in (0, 1), got " + alpha);
            this.ksAlpha = alpha;
            return this;
        }

        public Builder numericAlertMethod(Method m) {
            require(
                    m == Method.KS || m == Method.PSI || m == Method.JS,
                    "numeric features alert on ks, psi or js, not " + m.label());
            this.numericAlertMethod = m;
            return this;
        }

        public Builder categoricalAlertMethod(Method m) {
            require(m == Method.PSI || m == Method.JS, "categorical features alert on psi or js, not " + m.label());
            this.categoricalAlertMethod = m;
            return this;
        }

        public Builder minSamples(long n) {
            require(n >= 1, "minimum samples must be >= 1, got " + n);
            this.minSamples = n;
            return this;
        }

        public Builder resolveRatio(double r) {
            require(r > 0 && r <= 1, "resolve ratio must be in (0, 1], got " + r);
            this.resolveRatio = r;
            return this;
        }

        public Builder shortWindowAlpha(double alpha) {
            require(alpha > 0 && alpha < 1, "short-window alpha must be in (0, 1), got " + alpha);
            this.shortWindowAlpha = alpha;
            return this;
        }

        public DriftPolicy build() {
            return new DriftPolicy(this);
        }

        private static void require(boolean ok, String message) {
            if (!ok) {
                throw new IllegalArgumentException(message);
            }
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DriftPolicy p
                && bins == p.bins
                && psiThreshold == p.psiThreshold
                && jsThreshold == p.jsThreshold
                && ksMinD == p.ksMinD
                && ksAlpha == p.ksAlpha
                && numericAlertMethod == p.numericAlertMethod
                && categoricalAlertMethod == p.categoricalAlertMethod
                && minSamples == p.minSamples
                && resolveRatio == p.resolveRatio
                && shortWindowAlpha == p.shortWindowAlpha
                && sampleSizeAware == p.sampleSizeAware;
    }

    @Override
    public int hashCode() {
        return Objects.hash(
                bins,
                psiThreshold,
                jsThreshold,
                ksMinD,
                ksAlpha,
                numericAlertMethod,
                categoricalAlertMethod,
                minSamples,
                resolveRatio,
                shortWindowAlpha,
                sampleSizeAware);
    }
}
