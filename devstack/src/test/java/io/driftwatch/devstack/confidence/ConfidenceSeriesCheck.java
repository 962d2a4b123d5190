package io.driftwatch.devstack.confidence;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.driftwatch.devstack.loadgen.ConfidenceTruth;
import io.driftwatch.devstack.servers.PromPoint;
import io.driftwatch.devstack.servers.PromSeries;
import io.driftwatch.devstack.servers.VictoriaMetricsServer;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Reads the {@code ml:confidence:*} series of one run back from VictoriaMetrics and compares them with
 * {@link ExpectedConfidenceSeries}: shared by the MiniCluster and the standalone-cluster tests.
 */
public final class ConfidenceSeriesCheck {

    static final double MAX_RELATIVE_ERROR = 1e-9;

    private ConfidenceSeriesCheck() {}

    /**
     * group key (model/version/use case/environment) -> metric -> samples, for the current window's series
     * labelled {@code run=<run>} (not the short window's, {@code window="short"}).
     */
    public static Map<String, Map<String, NavigableMap<Long, Double>>> readBack(VictoriaMetricsServer vm, String run)
            throws IOException {
        return readBack(vm, run, "window!=\"short\"");
    }

    /** {@link #readBack(VictoriaMetricsServer, String)} for the short window's series ({@code window="short"}). */
    public static Map<String, Map<String, NavigableMap<Long, Double>>> readBackShort(
            VictoriaMetricsServer vm, String run) throws IOException {
        return readBack(vm, run, "window=\"short\"");
    }

    /**
     * {@link #readBack(VictoriaMetricsServer, String)} for the series that also match {@code matchers} (e.g.
     * {@code window!="short",rollup="fleet"}); a label a series lacks reads as empty in its group key.
     */
    public static Map<String, Map<String, NavigableMap<Long, Double>>> readBackWhere(
            VictoriaMetricsServer vm, String run, String matchers) throws IOException {
        return readBack(vm, run, matchers);
    }

    private static Map<String, Map<String, NavigableMap<Long, Double>>> readBack(
            VictoriaMetricsServer vm, String run, String window) throws IOException {
        Map<String, Map<String, NavigableMap<Long, Double>>> out = new TreeMap<>();
        for (PromSeries s : vm.exportSeries("{__name__=~\"ml:confidence:.*\",run=\"" + run + "\"," + window + "}")) {
            String group = String.join(
                    "/",
                    Stream.of("model_name", "model_version", "use_case", "environment")
                            .map(l -> Objects.toString(s.label(l), ""))
                            .toList());
            NavigableMap<Long, Double> points = new TreeMap<>();
            for (PromPoint p : s.points()) {
                Double previous = points.put(p.timestampMs(), p.value());
                if (previous != null && previous != p.value()) {
                    throw new AssertionError(s.labels() + " has two values at " + p.timestampMs());
                }
            }
            out.computeIfAbsent(group, g -> new TreeMap<>()).put(s.label("__name__"), points);
        }
        return out;
    }

    /** The number of samples of the run's current-window series (as {@link #expectedSampleCount} counts them). */
    public static long countSamples(VictoriaMetricsServer vm, String run) throws IOException {
        vm.flush();
        return vm.exportSeries("{__name__=~\"ml:confidence:.*\",run=\"" + run + "\",window!=\"short\"}").stream()
                .mapToLong(s -> s.points().size())
                .sum();
    }

    /** How many samples stamped at or before {@code upToMillis} the independent computation expects with these settings. */
    public static long expectedSampleCount(
            ConfidenceTruth truth, Duration window, Duration baseline, double k, long upToMillis) {
        return ExpectedConfidenceSeries.compute(truth, window.toMillis(), baseline.toMillis(), k).values().stream()
                .flatMap(e -> e.series.values().stream())
                .mapToLong(m -> m.headMap(upToMillis, true).size())
                .sum();
    }

    /**
     * How many samples the short window's series ({@code window="short"}, one interval, the default drift-ratio
     * floor 0.1) have with this frozen baseline period, by the independent computation.
     */
    public static long expectedShortSampleCount(ConfidenceTruth truth, Duration baseline) {
        return ExpectedConfidenceSeries.computeShort(truth, baseline.toMillis(), 0.1, 0).values().stream()
                .flatMap(e -> e.series.values().stream())
                .mapToLong(Map::size)
                .sum();
    }

    /**
     * Every group, series, evaluation time and value equals the independent computation from the load
     * generator's truth with these settings (current window, frozen baseline period, adaptive-threshold k).
     */
    public static void assertMatchesIndependentComputation(
            ConfidenceTruth truth,
            Duration window,
            Duration baseline,
            double k,
            Map<String, Map<String, NavigableMap<Long, Double>>> actual) {
        assertMatches(ExpectedConfidenceSeries.compute(truth, window.toMillis(), baseline.toMillis(), k), actual);
    }

    /**
     * The short window's series ({@code window="short"}, one interval) equal the independent computation
     * ({@link ExpectedConfidenceSeries#computeShort}) with this frozen baseline period, drift-ratio floor and
     * critical value {@code z}.
     */
    public static void assertShortMatchesIndependentComputation(
            ConfidenceTruth truth,
            Duration baseline,
            double floor,
            double z,
            Map<String, Map<String, NavigableMap<Long, Double>>> actual) {
        assertMatches(ExpectedConfidenceSeries.computeShort(truth, baseline.toMillis(), floor, z), actual);
    }

    private static void assertMatches(
            Map<String, ExpectedConfidenceSeries> expected,
            Map<String, Map<String, NavigableMap<Long, Double>>> actual) {
        assertEquals(expected.keySet(), actual.keySet(), "one set of series per model group");
        for (var group : expected.entrySet()) {
            Map<String, NavigableMap<Long, Double>> got = actual.get(group.getKey());
            assertEquals(group.getValue().series.keySet(), got.keySet(), group.getKey());
            for (var metric : group.getValue().series.entrySet()) {
                NavigableMap<Long, Double> want = metric.getValue();
                NavigableMap<Long, Double> have = got.get(metric.getKey());
                String where = group.getKey() + " " + metric.getKey();
                assertEquals(want.keySet(), have.keySet(), where + ": evaluation times");
                for (var e : want.entrySet()) {
                    double w = e.getValue();
                    double h = have.get(e.getKey());
                    // Means are compared relatively. A drift ratio |c - b| / b is a difference of two means: its
                    // error is that of the means relative to the means' size (~1), not to the ratio's.
                    double scale = metric.getKey().endsWith("drift_ratio")
                                    || metric.getKey().endsWith("alert_threshold")
                            ? Math.max(Math.abs(w), 1)
                            : Math.abs(w);
                    double tolerance = MAX_RELATIVE_ERROR * Math.max(scale, 1e-300);
                    if (Math.abs(w - h) > tolerance) {
                        throw new AssertionError(where + " at " + Instant.ofEpochMilli(e.getKey()) + ": expected " + w
                                + " but VictoriaMetrics has " + h + " (relative error " + Math.abs(w - h) / Math.abs(w)
                                + ")");
                    }
                }
            }
        }
    }
}
