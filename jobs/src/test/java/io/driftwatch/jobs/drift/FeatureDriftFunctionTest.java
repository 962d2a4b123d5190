package io.driftwatch.jobs.drift;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.driftwatch.connectors.events.EventRecord;
import io.driftwatch.connectors.remotewrite.PrometheusSample;
import io.driftwatch.drift.feature.DriftPolicy;
import io.driftwatch.jobs.pipeline.HarnessMetrics;
import io.driftwatch.jobs.pipeline.KeyedBroadcastHarness;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.junit.jupiter.api.Test;

/** {@link FeatureDriftFunction} in a keyed operator harness with hourly intervals and hand-built histogram increments. */
class FeatureDriftFunctionTest {

    static final long H = 3_600_000L;
    /** A whole number of days since the epoch: interval k is (end(k − 1), end(k)]. */
    static final long BASE = 20_000L * 24 * H;

    static final double[] BOUNDS = {0, 1, 2};
    static final String KEY = FeatureObservation.keyOf("fraud", "v2", "amount");
    static final DriftPolicy POLICY =
            DriftPolicy.builder().minSamples(100).ksAlpha(0.001).build();

    static long end(int k) {
        return BASE + k * H;
    }

    static FeatureObservation counts(int interval, long... counts) {
        return FeatureObservation.buckets(KEY, end(interval) - 1000, BOUNDS, counts);
    }

    static final class Harness implements AutoCloseable {
        final HarnessMetrics metrics = new HarnessMetrics();
        final KeyedBroadcastHarness<String, FeatureObservation, ReferenceUpdate, PrometheusSample> harness;

        Harness(FeatureDriftSettings settings, OperatorSubtaskState restore) throws Exception {
            harness = new KeyedBroadcastHarness<>(
                    new FeatureDriftFunction(settings),
                    ReferencesInForce.STATE,
                    o -> o.key,
                    Types.STRING,
                    metrics.environment());
            if (restore != null) {
                harness.initializeState(restore);
            }
            harness.open();
        }

        void add(FeatureObservation o) throws Exception {
            harness.processElement1(o, o.timeMillis);
        }

        void watermarks(int from, int to) throws Exception {
            for (int k = from; k <= to; k++) {
                harness.processBothWatermarks(new Watermark(end(k)));
            }
        }

        /** time → "name/qualifier" → value. */
        NavigableMap<Long, Map<String, Double>> samples() {
            NavigableMap<Long, Map<String, Double>> out = new TreeMap<>();
            for (PrometheusSample s : harness.extractOutputValues()) {
                assertEquals("fraud", s.labels().get("model_name"));
                assertEquals("amount", s.labels().get("feature"));
                String q = s.labels().get("method") != null
                        ? s.labels().get("method") + ("short".equals(s.labels().get("window")) ? "/short" : "")
                        : s.labels().get("window");
                assertNull(
                        out.computeIfAbsent(s.timestampMs(), t -> new HashMap<>())
                                .put(s.metricName() + "/" + q, s.value()),
                        "written twice: " + s);
            }
            return out;
        }

        List<JsonNode> events() throws Exception {
            List<JsonNode> out = new ArrayList<>();
            var side = harness.getSideOutput(FeatureDriftFunction.EVENTS);
            if (side == null) {
                return out; // nothing was ever output there
            }
            for (StreamRecord<EventRecord> r : side) {
                out.add(new ObjectMapper().readTree(r.getValue().json()));
            }
            return out;
        }

        @Override
        public void close() throws Exception {
            harness.close();
            metrics.close();
        }
    }

    static FeatureDriftSettings frozen() {
        return new FeatureDriftSettings(
                POLICY, Duration.ofHours(1), Duration.ofHours(3), Duration.ofHours(5), false, 0.001, 100, "");
    }

