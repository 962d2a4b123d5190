package io.driftwatch.devstack.confidence;

import io.driftwatch.devstack.loadgen.ConfidenceTruth;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import org.apache.commons.math3.stat.descriptive.SummaryStatistics;

/**
 * The confidence series computed a second, independent way: straight from the values the load
 * generator recorded (its {@link ConfidenceTruth}), with none of Driftwatch's code, following the
 * definitions in the README. Frozen baseline only.
 */
final class ExpectedConfidenceSeries {

    /** metric name -> (timestamp ms -> value), for one group. */
    final Map<String, NavigableMap<Long, Double>> series = new TreeMap<>();
    /** The baseline: mean, spread of one interval's mean, inferences per interval. */
    double baselineAvg;

    double baselineStd;
    double perInterval;

    static Map<String, ExpectedConfidenceSeries> compute(
            ConfidenceTruth truth, long windowMs, long baselinePeriodMs, double k) {
        long interval = truth.intervalMillis();
        Map<String, ExpectedConfidenceSeries> out = new TreeMap<>();
        for (var group : truth.byGroup().entrySet()) {
            NavigableMap<Long, ConfidenceTruth.Interval> intervals = group.getValue();
            ExpectedConfidenceSeries e = new ExpectedConfidenceSeries();
            long firstStart = intervals.firstKey() - interval;
            long baselineEnd = firstStart + baselinePeriodMs;

            long baseCount = 0;
            double baseSum = 0;
            SummaryStatistics intervalMeans = new SummaryStatistics();
            for (var iv : intervals.headMap(baselineEnd, true).values()) {
                baseCount += iv.count();
                baseSum += iv.sum();
                intervalMeans.addValue(iv.sum() / iv.count());
            }
            double baselineAvg = baseSum / baseCount;
            double baselineStd = intervalMeans.getStandardDeviation();
            e.baselineAvg = baselineAvg;
            e.baselineStd = baselineStd;
            e.perInterval = (double) baseCount / intervalMeans.getN();

            long lastEnd = intervals.lastKey() + windowMs - interval;
            for (long t = intervals.firstKey(); t <= lastEnd; t += interval) {
                long count = 0;
                double sum = 0;
                long below = 0;
                for (var iv : intervals.subMap(t - windowMs, false, t, true).values()) {
                    count += iv.count();
                    sum += iv.sum();
                    below += iv.below();
                }
                if (count == 0) {
                    continue;
                }
                double current = sum / count;
                e.put("ml:confidence:current_avg", t, current);
                e.put("ml:confidence:current_count", t, count);
                e.put("ml:confidence:low_ratio", t, (double) below / count);
                if (t >= baselineEnd) {
                    e.put("ml:confidence:baseline_avg", t, baselineAvg);
                    e.put("ml:confidence:baseline_stddev", t, baselineStd);
                    e.put("ml:confidence:adaptive_threshold", t, baselineAvg - k * baselineStd);
                    e.put("ml:confidence:drift_ratio", t, Math.abs(current - baselineAvg) / baselineAvg);
                }
            }
            out.put(group.getKey(), e);
        }
        return out;
    }

    /**
     * The short window's series ({@code window="short"}) of one interval: the current-window definitions over
     * {@code (T − 1 interval, T]}, without the spread and adaptive threshold, with the fire level
     * {@code alert_threshold = max(floor, z · σ · sqrt(max(1, n̄ / n)) / μ)} (README, "Multi-scale windows"),
     * {@code z = Φ⁻¹(1 − alpha / 2)} given from tables.
     */
    static Map<String, ExpectedConfidenceSeries> computeShort(
            ConfidenceTruth truth, long baselinePeriodMs, double floor, double z) {
        Map<String, ExpectedConfidenceSeries> out = compute(truth, truth.intervalMillis(), baselinePeriodMs, 0);
        for (ExpectedConfidenceSeries e : out.values()) {
            e.series.remove("ml:confidence:baseline_stddev");
            e.series.remove("ml:confidence:adaptive_threshold");
            NavigableMap<Long, Double> counts = e.series.get("ml:confidence:current_count");
            for (Long t : e.series
                    .getOrDefault("ml:confidence:drift_ratio", new TreeMap<>())
                    .keySet()) {
                double se = e.baselineStd * Math.sqrt(Math.max(1, e.perInterval / counts.get(t)));
                e.put("ml:confidence:alert_threshold", t, Math.max(floor, z * se / Math.abs(e.baselineAvg)));
            }
        }
        return out;
    }

    private void put(String metric, long t, double v) {
        series.computeIfAbsent(metric, m -> new TreeMap<>()).put(t, v);
    }
}
