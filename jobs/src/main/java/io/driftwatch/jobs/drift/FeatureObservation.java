package io.driftwatch.jobs.drift;

import io.driftwatch.drift.feature.FeatureSummary;
import io.driftwatch.jobs.pipeline.GroupKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One observation of a feature on its way to the drift operator: a number or a category from a span
 * (with the span's sampling weight), or one histogram increment (bounds and per-bucket counts); or, on
 * its way to a roll-up level, the summary of one closed interval of the finer level, stamped with the
 * interval's end ({@link #summary}, of the summary's kind).
 *
 * <p>A Flink POJO (public fields, no-arg constructor), so Flink serialises it field by field; fields that
 * do not apply to its kind are null or zero.
 */
public final class FeatureObservation {

    /** {@link GroupKey} of (model_name, model_version, feature), then the segment's values if any. */
    public String key;
    /** Event time, epoch ms. */
    public long timeMillis;

    public FeatureSummary.Kind kind;
    /** NUMERIC: the value. */
    public double number;
    /** CATEGORICAL: the category. */
    public String category;
    /** NUMERIC and CATEGORICAL: the sampling weight, ≥ 1. */
    public long weight;
    /** BUCKETED: the histogram's bounds. */
    public double[] bounds;
    /** BUCKETED: the increment's bucket counts. */
    public long[] counts;
    /** A closed interval's summary ({@link FeatureSummary#toBytes()}), else null. */
    public byte[] summary;

    public FeatureObservation() {}

    /** The key of {@code (modelName, modelVersion, feature)}. */
    public static String keyOf(String modelName, String modelVersion, String feature) {
        return GroupKey.of(List.of(modelName, modelVersion, feature));
    }

    public static FeatureObservation numeric(String key, long timeMillis, double value, long weight) {
        FeatureObservation o = of(key, timeMillis, FeatureSummary.Kind.NUMERIC);
        o.number = value;
        o.weight = weight;
        return o;
    }

    public static FeatureObservation categorical(String key, long timeMillis, String category, long weight) {
        FeatureObservation o = of(key, timeMillis, FeatureSummary.Kind.CATEGORICAL);
        o.category = category;
        o.weight = weight;
        return o;
    }

    /** The key of {@code (modelName, modelVersion, feature)} in segment {@code segment} (its values). */
    public static String keyOf(String modelName, String modelVersion, String feature, List<String> segment) {
        List<String> values = new ArrayList<>(3 + segment.size());
        values.addAll(List.of(modelName, modelVersion, feature));
        values.addAll(segment);
        return GroupKey.of(values);
    }

    /** The summary of the interval ending at {@code endMillis}, for the next level's key {@code key}. */
    public static FeatureObservation summary(String key, long endMillis, FeatureSummary summary) {
        FeatureObservation o = of(key, endMillis, summary.kind());
        o.summary = summary.toBytes();
        return o;
    }

    public static FeatureObservation buckets(String key, long timeMillis, double[] bounds, long[] counts) {
        FeatureObservation o = of(key, timeMillis, FeatureSummary.Kind.BUCKETED);
        o.bounds = bounds;
        o.counts = counts;
        return o;
    }

    private static FeatureObservation of(String key, long timeMillis, FeatureSummary.Kind kind) {
        FeatureObservation o = new FeatureObservation();
        o.key = key;
        o.timeMillis = timeMillis;
        o.kind = kind;
        return o;
    }

    /**
     * Adds this observation to {@code into} (of the same kind), or merges this summary into it; {@code into}
     * null: to an empty summary of {@code settings}.
     *
     * @return the summary added to
     * @throws IllegalArgumentException when this does not fit {@code into}
     */
    FeatureSummary addTo(FeatureSummary into, FeatureDriftSettings settings) {
        if (summary != null) {
            FeatureSummary s = FeatureSummary.fromBytes(summary);
            if (into == null) {
                return s;
            }
            into.merge(s);
            return into;
        }
        FeatureSummary s = into != null ? into : settings.emptySummary(kind, bounds);
        switch (kind) {
            case NUMERIC -> s.add(number, weight);
            case CATEGORICAL -> s.add(category, weight);
            case BUCKETED -> s.add(bounds, counts);
        }
        return s;
    }

    /** Adds this observation to {@code summary} (not null, of the same kind). */
    void addTo(FeatureSummary summary) {
        addTo(summary, null);
    }

    /** Whether this is a histogram increment without a count (an idle interval). */
    boolean isIdleIncrement() {
        return kind == FeatureSummary.Kind.BUCKETED
                && summary == null
                && Arrays.stream(counts).allMatch(c -> c == 0);
    }

    @Override
    public String toString() {
        if (summary != null) {
            return "FeatureObservation{" + GroupKey.values(key) + " at " + timeMillis + ' ' + kind + " summary}";
        }
        return "FeatureObservation{" + GroupKey.values(key) + " at " + timeMillis + ' ' + kind + ' '
                + switch (kind) {
                    case NUMERIC -> number + " x" + weight;
                    case CATEGORICAL -> category + " x" + weight;
                    case BUCKETED -> Arrays.toString(counts);
                }
                + '}';
    }
}