    @Test
    void frozenBaselineIsTheFirstPeriodAndDriftFiresThenResolves() throws Exception {
        try (Harness h = new Harness(frozen(), null)) {
            for (int k = 1; k <= 5; k++) {
                h.add(counts(k, 25, 25, 25, 25)); // baseline: intervals 1..5
            }
            h.add(counts(6, 10, 30, 30, 30));
            h.add(counts(7, 10, 30, 30, 30));
            h.add(counts(8, 10, 30, 30, 30));
            h.add(counts(9, 25, 25, 25, 25));
            h.add(counts(10, 25, 25, 25, 25));
            h.add(counts(11, 25, 25, 25, 25));
            h.watermarks(1, 20);
            NavigableMap<Long, Map<String, Double>> s = h.samples();
            // before the baseline is complete only the current window's count
            assertEquals(Map.of("ml_feature_drift_samples/current", 300.0), s.get(end(4)));
            Map<String, Double> at5 = s.get(end(5));
            assertEquals(500.0, at5.get("ml_feature_drift_samples/baseline"));
            assertEquals(0.0, at5.get("ml_feature_drift_score/ks"), 1e-15);
            // at 8 the window (5, 8] holds 6, 7, 8: 30/300 vs 25 %: D = max |.25 - .1|, |.5 - .4|, |.75 - .7| = .15
            Map<String, Double> at8 = s.get(end(8));
            assertEquals(0.15, at8.get("ml_feature_drift_score/ks"), 1e-12);
            double psi = (0.1 - 0.25) * Math.log(0.1 / 0.25) + 3 * (0.3 - 0.25) * Math.log(0.3 / 0.25);
            assertEquals(psi, at8.get("ml_feature_drift_score/psi"), 1e-12);
            assertTrue(at8.containsKey("ml_feature_drift_pvalue/ks"));
            // evaluation goes on while the window holds data: last at 13 (window (10, 13] holds 11)
            assertEquals(end(13), s.lastKey());
            List<JsonNode> events = h.events();
            assertEquals(
                    List.of("firing", "resolved"),
                    events.stream().map(e -> e.get("state").asText()).toList());
            // KS threshold at n = 500, m = 100..300: the sketch-free critical value; it fires once D reaches it
            JsonNode firing = events.get(0);
            long fired = Instant.parse(firing.get("event_time").asText()).toEpochMilli();
            assertTrue(fired >= end(6) && fired <= end(8), firing.toString());
            assertEquals(
                    Instant.ofEpochMilli(BASE).toString(),
                    firing.get("baseline_window").get("start").asText());
            assertEquals(
                    Instant.ofEpochMilli(end(5)).toString(),
                    firing.get("baseline_window").get("end").asText());
            assertEquals(500, firing.get("baseline_window").get("samples").asLong());
            assertEquals("histogram", firing.get("feature_kind").asText());
            long resolved =
                    Instant.parse(events.get(1).get("event_time").asText()).toEpochMilli();
            assertTrue(resolved > end(8), events.get(1).toString());

            // the verdict series: at every evaluation with a baseline, 1 exactly from the firing event up to the
            // resolving one; the threshold the event names; the event series at the two event times only
            for (var e : s.entrySet()) {
                long t = e.getKey();
                Double verdict = e.getValue().get("ml_feature_drift_firing/null");
                if (!e.getValue().containsKey("ml_feature_drift_score/ks")) {
                    assertNull(verdict, "no verdict without a baseline at " + t);
                    continue;
                }
                assertEquals(t >= fired && t < resolved ? 1.0 : 0.0, verdict, "verdict at " + t);
                assertEquals(
                        t == fired || t == resolved,
                        e.getValue().containsKey("ml_driftwatch_event/null"),
                        "event at " + t);
            }
            assertEquals(firing.get("threshold").asDouble(), s.get(fired).get("ml_feature_drift_threshold/ks"), 1e-15);
        }
    }

    @Test
    void lateAndIncompatibleValuesAreCountedAndDropped() throws Exception {
        try (Harness h = new Harness(frozen(), null)) {
            h.add(counts(1, 1, 1, 1, 1));
            h.watermarks(1, 2);
            h.add(counts(1, 1, 1, 1, 1)); // interval 1 is evaluated already
            h.add(FeatureObservation.categorical(KEY, end(3) - 1, "x", 1)); // a category for a histogram feature
            h.add(counts(3, 1, 1, 1, 1));
            h.add(FeatureObservation.buckets(KEY, end(3) - 1, new double[] {5}, new long[] {1, 1})); // other bounds
            assertEquals(1, h.metrics.count("driftwatch.drift.late_values"));
            assertEquals(2, h.metrics.count("driftwatch.drift.incompatible_values"));
        }
    }

