package io.driftwatch.jobs.confidence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.driftwatch.connectors.otlp.Labels;
import io.driftwatch.connectors.otlp.MetricKind;
import io.driftwatch.connectors.otlp.MetricPoint;
import io.driftwatch.connectors.otlp.Temporality;
import io.driftwatch.connectors.remotewrite.PrometheusSample;
import io.driftwatch.jobs.pipeline.HarnessMetrics;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;

/**
 * {@link ConfidenceBaselineFunction} in a keyed operator test harness, with short intervals (1 min,
 * window 3 min, baseline 5 min), hand-driven watermarks and helpers to build delta points and read
 * the output per evaluation time.
 */
final class ConfidenceHarness implements AutoCloseable {

    static final String METRIC = "ml.inference.confidence";
    static final String PREFIX = "ml:confidence:";
    static final String FIRING = "ml_confidence_drift_firing";
    static final List<String> GROUP_BY = List.of("model_name", "model_version", "use_case", "environment");
    static final long I = 60_000L;
    /** A whole number of intervals since the epoch (Nov 2023): interval k is {@code (end(k-1), end(k)]}. */
    static final long BASE = 28_333_334L * I;
    /** Explicit bounds of the test histograms: bucket 2 is (0.4, 0.6], so 0.6 is a bound. */
    static final double[] BOUNDS = {0.2, 0.4, 0.6, 0.8, 1.0};

    final HarnessMetrics metrics = new HarnessMetrics();
    final KeyedOneInputStreamOperatorTestHarness<String, MetricPoint, PrometheusSample> harness;

    ConfidenceHarness(ConfidenceSettings settings) throws Exception {
        this(settings, null);
    }

