package io.driftwatch.drift.confidence;

import io.driftwatch.drift.alert.ScaleVerdict;
import java.io.Serializable;
import org.apache.commons.math3.distribution.NormalDistribution;

/**
 * The sample-size-aware alert level of the short window ({@code confidence.short-window}): a short
 * window holds far fewer inferences than the current one, so its mean is noisier and a fixed drift-ratio
 * threshold alone would either miss big breaks (set high) or fire on noise (set low).
 *
 * <p>Definitions, for a short window of {@code m} evaluation intervals holding {@code n} inferences,
 * evaluated against a baseline with mean {@code μ} ({@code baseline_avg}), spread of one interval's mean
 * {@code σ} ({@code baseline_stddev}, see {@link ConfidenceEvaluation}) learnt from {@code N} inferences
 * in {@code K} qualifying intervals, so {@code n̄ = N / K} inferences per interval:
 *
 * <ul>
 *   <li>standard error of the window's mean {@code SE = σ · sqrt(max(1 / m, n̄ / n))}. An interval's
 *       mean varies by {@code τ²} between intervals plus {@code s² / n̄} by sampling, {@code σ² ≈ τ² +
 *       s² / n̄}; a window of {@code m} intervals and {@code n} inferences varies by {@code τ² / m + s² /
 *       n}, which is at most {@code σ² · max(1 / m, n̄ / n)}. So for {@code m = 1} at usual traffic
 *       {@code SE = σ}, and a quiet hour (fewer inferences than usual) gets a wider one;
 *   <li>critical value {@code z = Φ⁻¹(1 − α / 2)} (two-sided, as the drift ratio is);
 *   <li>fire level {@code level = max(floor, z · SE / |μ|)} in drift-ratio units, where {@code floor}
 *       is {@code confidence.drift-ratio-threshold}: the window fires when its {@code drift_ratio > level},
 *       that is when its mean is both further from the baseline than the effect-size floor and
 *       significantly so at level {@code α}; resolve level {@code resolveRatio · level}.
 * </ul>
 *
 * <p>The level is undefined ({@code NaN}, no verdict) when {@code μ}, {@code σ} or {@code n̄} is, when
 * {@code μ = 0} or {@code n = 0}. Under a stable series whose interval means are normal with spread
 * {@code σ}, one evaluation fires falsely with probability at most {@code α}; short windows of
 * consecutive evaluations do not overlap when {@code m = 1}, so they are independent trials.
 */
public final class ShortWindowRule implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Default {@code confidence.short-window-alpha}; see README, "Multi-scale windows". */
    public static final double DEFAULT_ALPHA = 1e-5;

    private final double floor;
    private final double alpha;
    private final double resolveRatio;
    private final long minSamples;
    private final double z;

    /**
     * @param floor the effect-size floor ({@code confidence.drift-ratio-threshold}), finite and {@code > 0}
     * @param alpha the two-sided significance of one evaluation, in {@code (0, 1)}
     * @param resolveRatio the resolve level as a fraction of the fire level, in {@code (0, 1]}
     * @param minSamples the window's minimum count for a verdict, {@code >= 1}
     * @throws IllegalArgumentException naming the invalid parameter
     */
    public ShortWindowRule(double floor, double alpha, double resolveRatio, long minSamples) {
        if (!(floor > 0) || Double.isInfinite(floor)) {
            throw new IllegalArgumentException("drift ratio floor must be finite and > 0, was " + floor);
        }
        if (!(alpha > 0 && alpha < 1)) {
            throw new IllegalArgumentException("short-window alpha must be in (0, 1), was " + alpha);
        }
        if (!(resolveRatio > 0 && resolveRatio <= 1)) {
            throw new IllegalArgumentException("resolve ratio must be in (0, 1], was " + resolveRatio);
        }
        if (minSamples < 1) {
            throw new IllegalArgumentException("minimum samples must be >= 1, was " + minSamples);
        }
        this.floor = floor;
        this.alpha = alpha;
        this.resolveRatio = resolveRatio;
        this.minSamples = minSamples;
        this.z = new NormalDistribution(null, 0, 1).inverseCumulativeProbability(1 - alpha / 2);
    }

    /** {@code SE} of the class comment for a window of {@code windowSlots} intervals evaluated as {@code e}. */
    public static double standardError(ConfidenceEvaluation e, int windowSlots) {
        if (windowSlots < 1) {
            throw new IllegalArgumentException("window must span at least one interval, was " + windowSlots);
        }
        long n = e.currentCount();
        if (n == 0 || e.baselineSlots() == 0) {
            return Double.NaN;
        }
        double perInterval = (double) e.baselineCount() / e.baselineSlots();
        return e.baselineStddev() * Math.sqrt(Math.max(1.0 / windowSlots, perInterval / n));
    }

    /** The fire level of the class comment, in drift-ratio units; {@code NaN} when undefined. */
    public double fireLevel(ConfidenceEvaluation e, int windowSlots) {
        double mu = Math.abs(e.baselineAvg());
        if (!(mu > 0)) {
            return Double.NaN;
        }
        double significant = z * standardError(e, windowSlots) / mu;
        return Double.isNaN(significant) ? Double.NaN : Math.max(floor, significant);
    }

    /** The window's verdict: {@link ScaleVerdict#NONE} with fewer than {@code minSamples} inferences. */
    public ScaleVerdict verdict(ConfidenceEvaluation e, int windowSlots) {
        if (e.currentCount() < minSamples) {
            return ScaleVerdict.NONE;
        }
        double level = fireLevel(e, windowSlots);
        return ScaleVerdict.of(e.driftRatio(), level, resolveRatio * level, true);
    }

    /** {@code z}, the critical value. */
    public double zCritical() {
        return z;
    }

    public double alpha() {
        return alpha;
    }

    public double floor() {
        return floor;
    }

    public double resolveRatio() {
        return resolveRatio;
    }

    public long minSamples() {
        return minSamples;
    }
}
