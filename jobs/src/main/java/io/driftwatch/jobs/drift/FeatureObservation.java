package io.driftwatch.jobs.drift;

import io.driftwatch.drift.feature.FeatureSummary;
import io.driftwatch.jobs.pipeline.GroupKey;
import java.util.Arrays;
import java.util.List;

/**
 * One observation of a feature on its way to the drift operator: a number or a category from a span
 * (with the span's sampling weight), or one histogram increment (bounds and per-bucket counts).
 *
 * <p>A Flink POJO (public fields, no-arg constructor), so Flink serialises it field by field; fields that
 * do not apply to its kind are null or zero.
 */
public final class FeatureObservation {

    /** {@link GroupKey} of (model_name, model_version, feature). */
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

    /** Adds this observation to {@code summary} (of the same kind). */
    void addTo(FeatureSummary summary) {
        switch (kind) {
            case NUMERIC -> summary.add(number, weight);
            case CATEGORICAL -> summary.add(category, weight);
            case BUCKETED -> summary.add(bounds, counts);
        }
    }

    @Override
    public String toString() {
        return "FeatureObservation{" + GroupKey.values(key) + " at " + timeMillis + ' ' + kind + ' '
                + switch (kind) {
                    case NUMERIC -> number + " x" + weight;
                    case CATEGORICAL -> category + " x" + weight;
                    case BUCKETED -> Arrays.toString(counts);
                }
                + '}';
    }
}