    /** A harness restored from {@code snapshot}, or started empty when it is null. */
    ConfidenceHarness(ConfidenceSettings settings, OperatorSubtaskState snapshot) throws Exception {
        harness = new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(ConfidenceBaselineFunction.ofPoints(settings)),
                settings::keyOf,
                Types.STRING,
                metrics.environment());
        if (snapshot != null) {
            harness.initializeState(snapshot);
        }
        harness.open();
    }

    static ConfidenceSettings settings(boolean rolling, long minCountPerInterval) {
        return new ConfidenceSettings(
                METRIC,
                GROUP_BY,
                Duration.ofMinutes(1),
                Duration.ofMinutes(3),
                Duration.ofMinutes(5),
                rolling,
                minCountPerInterval,
                0.6,
                3.0,
                PREFIX,
                0.1,
                FIRING);
    }

    /** The end of interval k, a multiple of the interval: evaluation time T of interval k. */
    static long end(int k) {
        return BASE + k * I;
    }

    static Labels group(String model) {
        return Labels.of(
                "model_name",
                model,
                "model_version",
                "v1",
                "use_case",
                "fraud",
                "environment",
                "prod",
                "service.instance.id",
                "pod-1");
    }

    /** The labels of the derived series of {@link #group}: the group-by labels only. */
    static Labels seriesLabels(String model) {
        return Labels.of("model_name", model, "model_version", "v1", "use_case", "fraud", "environment", "prod");
    }

    /** A delta histogram point over {@link #BOUNDS} at {@code tMillis}; count = the sum of the buckets. */
    static MetricPoint hist(Labels labels, long tMillis, double sum, long... buckets) {
        long count = 0;
        for (long b : buckets) {
            count += b;
        }
        return MetricPoint.builder(METRIC, MetricKind.HISTOGRAM)
                .temporality(Temporality.DELTA)
                .labels(labels)
                .startTimeNanos((tMillis - 1_000) * 1_000_000L)
                .timeNanos(tMillis * 1_000_000L)
                .count(count)
                .sum(sum)
                .explicitBounds(BOUNDS)
                .bucketCounts(buckets)
                .build();
    }

    void point(MetricPoint p) throws Exception {
        harness.processElement(p, p.timeMillis());
    }

    void watermark(long t) throws Exception {
        harness.processWatermark(t);
    }

    /** Watermarks at the ends of intervals {@code from..to}, one after the other. */
    void watermarks(int from, int to) throws Exception {
        for (int k = from; k <= to; k++) {
            watermark(end(k));
        }
    }

    List<PrometheusSample> output() {
        return harness.extractOutputValues();
    }

    long counter(String name) {
        return metrics.count("driftwatch.confidence." + name);
    }

    /**
     * The output of one group as evaluation time → (series name without prefix → value), checking
     * that every sample of that group carries exactly {@code labels} and no series repeats at a time.
     */
    static NavigableMap<Long, Map<String, Double>> byTime(List<PrometheusSample> out, Labels labels) {
        NavigableMap<Long, Map<String, Double>> result = new TreeMap<>();
        for (PrometheusSample s : out) {
            if (!s.labels().equals(labels)) {
                continue;
            }
            // the verdict series is named apart from the ml:confidence: ones (README's series contract)
            String name = s.metricName().equals(FIRING) ? "drift_firing" : s.metricName();
            assertTrue(name.equals("drift_firing") || name.startsWith(PREFIX), s.metricName());
            Double previous = result.computeIfAbsent(s.timestampMs(), t -> new HashMap<>())
                    .put(name.startsWith(PREFIX) ? name.substring(PREFIX.length()) : name, s.value());
            assertNull(previous, "series written twice: " + s);
        }
        return result;
    }

    /** Asserts the three current-window series of one evaluation, and that there are no others. */
    static void assertCurrentOnly(Map<String, Double> at, long count, double sum, double below) {
        assertEquals(3, at.size(), "only the current-window series before the baseline is complete: " + at);
        assertCurrent(at, count, sum, below);
    }

    static void assertCurrent(Map<String, Double> at, long count, double sum, double below) {
        assertEquals(count, at.get("current_count"), 0.0, "current_count in " + at);
        assertEquals(sum / count, at.get("current_avg"), 1e-12, "current_avg in " + at);
        assertEquals(below / count, at.get("low_ratio"), 1e-12, "low_ratio in " + at);
    }

    /** The sample standard deviation (divisor n − 1), two-pass: independent of the Welford update. */
    static double sampleStdDev(double... values) {
        double mean = 0;
        for (double v : values) {
            mean += v;
        }
        mean /= values.length;
        double squares = 0;
        for (double v : values) {
            squares += (v - mean) * (v - mean);
        }
        return Math.sqrt(squares / (values.length - 1));
    }

    /**
     * Asserts all eight series of one evaluation (the seven values and the verdict {@code drift_ratio >
     * 0.1}) against a baseline of total count {@code baseCount},
     * total sum {@code baseSum} and the given qualifying interval means.
     */
    static void assertWithBaseline(
            Map<String, Double> at,
            long count,
            double sum,
            double below,
            long baseCount,
            double baseSum,
            double... intervalMeans) {
        assertEquals(8, at.size(), "all eight series once the baseline is complete: " + at);
        assertCurrent(at, count, sum, below);
        double baseAvg = baseSum / baseCount;
        double stddev = sampleStdDev(intervalMeans);
        assertEquals(baseAvg, at.get("baseline_avg"), 1e-12, "baseline_avg in " + at);
        assertEquals(stddev, at.get("baseline_stddev"), 1e-12, "baseline_stddev in " + at);
        assertEquals(baseAvg - 3 * stddev, at.get("adaptive_threshold"), 1e-12, "adaptive_threshold in " + at);
        double driftRatio = Math.abs(sum / count - baseAvg) / baseAvg;
        assertEquals(driftRatio, at.get("drift_ratio"), 1e-12, "drift_ratio in " + at);
        // the alert's state: it cannot change below the minimum count (hysteresis is ConfidenceAlertTest's and
        // ConfidenceJobITCase's), and these steps never come back between the resolve level and the threshold
        boolean firing = count >= ConfidenceSettings.DEFAULT_MIN_SAMPLES && driftRatio > 0.1;
        assertEquals(firing ? 1.0 : 0.0, at.get("drift_firing"), "drift_firing in " + at);
    }

    @Override
    public void close() throws Exception {
        harness.close();
        metrics.close();
    }
}