    @Test
    void rollingBaselineIsTheWholeDayBeforeTheCurrentWindow() throws Exception {
        FeatureDriftSettings rolling = new FeatureDriftSettings(
                POLICY, Duration.ofHours(1), Duration.ofHours(3), Duration.ofDays(1), true, 0.001, 100, "");
        try (Harness h = new Harness(rolling, null)) {
            for (int k = 1; k <= 72; k++) {
                h.add(counts(k, k, 1, 1, 1)); // interval k holds k + 3 values
            }
            h.watermarks(1, 72);
            NavigableMap<Long, Map<String, Double>> s = h.samples();
            for (int k = 1; k <= 72; k++) {
                // day d holds intervals 24d+1 .. 24d+24; the newest whole day entirely before (T − 3h, T]
                int newestDay = Math.floorDiv(k - 3, 24) - 1;
                Double baseline = s.get(end(k)).get("ml_feature_drift_samples/baseline");
                if (newestDay < 0) {
                    assertNull(baseline, "no whole day of history before the window at " + k);
                } else {
                    long expected = 0;
                    for (int i = 24 * newestDay + 1; i <= 24 * newestDay + 24; i++) {
                        expected += i + 3;
                    }
                    assertEquals(expected, baseline, 0.0, "baseline at " + k);
                }
            }
        }
    }

    @Test
    void aRestoredOperatorContinuesExactlyAsAnUninterruptedOne() throws Exception {
        List<FeatureObservation> input = new ArrayList<>();
        for (int k = 1; k <= 12; k++) {
            input.add(counts(k, 25, 25 + k, 25, 25 - k));
            input.add(FeatureObservation.buckets(KEY, end(k) - 5000, BOUNDS, new long[] {k, 0, 0, 1}));
        }
        NavigableMap<Long, Map<String, Double>> uninterrupted;
        try (Harness h = new Harness(frozen(), null)) {
            for (FeatureObservation o : input) {
                h.add(o);
            }
            h.watermarks(1, 20);
            uninterrupted = h.samples();
        }
        OperatorSubtaskState snapshot;
        NavigableMap<Long, Map<String, Double>> resumed = new TreeMap<>();
        try (Harness h = new Harness(frozen(), null)) {
            for (FeatureObservation o : input.subList(0, 12)) {
                h.add(o);
            }
            h.watermarks(1, 5);
            resumed.putAll(h.samples());
            snapshot = h.harness.snapshot(1, 1);
        }
        try (Harness h = new Harness(frozen(), snapshot)) {
            for (FeatureObservation o : input.subList(12, input.size())) {
                h.add(o);
            }
            h.watermarks(6, 20);
            resumed.putAll(h.samples());
        }
        assertEquals(uninterrupted, resumed);
    }

    /** Numeric features, frozen baseline (DDSketch bins: deterministic in any order). */
    static FeatureDriftSettings frozenNumeric() {
        return new FeatureDriftSettings(
                POLICY, Duration.ofHours(1), Duration.ofHours(3), Duration.ofHours(5), false, 0.001, 100, "");
    }

    /** PSI of the values rounded as NumericSummary rounds them, edges the rounded baseline's x(⌊(n−1)k/B⌋). */
    static double roundedPsi(double[] baseline, double[] current, int bins) {
        double[] b = java.util.Arrays.stream(baseline)
                .map(v -> io.driftwatch.drift.sketch.NumericSummary.of(v).quantile(0.5))
                .sorted()
                .toArray();
        double[] c = java.util.Arrays.stream(current)
                .map(v -> io.driftwatch.drift.sketch.NumericSummary.of(v).quantile(0.5))
                .toArray();
        double[] edges = new double[bins - 1];
        for (int k = 1; k < bins; k++) {
            edges[k - 1] = b[(int) Math.floor((b.length - 1.0) * k / bins)];
        }
        io.driftwatch.drift.psi.Bins e = io.driftwatch.drift.psi.Bins.ofEdges(edges);
        return io.driftwatch.drift.psi.Psi.fromProportions(e.proportions(b), e.proportions(c));
    }

