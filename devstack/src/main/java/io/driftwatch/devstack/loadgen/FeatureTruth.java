package io.driftwatch.devstack.loadgen;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Every feature value a {@link FeatureTrafficGenerator} run produced, by feature and by the hour
 * interval {@code (T − 1h, T]} holding its timestamp: what a test needs to recompute the drift
 * statistics of any window from the raw values, independently of the job.
 */
public final class FeatureTruth {

    /** The values of one hour: numbers or categories with their sampling weights, or histogram counts. */
    public static final class Hour {
        public final List<Double> numbers = new ArrayList<>();
        public final List<String> categories = new ArrayList<>();
        public final List<Long> weights = new ArrayList<>();
        public long[] bucketCounts;
    }

    private final Map<String, TreeMap<Long, Hour>> byFeature = new HashMap<>();

    Hour hour(String feature, long timeMillis) {
        long slot = Math.floorDiv(timeMillis + 3_600_000L - 1, 3_600_000L);
        return byFeature.computeIfAbsent(feature, f -> new TreeMap<>()).computeIfAbsent(slot, s -> new Hour());
    }

    /** Hours of {@code feature} by interval end (in hours since the epoch). */
    public TreeMap<Long, Hour> hours(String feature) {
        return byFeature.getOrDefault(feature, new TreeMap<>());
    }
}
