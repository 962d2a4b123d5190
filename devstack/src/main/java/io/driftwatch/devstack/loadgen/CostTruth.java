package io.driftwatch.devstack.loadgen;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * What {@link CostLoadGenerator} recorded, independently of the OTLP encoding: per service and per hour
 * {@code (T − 1 h, T]} (keyed by T, epoch ms) the exact usage, per GPU and hour its utilisation
 * samples, and every cumulative counter value it exported (for writing the raw counters elsewhere).
 */
public final class CostTruth {

    /** A service's usage in one hour: integers only, so that any computation from it is exact. */
    public static final class Hour {
        long inferences;
        long durationMs;
        long reportedCostMicros;
        long inputTokens;
        long outputTokens;
        long totalTokens;

        public long inferences() {
            return inferences;
        }

        public long durationMs() {
            return durationMs;
        }

        public long reportedCostMicros() {
            return reportedCostMicros;
        }

        public long inputTokens() {
            return inputTokens;
        }

        public long outputTokens() {
            return outputTokens;
        }

        public long totalTokens() {
            return totalTokens;
        }
    }

    /** A GPU's utilisation samples in one hour. */
    public record GpuHour(long sum, long count) {}

    /** One exported cumulative value, named and labelled as Prometheus would name it. */
    public record CounterSample(String name, Map<String, String> labels, long timeMillis, double value) {}

    private final Map<String, NavigableMap<Long, Hour>> byService = new TreeMap<>();
    private final Map<String, NavigableMap<Long, GpuHour>> byGpu = new TreeMap<>();
    private final List<CounterSample> counters = new ArrayList<>();

    Hour hour(String serviceKey, long hourEnd) {
        return byService.computeIfAbsent(serviceKey, k -> new TreeMap<>()).computeIfAbsent(hourEnd, h -> new Hour());
    }

    void utilisation(String gpu, long hourEnd, int percent) {
        byGpu.computeIfAbsent(gpu, k -> new TreeMap<>())
                .merge(hourEnd, new GpuHour(percent, 1), (a, b) -> new GpuHour(a.sum + b.sum, a.count + b.count));
    }

    void counter(String name, Map<String, String> labels, long timeMillis, double value) {
        counters.add(new CounterSample(name, Map.copyOf(labels), timeMillis, value));
    }

    /** Service key ({@link CostScenario.Service#key()}) → hour end → usage. */
    public Map<String, NavigableMap<Long, Hour>> byService() {
        return byService;
    }

    /** {@code host/index/type/provider} → hour end → utilisation samples. */
    public Map<String, NavigableMap<Long, GpuHour>> byGpu() {
        return byGpu;
    }

    /** Every cumulative counter value exported, in export order. */
    public List<CounterSample> counters() {
        return counters;
    }
}
