package io.driftwatch.drift.confidence;

/**
 * One evaluation of a confidence series: its current window against its baseline.
 *
 * <p>Immutable; made by {@link #evaluate}. Definitions, with the current window's aggregate {@code C}
 * (count {@code C.count}, sum {@code C.sum}, estimated count at or below the low threshold {@code
 * C.below}) and the baseline accumulator {@code B} (see {@link BaselineAccumulator}):
 *
 * <ul>
 *   <li>{@code current_avg = C.sum / C.count}: the inference-weighted mean confidence of the window;
 *       {@code NaN} when {@code C.count == 0};
 *   <li>{@code low_ratio = C.below / C.count}: the share of the window's inferences with confidence at or
 *       below the low threshold (bucket-interpolated, see {@link BucketShare}); {@code NaN} when {@code
 *       C.count == 0};
 *   <li>{@code baseline_avg = B.sum / B.count}: the inference-weighted mean confidence of the baseline
 *       period; {@code NaN} when there is no baseline or {@code B.count == 0};
 *   <li>{@code baseline_stddev}: the sample standard deviation (divisor {@code n - 1}) of the slot mean
 *       confidences {@code sum_s / count_s} of the {@code n} baseline slots (evaluation intervals) with
 *       {@code count_s >= minSlotCount}, each slot weighing the same; {@code NaN} when {@code n < 2} or
 *       there is no baseline. It measures how much one slot's mean varies, so it suits comparing a window
 *       of one slot; the mean of a longer window varies less;
 *   <li>{@code drift_ratio = |current_avg - baseline_avg| / |baseline_avg|}: the relative deviation from
 *       the baseline; {@code NaN} when either average is {@code NaN} or {@code baseline_avg == 0};
 *   <li>{@code adaptive_lower_threshold = baseline_avg - k * baseline_stddev} ({@code k >= 0}, default
 *       {@value #DEFAULT_K}); {@code NaN} when either term is {@code NaN};
 *   <li>{@code below_adaptive_threshold = current_avg < adaptive_lower_threshold}; {@code false} when
 *       either side is {@code NaN}.
 * </ul>
 *
 * {@code NaN} means "undefined": such a value is not to be published.
 *
 * <p>With a seasonal baseline ({@link HourOfWeekBaseline}) {@code baseline_avg} and {@code
 * baseline_stddev} are the window's expected mean and spread from the same hours of the week ({@link
 * HourOfWeekBaseline#reference}); every other definition stays as above.
 */
public final class ConfidenceEvaluation {

    /** Default number of baseline standard deviations below the baseline average for the adaptive threshold. */
    public static final double DEFAULT_K = 3.0;

    private final long currentCount;
    private final double currentAvg;
    private final double lowRatio;
    private final boolean hasBaseline;
    private final long baselineCount;
    private final long baselineSlots;
    private final double baselineAvg;
    private final double baselineStddev;
    private final double driftRatio;
    private final double k;
    private final double adaptiveLowerThreshold;
    private final boolean belowAdaptiveThreshold;

    private ConfidenceEvaluation(SlotAggregate current, BaselineReference baseline, double k) {
        this.currentCount = current.count();
        this.currentAvg = current.mean();
        this.lowRatio = current.belowRatio();
        this.hasBaseline = baseline != null;
        this.baselineCount = baseline == null ? 0 : baseline.count();
        this.baselineSlots = baseline == null ? 0 : baseline.slots();
        this.baselineAvg = baseline == null ? Double.NaN : baseline.mean();
        this.baselineStddev = baseline == null ? Double.NaN : baseline.stddev();
        this.driftRatio = baselineAvg == 0 ? Double.NaN : Math.abs(currentAvg - baselineAvg) / Math.abs(baselineAvg);
        this.k = k;
        this.adaptiveLowerThreshold = baselineAvg - k * baselineStddev;
        this.belowAdaptiveThreshold = currentAvg < adaptiveLowerThreshold;
    }

    /** {@link #evaluate(SlotAggregate, BaselineAccumulator, double)} with {@code k = }{@value #DEFAULT_K}. */
    public static ConfidenceEvaluation evaluate(SlotAggregate current, BaselineAccumulator baseline) {
        return evaluate(current, baseline, DEFAULT_K);
    }

    /**
     * Evaluates the current window against the baseline, with the definitions of the class comment.
     *
     * @param current the aggregate of the current window, not null
     * @param baseline the baseline, or {@code null} when there is none yet; read, not kept
     * @param k the number of standard deviations for the adaptive threshold, finite and {@code >= 0}
     * @throws IllegalArgumentException if {@code current} is null or {@code k} is invalid
     */
    public static ConfidenceEvaluation evaluate(SlotAggregate current, BaselineAccumulator baseline, double k) {
        return evaluate(current, baseline == null ? null : BaselineReference.of(baseline), k);
    }

    /**
     * Evaluates the current window against a baseline's mean and spread (e.g. a seasonal one), with the
     * definitions of the class comment.
     *
     * @param baseline the baseline's figures, or {@code null} when there is none yet
     * @throws IllegalArgumentException if {@code current} is null or {@code k} is invalid
     */
    public static ConfidenceEvaluation evaluate(SlotAggregate current, BaselineReference baseline, double k) {
        if (current == null) {
            throw new IllegalArgumentException("current window aggregate is null");
        }
        if (!(k >= 0) || Double.isInfinite(k)) {
            throw new IllegalArgumentException("k must be finite and >= 0, was " + k);
        }
        return new ConfidenceEvaluation(current, baseline, k);
    }

    /** {@code C.count}. */
    public long currentCount() {
        return currentCount;
    }
    /** {@code current_avg}. */
    public double currentAvg() {
        return currentAvg;
    }
    /** {@code low_ratio}. */
    public double lowRatio() {
        return lowRatio;
    }
    /** Whether a baseline was given. */
    public boolean hasBaseline() {
        return hasBaseline;
    }
    /** {@code B.count}, 0 without baseline. */
    public long baselineCount() {
        return baselineCount;
    }
    /** {@code n}, the number of baseline slots in the standard deviation; 0 without baseline. */
    public long baselineSlots() {
        return baselineSlots;
    }
    /** {@code baseline_avg}. */
    public double baselineAvg() {
        return baselineAvg;
    }
    /** {@code baseline_stddev}. */
    public double baselineStddev() {
        return baselineStddev;
    }
    /** {@code drift_ratio}. */
    public double driftRatio() {
        return driftRatio;
    }
    /** The {@code k} used. */
    public double k() {
        return k;
    }
    /** {@code adaptive_lower_threshold}. */
    public double adaptiveLowerThreshold() {
        return adaptiveLowerThreshold;
    }
    /** {@code below_adaptive_threshold}. */
    public boolean belowAdaptiveThreshold() {
        return belowAdaptiveThreshold;
    }

    @Override
    public String toString() {
        return "ConfidenceEvaluation{currentCount=" + currentCount + ", currentAvg=" + currentAvg
                + ", lowRatio=" + lowRatio + ", baselineCount=" + baselineCount + ", baselineSlots="
                + baselineSlots + ", baselineAvg=" + baselineAvg + ", baselineStddev=" + baselineStddev
                + ", driftRatio=" + driftRatio + ", k=" + k + ", adaptiveLowerThreshold="
                + adaptiveLowerThreshold + ", belowAdaptiveThreshold=" + belowAdaptiveThreshold + '}';
    }
}
