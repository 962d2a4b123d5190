package io.driftwatch.jobs.confidence;

import io.driftwatch.connectors.otlp.Labels;
import io.driftwatch.connectors.otlp.MetricPoint;
import io.driftwatch.drift.confidence.ConfidenceAlert;
import io.driftwatch.drift.confidence.ShortWindowRule;
import io.driftwatch.drift.confidence.SlotRing;
import io.driftwatch.jobs.pipeline.GroupKey;
import io.driftwatch.jobs.pipeline.GroupLabels;
import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * The confidence job's settings in the form its operators use them: durations as whole numbers of
 * evaluation intervals, the group-by labels, and how a group key maps to and from labels.
 *
 * <p>A group-by label missing on a point is looked up under its aliases ({@link GroupLabels}), so that OpenTelemetry
 * semantic-convention names keep their meaning: {@code environment} is also read from {@code
 * deployment.environment.name} and {@code deployment.environment}, {@code model_name} from {@code
 * gen_ai.request.model}. A label absent under every name groups as the empty value, which remote
 * write omits.
 */
public final class ConfidenceSettings implements Serializable {

    private static final long serialVersionUID = 1L;

    private final String metric;
    private final List<String> groupBy;
    private final long intervalMillis;
    private final int windowSlots;
    private final int baselineSlots;
    private final boolean rollingBaseline;
    private final long minCountPerInterval;
    private final double lowThreshold;
    private final double adaptiveThresholdK;
    private final String seriesPrefix;
    private final double driftRatioThreshold;
    private final String driftFiringSeries;
    private final boolean hourOfWeekBaseline;
    private final ConfidenceAlert alert;
    private final int shortWindowSlots;
    private final ShortWindowRule shortWindowRule;

    /**
     * Settings with a frozen or rolling baseline, the default alert (resolve ratio 0.8, 100 samples) and no
     * short window.
     */
    public ConfidenceSettings(
            String metric,
            List<String> groupBy,
            Duration interval,
            Duration window,
            Duration baselinePeriod,
            boolean rollingBaseline,
            long minCountPerInterval,
            double lowThreshold,
            double adaptiveThresholdK,
            String seriesPrefix,
            double driftRatioThreshold,
            String driftFiringSeries) {
        this(
                metric,
                groupBy,
                interval,
                window,
                baselinePeriod,
                rollingBaseline,
                false,
                minCountPerInterval,
                lowThreshold,
                adaptiveThresholdK,
                seriesPrefix,
                new ConfidenceAlert(driftRatioThreshold, DEFAULT_RESOLVE_RATIO, DEFAULT_MIN_SAMPLES),
                driftFiringSeries,
                Duration.ZERO,
                ShortWindowRule.DEFAULT_ALPHA);
    }

    /** Default {@code confidence.resolve-ratio}. */
    public static final double DEFAULT_RESOLVE_RATIO = 0.8;
    /** Default {@code confidence.min-samples}. */
    public static final long DEFAULT_MIN_SAMPLES = 100;

    /**
     * @param hourOfWeekBaseline whether the baseline is {@code hour-of-week} (learnt over the first period
     *     as a frozen one; {@code rollingBaseline} must then be false)
     * @param alert the {@code confidence_drift} alert rule; its threshold is also the verdict series'
     * @param shortWindow {@code confidence.short-window}: a whole multiple of the interval, at most the current
     *     window; {@link Duration#ZERO} is off
     * @param shortWindowAlpha {@code confidence.short-window-alpha}, see {@link ShortWindowRule}
     */
    public ConfidenceSettings(
            String metric,
            List<String> groupBy,
            Duration interval,
            Duration window,
            Duration baselinePeriod,
            boolean rollingBaseline,
            boolean hourOfWeekBaseline,
            long minCountPerInterval,
            double lowThreshold,
            double adaptiveThresholdK,
            String seriesPrefix,
            ConfidenceAlert alert,
            String driftFiringSeries,
            Duration shortWindow,
            double shortWindowAlpha) {
        if (rollingBaseline && hourOfWeekBaseline) {
            throw new IllegalArgumentException("the baseline is either rolling or hour-of-week, not both");
        }
        this.hourOfWeekBaseline = hourOfWeekBaseline;
        this.alert = alert;
        this.metric = metric;
        this.groupBy = List.copyOf(groupBy);
        if (interval.isNegative() || interval.isZero() || interval.getNano() % 1_000_000 != 0) {
            throw new IllegalArgumentException(
                    "evaluation interval (" + interval + ") must be a positive whole number of milliseconds");
        }
        this.intervalMillis = interval.toMillis();
        this.windowSlots = slots(window, interval, "current window");
        this.baselineSlots = slots(baselinePeriod, interval, "baseline period");
        this.rollingBaseline = rollingBaseline;
        // checked here so that a misfit fails at job start, not at a group's first evaluation
        if (ringSlots() > SlotRing.MAX_CAPACITY_SLOTS) {
            throw new IllegalArgumentException("a group keeps the current window"
                    + (rollingBaseline ? " and the rolling baseline period" : "") + " plus one interval: " + ringSlots()
                    + " intervals of " + interval + ", more than the " + SlotRing.MAX_CAPACITY_SLOTS
                    + " allowed; lengthen the evaluation interval");
        }
        this.minCountPerInterval = minCountPerInterval;
        this.lowThreshold = lowThreshold;
        this.adaptiveThresholdK = adaptiveThresholdK;
        this.seriesPrefix = seriesPrefix;
        this.driftRatioThreshold = alert.threshold();
        this.driftFiringSeries = driftFiringSeries;
        this.shortWindowSlots = shortWindow.isZero() ? 0 : slots(shortWindow, interval, "short window");
        if (shortWindowSlots > windowSlots) {
            throw new IllegalArgumentException(
                    "short window (" + shortWindow + ") must not be longer than the current window (" + window + ")");
        }
        this.shortWindowRule =
                new ShortWindowRule(alert.threshold(), shortWindowAlpha, alert.resolveRatio(), alert.minSamples());
    }

