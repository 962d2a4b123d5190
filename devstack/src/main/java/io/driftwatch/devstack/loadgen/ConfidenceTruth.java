package io.driftwatch.devstack.loadgen;

import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * What the generator actually recorded, kept independently of the OTLP encoding, so that tests can
 * compare Driftwatch's output with a direct computation from the raw values.
 *
 * <p>Per model group and per evaluation interval (keyed by the interval's END in epoch ms), the
 * count of recorded confidence values, their sum and the count at or below the low threshold. A
 * value exported at time t belongs to the interval (T − interval, T] that contains t. Values of a
 * series' very first export are excluded: Driftwatch never invents an increment from a series' first
 * cumulative point, and this truth follows the same definition.
 */
public final class ConfidenceTruth {

    /** Raw aggregates of one interval. */
    public static final class Interval {
        private long count;
        private double sum;
        private long below;

        public long count() {
            return count;
        }

        public double sum() {
            return sum;
        }

        public long below() {
            return below;
        }

        void add(double value, boolean isBelow) {
            count++;
            sum += value;
            if (isBelow) {
                below++;
            }
        }
    }

    private final long intervalMillis;
    private final Map<String, NavigableMap<Long, Interval>> byGroup = new TreeMap<>();

    ConfidenceTruth(long intervalMillis) {
        this.intervalMillis = intervalMillis;
    }

    void record(String group, long exportTimeMillis, double value, boolean isBelow) {
        long end = Math.floorDiv(exportTimeMillis + intervalMillis - 1, intervalMillis) * intervalMillis;
        byGroup.computeIfAbsent(group, g -> new TreeMap<>())
                .computeIfAbsent(end, e -> new Interval())
                .add(value, isBelow);
    }

    /**
     * The truth of merged groups: the intervals of every group added (counts, sums and low counts) into those of
     * the group {@code mergeInto} names for it, e.g. its model version's for a roll-up.
     */
    public ConfidenceTruth merged(Function<String, String> mergeInto) {
        ConfidenceTruth out = new ConfidenceTruth(intervalMillis);
        byGroup.forEach((group, intervals) -> intervals.forEach((end, iv) -> {
            Interval into = out.byGroup
                    .computeIfAbsent(mergeInto.apply(group), g -> new TreeMap<>())
                    .computeIfAbsent(end, e -> new Interval());
            into.count += iv.count;
            into.sum += iv.sum;
            into.below += iv.below;
        }));
        return out;
    }

    public long intervalMillis() {
        return intervalMillis;
    }

    /** Group key ({@code model/version/use_case/environment}) to intervals by end time. */
    public Map<String, NavigableMap<Long, Interval>> byGroup() {
        return byGroup;
    }
}