    static List<FeatureObservation> numericInput() {
        List<FeatureObservation> input = new ArrayList<>();
        for (int k = 1; k <= 10; k++) {
            for (int i = 0; i < 120; i++) {
                double v = (i * 7919 % 120) / 12.0 + (k > 5 ? 0.8 : 0); // intervals 6..10 shifted
                input.add(FeatureObservation.numeric(KEY, end(k) - 1000 - i, v, 1 + i % 2));
            }
        }
        return input;
    }

    @Test
    void aFrozenNumericFeatureIsScoredOnTheGridOnlyAfterItsReferencePeriod() throws Exception {
        try (Harness h = new Harness(frozenNumeric(), null)) {
            for (FeatureObservation o : numericInput()) {
                h.add(o);
            }
            h.watermarks(1, 5);
            h.watermarks(6, 14);
            NavigableMap<Long, Map<String, Double>> s = h.samples();
            assertNull(
                    s.get(end(5)), "nothing is evaluated before the current window has an interval after the baseline");
            assertEquals(120.0, s.get(end(6)).get("ml_feature_drift_samples/current"));
            assertEquals(600.0, s.get(end(6)).get("ml_feature_drift_samples/baseline"));
            // (5, 8]: 360 values, all shifted; the baseline's 600 unshifted
            assertEquals(360.0, s.get(end(8)).get("ml_feature_drift_samples/current"));
            double[] baseline = weighted(numericInput(), 1, 5);
            double[] current = weighted(numericInput(), 6, 8);
            double exact = io.driftwatch.drift.ks.KolmogorovSmirnov.statistic(baseline, current);
            double grid = s.get(end(8)).get("ml_feature_drift_score/ks");
            // the grid bound, with the values' rounding (< 0.2 %) inside the old sketch-error allowance
            assertTrue(
                    grid <= exact + 0.0133 && grid >= exact - (1 / 520.0 + 3 * 0.0133 + 2 / 1500.0),
                    grid + " vs " + exact);
            // exact for the values rounded to the summary's bins, edges at the rounded baseline's order statistics
            assertEquals(roundedPsi(baseline, current, 10), s.get(end(8)).get("ml_feature_drift_score/psi"), 1e-12);
            assertEquals(end(12), s.lastKey(), "last at 12: the window (9, 12] holds interval 10");
        }
    }

    @Test
    void aRestoredNumericOperatorContinuesExactlyAcrossTheFreeze() throws Exception {
        List<FeatureObservation> input = numericInput();
        NavigableMap<Long, Map<String, Double>> uninterrupted;
        try (Harness h = new Harness(frozenNumeric(), null)) {
            for (FeatureObservation o : input) {
                h.add(o);
            }
            h.watermarks(1, 14);
            uninterrupted = h.samples();
        }
        for (int cut : new int[] {3, 5, 7}) {
            NavigableMap<Long, Map<String, Double>> resumed = new TreeMap<>();
            OperatorSubtaskState snapshot;
            try (Harness h = new Harness(frozenNumeric(), null)) {
                for (FeatureObservation o : input) {
                    h.add(o);
                }
                h.watermarks(1, cut);
                resumed.putAll(h.samples());
                snapshot = h.harness.snapshot(1, 1);
            }
            try (Harness h = new Harness(frozenNumeric(), snapshot)) {
                h.watermarks(cut + 1, 14);
                resumed.putAll(h.samples());
            }
            assertEquals(uninterrupted, resumed, "cut after interval " + cut);
        }
    }

    private static double[] weighted(List<FeatureObservation> input, int from, int to) {
        List<Double> out = new ArrayList<>();
        for (FeatureObservation o : input) {
            if (o.timeMillis > end(from - 1) && o.timeMillis <= end(to)) {
                for (long w = 0; w < o.weight; w++) {
                    out.add(o.number);
                }
            }
        }
        return out.stream().mapToDouble(Double::doubleValue).toArray();
    }
}
