package io.driftwatch.jobs.drift;

import io.driftwatch.drift.fdr.FdrLevel;
import io.driftwatch.drift.feature.DriftPolicy;
import io.driftwatch.drift.feature.FeatureSummary;
import io.driftwatch.jobs.config.BaselineMode;
import io.driftwatch.jobs.config.DriftConfig;
import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The drift operator's settings in the form it uses them: windows as whole numbers of evaluation
 * intervals, the scoring policy, the sketch sizes and the series name prefix.
 */
public final class FeatureDriftSettings implements Serializable {

    private static final long serialVersionUID = 1L;
    private static final long DAY_MILLIS = Duration.ofDays(1).toMillis();

    private final DriftPolicy policy;
    private final DriftPolicy shortPolicy;
    private final long intervalMillis;
    private final int windowSlots;
    private final int shortWindowSlots;
    private final int baselineSlots;
    private final boolean rolling;
    private final boolean reference;
    private final double sketchRelativeAccuracy;
    private final int maxCategories;
    private final String seriesPrefix;
    private final DriftConfig.SegmentsConfig segments;
    private final List<FeatureLevel> levels;
    private final FdrLevel fdr;

    /** A frozen or rolling baseline, no reference profiles, no short window. */
    public FeatureDriftSettings(
            DriftPolicy policy,
            Duration interval,
            Duration window,
            Duration baselinePeriod,
            boolean rolling,
            double sketchRelativeAccuracy,
            int maxCategories,
            String seriesPrefix) {
        this(
                policy,
                interval,
                window,
                Duration.ZERO,
                baselinePeriod,
                rolling,
                false,
                sketchRelativeAccuracy,
                maxCategories,
                seriesPrefix);
    }

    /**
     * @param shortWindow the short window ({@code drift.short-window}), zero when off
     * @param rolling whether the baseline (with {@code reference}: of model versions without a reference) rolls
     * @param reference whether model versions with a published reference profile compare with it
     */
    public FeatureDriftSettings(
            DriftPolicy policy,
            Duration interval,
            Duration window,
            Duration shortWindow,
            Duration baselinePeriod,
            boolean rolling,
            boolean reference,
            double sketchRelativeAccuracy,
            int maxCategories,
            String seriesPrefix) {
        this.policy = policy;
        this.shortPolicy = policy.forShortWindow();
        this.intervalMillis = interval.toMillis();
        if (intervalMillis <= 0
                || window.toMillis() % intervalMillis != 0
                || baselinePeriod.toMillis() % intervalMillis != 0) {
            throw new IllegalArgumentException("current window (" + window + ") and baseline period (" + baselinePeriod
                    + ") must be whole multiples of the evaluation interval (" + interval + ")");
        }
        if (rolling && (DAY_MILLIS % intervalMillis != 0 || baselinePeriod.toMillis() % DAY_MILLIS != 0)) {
            throw new IllegalArgumentException("a rolling baseline needs whole days and an interval dividing 1d");
        }
        this.windowSlots = (int) (window.toMillis() / intervalMillis);
        if (shortWindow.toMillis() % intervalMillis != 0 || shortWindow.compareTo(window) > 0) {
            throw new IllegalArgumentException("short window (" + shortWindow
                    + ") must be a whole multiple of the evaluation interval (" + interval
                    + ") and at most the current window (" + window + ")");
        }
        this.shortWindowSlots = (int) (shortWindow.toMillis() / intervalMillis);
        this.baselineSlots = (int) (baselinePeriod.toMillis() / intervalMillis);
        this.rolling = rolling;
        this.reference = reference;
        this.sketchRelativeAccuracy = sketchRelativeAccuracy;
        this.maxCategories = maxCategories;
        this.seriesPrefix = seriesPrefix;
        this.segments = DriftConfig.SegmentsConfig.OFF;
        this.levels = levels(this.segments);
        this.fdr = FdrLevel.off();
    }

    private FeatureDriftSettings(FeatureDriftSettings s, DriftConfig.SegmentsConfig segments, FdrLevel fdr) {
        this.policy = s.policy;
        this.shortPolicy = s.shortPolicy;
        this.intervalMillis = s.intervalMillis;
        this.windowSlots = s.windowSlots;
        this.shortWindowSlots = s.shortWindowSlots;
        this.baselineSlots = s.baselineSlots;
        this.rolling = s.rolling;
        this.reference = s.reference;
        this.sketchRelativeAccuracy = s.sketchRelativeAccuracy;
        this.maxCategories = s.maxCategories;
        this.seriesPrefix = s.seriesPrefix;
        this.segments = Objects.requireNonNull(segments, "segments");
        this.levels = levels(segments);
        this.fdr = Objects.requireNonNull(fdr, "fdr");
    }