    private static int slots(Duration d, Duration interval, String what) {
        if (d.isZero() || d.isNegative() || d.getNano() % 1_000_000 != 0 || d.toMillis() % interval.toMillis() != 0) {
            throw new IllegalArgumentException(what + " (" + d
                    + ") must be a positive whole multiple of the evaluation interval (" + interval + ")");
        }
        long n = d.toMillis() / interval.toMillis();
        if (n > SlotRing.MAX_CAPACITY_SLOTS) {
            throw new IllegalArgumentException(
                    what + " (" + d + ") spans " + n + " evaluation intervals of " + interval + ", more than the "
                            + SlotRing.MAX_CAPACITY_SLOTS + " a group can keep; lengthen the evaluation interval");
        }
        return (int) n;
    }

    public String metric() {
        return metric;
    }

    public List<String> groupBy() {
        return groupBy;
    }

    public long intervalMillis() {
        return intervalMillis;
    }

    public int windowSlots() {
        return windowSlots;
    }

    public int baselineSlots() {
        return baselineSlots;
    }

    public boolean rollingBaseline() {
        return rollingBaseline;
    }

    public long minCountPerInterval() {
        return minCountPerInterval;
    }

    public double lowThreshold() {
        return lowThreshold;
    }

    public double adaptiveThresholdK() {
        return adaptiveThresholdK;
    }
    /** Prefix of the derived series names, {@code ml:confidence:} by default. */
    public String seriesPrefix() {
        return seriesPrefix;
    }

    /** {@code confidence.drift-ratio-threshold}: the group drifts while {@code drift_ratio} exceeds it. */
    public double driftRatioThreshold() {
        return driftRatioThreshold;
    }

    /** Name of the confidence verdict series, {@code ml_confidence_drift_firing} by default. */
    public String driftFiringSeries() {
        return driftFiringSeries;
    }

    /** The output's metric prefix ({@code output.metric-prefix}): {@link #seriesPrefix()} without {@code ml:confidence:}. */
    public String outputPrefix() {
        String suffix = "ml:confidence:";
        return seriesPrefix.endsWith(suffix) ? seriesPrefix.substring(0, seriesPrefix.length() - suffix.length()) : "";
    }

    /** Whether the baseline is one per hour of the week ({@code confidence.baseline.mode: hour-of-week}). */
    public boolean hourOfWeekBaseline() {
        return hourOfWeekBaseline;
    }

    /** The {@code confidence_drift} alert rule: threshold, resolve ratio, minimum samples. */
    public ConfidenceAlert alert() {
        return alert;
    }

    /** Intervals in the short window ({@code confidence.short-window}); 0 when it is off. */
    public int shortWindowSlots() {
        return shortWindowSlots;
    }

    /** The short window's sample-size-aware alert level (floor, resolve ratio and minimum samples as {@link #alert()}). */
    public ShortWindowRule shortWindowRule() {
        return shortWindowRule;
    }

    /** The {@code baseline_window.mode} of events: {@code frozen}, {@code rolling} or {@code hour-of-week}. */
    public String baselineModeName() {
        return rollingBaseline ? "rolling" : hourOfWeekBaseline ? "hour-of-week" : "frozen";
    }

    /** Intervals the ring keeps: the current window, plus the baseline period when it rolls. */
    public int ringSlots() {
        return windowSlots + (rollingBaseline ? baselineSlots : 0) + 1;
    }

    /** Whether a point feeds the confidence baselines. */
    public boolean accepts(MetricPoint p) {
        return metric.equals(p.name())
                && (p.kind() == io.driftwatch.connectors.otlp.MetricKind.HISTOGRAM
                        || p.kind() == io.driftwatch.connectors.otlp.MetricKind.EXPONENTIAL_HISTOGRAM);
    }

    /**
     * The point with only the group-by labels (aliases resolved, absent ones left out): all that
     * the confidence operators need of a point's labels, and much less to ship through a shuffle.
     */
    public MetricPoint project(MetricPoint p) {
        TreeMap<String, String> labels = new TreeMap<>();
        for (String name : groupBy) {
            String v = valueOf(p.labels(), name);
            if (!v.isEmpty()) {
                labels.put(name, v);
            }
        }
        return p.toBuilder().labels(Labels.of(labels)).build();
    }

    /** The group key of a point: its group-by label values, see {@link GroupKey}. */
    public String keyOf(MetricPoint p) {
        List<String> values = new ArrayList<>(groupBy.size());
        for (String name : groupBy) {
            values.add(valueOf(p.labels(), name));
        }
        return GroupKey.of(values);
    }

    /** The labels of the derived series of a group key. */
    public Labels labelsOf(String key) {
        return ConfidenceLevel.groups(groupBy, false).labelsOf(key);
    }

    private static String valueOf(Labels labels, String name) {
        return GroupLabels.valueOf(labels, name);
    }
}