    /** These settings with {@code segments} and their roll-ups ({@code drift.segments}, {@code drift.rollups}). */
    public FeatureDriftSettings withSegments(DriftConfig.SegmentsConfig segments) {
        return new FeatureDriftSettings(this, segments, fdr);
    }

    /** These settings with the model version's features decided together at {@code fdr} ({@code drift.fdr-q}). */
    public FeatureDriftSettings withFdr(FdrLevel fdr) {
        return new FeatureDriftSettings(this, segments, fdr);
    }

    /** The false discovery rate across a model version's features, or off (the constructors' default). */
    public FdrLevel fdr() {
        return fdr;
    }

    /** The settings of {@code drift}, with the series names prefixed by {@code metricPrefix}. */
    public static FeatureDriftSettings of(DriftConfig c, String metricPrefix) {
        return new FeatureDriftSettings(
                        c.policy(),
                        c.evaluationInterval(),
                        c.currentWindow(),
                        c.shortWindow(),
                        c.baseline().period(),
                        c.baseline().mode() == BaselineMode.ROLLING,
                        c.reference().enabled(),
                        c.sketchRelativeAccuracy(),
                        c.maxCategories(),
                        metricPrefix)
                .withSegments(c.segments())
                .withFdr(c.fdr());
    }

    public DriftPolicy policy() {
        return policy;
    }

    /** The short window's policy ({@link DriftPolicy#forShortWindow()}). */
    public DriftPolicy shortPolicy() {
        return shortPolicy;
    }

    public long intervalMillis() {
        return intervalMillis;
    }

    public int windowSlots() {
        return windowSlots;
    }

    /** Intervals in the short window; 0 when it is off. */
    public int shortWindowSlots() {
        return shortWindowSlots;
    }

    public int baselineSlots() {
        return baselineSlots;
    }

    public boolean rolling() {
        return rolling;
    }

    /** Whether model versions with a published reference profile compare with it ({@code drift.baseline.mode: reference}). */
    public boolean reference() {
        return reference;
    }

    /**
     * Whether numeric features count their current windows on a frozen baseline's grid: with a frozen
     * baseline only, and not in reference mode, where any evaluation may switch between a reference and
     * the fallback and so every window is kept as sketches.
     */
    public boolean numericOnGrid() {
        return !rolling && !reference && levels.size() == 1;
    }

    /** The segments and roll-ups. */
    public DriftConfig.SegmentsConfig segments() {
        return segments;
    }

    /**
     * The levels, finest first: the segments ({@code drift.segments}) or else the model versions, then each
     * roll-up of {@code drift.rollups} coarser than the finest; each sends its closed interval summaries to
     * the next. More than one level: every level keeps numeric windows as sketches (a grid is one key's own
     * and its counts do not merge across keys), as in reference mode.
     */
    List<FeatureLevel> levels() {
        return levels;
    }

    private static List<FeatureLevel> levels(DriftConfig.SegmentsConfig segments) {
        List<Rollup> coarser = new ArrayList<>();
        for (String r : segments.rollups()) {
            if (!segments.labels().isEmpty() || !r.equals(Rollup.MODEL_VERSION.label)) {
                coarser.add(Rollup.of(r));
            }
        }
        List<FeatureLevel> levels = new ArrayList<>();
        levels.add(new FeatureLevel(segments.labels(), null, coarser.isEmpty() ? null : coarser.get(0)));
        for (int i = 0; i < coarser.size(); i++) {
            levels.add(new FeatureLevel(List.of(), coarser.get(i), i + 1 < coarser.size() ? coarser.get(i + 1) : null));
        }
        return List.copyOf(levels);
    }

    /** The {@code baseline} label and event mode of the baseline that is not a reference: frozen or rolling. */
    public String fallbackKind() {
        return rolling ? "rolling" : "frozen";
    }
    /** Evaluation intervals per day (rolling baselines move in days). */
    public int slotsPerDay() {
        return (int) (DAY_MILLIS / intervalMillis);
    }
    /** Days of a rolling baseline. */
    public int baselineDays() {
        return baselineSlots / slotsPerDay();
    }
    /** Prefix of every series name ({@code output.metric-prefix}). */
    public String seriesPrefix() {
        return seriesPrefix;
    }

    /** An empty summary for values of {@code kind} (histograms: over {@code bounds}). */
    public FeatureSummary emptySummary(FeatureSummary.Kind kind, double[] bounds) {
        return switch (kind) {
            case NUMERIC -> FeatureSummary.numeric(sketchRelativeAccuracy);
            case CATEGORICAL -> FeatureSummary.categorical(maxCategories);
            case BUCKETED -> FeatureSummary.buckets(bounds);
        };
    }
}
