package io.driftwatch.jobs.drift;

import static io.driftwatch.jobs.drift.FeatureDriftFunctionTest.BOUNDS;
import static io.driftwatch.jobs.drift.FeatureDriftFunctionTest.end;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.driftwatch.connectors.events.EventRecord;
import io.driftwatch.connectors.remotewrite.PrometheusSample;
import io.driftwatch.drift.fdr.BenjaminiHochberg;
import io.driftwatch.drift.fdr.FdrLevel;
import io.driftwatch.drift.feature.DriftPolicy;
import io.driftwatch.jobs.pipeline.HarnessMetrics;
import io.driftwatch.jobs.pipeline.KeyedBroadcastHarness;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/**
 * {@link FeatureDriftFunction} with {@code drift.fdr-q} on, its evaluations through {@link
 * ModelVersionVerdictFunction}: 20 histogram features of one model version, 19 stable (multinomial noise) and one
 * drifted, checked against BH computed here from the p-values and scores the drift operator wrote.
 */
class ModelVersionVerdictFunctionTest {

    static final DriftPolicy POLICY = DriftPolicy.builder().minSamples(500).build(); // ks-min-d 0.05, α 1e-6
    static final double Q = 0.01;
    static final int FEATURES = 20;
    static final int DRIFTED = 7;

    static FeatureDriftSettings settings(FdrLevel fdr) {
        return HourlySettings.of(POLICY).withFdr(fdr);
    }

    static String feature(int i) {
        return String.format("f%02d", i);
    }

    /** Intervals 1..10 of every feature: 1,000 values over 4 buckets; the drifted one shifts from 6 on. */
    static List<FeatureObservation> observations() {
        Random random = new Random(11);
        List<FeatureObservation> out = new ArrayList<>();
        for (int k = 1; k <= 10; k++) {
            for (int i = 0; i < FEATURES; i++) {
                double[] p = i == DRIFTED && k >= 6
                        ? new double[] {0.17, 0.25, 0.29, 0.29}
                        : new double[] {.25, .25, .25, .25};
                long[] counts = new long[4];
                for (int v = 0; v < 1000; v++) {
                    double u = random.nextDouble();
                    int b = 0;
                    while (b < 3 && u >= p[b]) {
                        u -= p[b++];
                    }
                    counts[b]++;
                }
                String key = FeatureObservation.keyOf("fraud", "v2", feature(i));
                out.add(FeatureObservation.buckets(key, end(k) - 1000, BOUNDS, counts));
            }
        }
        return out;
    }

    /** The drift operator's main output and evaluations, and the verdict operator's output and events. */
    record Run(List<PrometheusSample> drift, List<PrometheusSample> verdicts, List<JsonNode> events) {}

    static Run run(FdrLevel fdr) throws Exception {
        return run(fdr, true, e -> {});
    }

    /**
     * @param interleaved each evaluation reaches the verdicts before the watermark of its time (else all
     *     evaluations first, then the watermarks: later evaluations arrive before earlier timers fire)
     * @param edit applied to each evaluation on its way
     */
    static Run run(FdrLevel fdr, boolean interleaved, java.util.function.Consumer<FeatureEvaluation> edit)
            throws Exception {
        FeatureDriftSettings settings = settings(fdr);
        HarnessMetrics metrics = new HarnessMetrics();
        try (var drift = new KeyedBroadcastHarness<String, FeatureObservation, ReferenceUpdate, PrometheusSample>(
                        new FeatureDriftFunction(settings),
                        ReferencesInForce.STATE,
                        o -> o.key,
                        Types.STRING,
                        metrics.environment());
                var verdicts = new KeyedOneInputStreamOperatorTestHarness<>(
                        new KeyedProcessOperator<>(
                                new ModelVersionVerdictFunction(settings(FdrLevel.of(Q)), FeatureLevel.MODEL_VERSIONS)),
                        ModelVersionVerdictFunction::keyOf,
                        Types.STRING)) {
            drift.open();
            verdicts.open();
            for (FeatureObservation o : observations()) {
                drift.processElement1(o, o.timeMillis);
            }
            for (int k = 1; k <= 14; k++) {
                drift.processBothWatermarks(new Watermark(end(k)));
                // what the drift operator emitted for T = end(k) reaches the verdicts before the watermark
                var side = drift.getSideOutput(FeatureDriftFunction.EVALUATIONS);
                if (side != null && (interleaved || k == 14)) {
                    for (StreamRecord<FeatureEvaluation> r : new ArrayList<>(side)) {
                        edit.accept(r.getValue());
                        verdicts.processElement(r.getValue(), r.getTimestamp());
                    }
                    side.clear();
                }
                if (interleaved) {
                    verdicts.processWatermark(new Watermark(end(k)));
                }
            }
            for (int k = 1; k <= 14 && !interleaved; k++) {
                verdicts.processWatermark(new Watermark(end(k)));
            }
            List<JsonNode> events = new ArrayList<>();
            var side = verdicts.getSideOutput(FeatureDriftFunction.EVENTS);
            for (StreamRecord<EventRecord> r : side == null ? List.<StreamRecord<EventRecord>>of() : side) {
                events.add(new ObjectMapper().readTree(r.getValue().json()));
            }
            return new Run(drift.extractOutputValues(), verdicts.extractOutputValues(), events);
        } finally {
            metrics.close();
        }
    }

    @Test
    void theDriftedFeatureFiresWithItsAdjustedPValueAndTheStableOnesDoNot() throws Exception {
        Run run = run(FdrLevel.of(Q));
        // independent: per T, every (feature, window) with ≥ min samples on both sides brings p′ = p if D ≥ 0.05
        // else 1 (histograms: no rank error), adjusted by BH over the family
        Map<Long, Map<String, double[]>> byT = new TreeMap<>(); // T → feature/window → {D, p, m}
        Map<Long, Long> baseline = new HashMap<>();
        for (PrometheusSample s : run.drift()) {
            String f = s.labels().get("feature");
            String window = "short".equals(s.labels().get("window")) ? "short" : "current";
            double[] v = byT.computeIfAbsent(s.timestampMs(), t -> new TreeMap<>())
                    .computeIfAbsent(f + "/" + window, x -> new double[] {Double.NaN, Double.NaN, 0});
            switch (s.metricName()) {
                case "ml_feature_drift_score" -> {
                    if ("ks".equals(s.labels().get("method"))) {
                        v[0] = s.value();
                    }
                }
                case "ml_feature_drift_pvalue" -> v[1] = s.value();
                case "ml_feature_drift_samples" -> {
                    if ("baseline".equals(s.labels().get("window"))) {
                        baseline.put(s.timestampMs(), (long) s.value());
                    } else {
                        v[2] = s.value();
                    }
                }
                default -> throw new AssertionError("the drift operator wrote " + s);
            }
        }
        Map<Long, Map<String, Double>> adjusted = new TreeMap<>();
        Map<Long, Double> levels = new TreeMap<>(); // BH's level min(q, m·α), α = 10⁻⁶ for both windows
        for (var at : byT.entrySet()) {
            Long n = baseline.get(at.getKey());
            if (n == null) {
                continue; // no baseline yet
            }
            List<String> members = new ArrayList<>();
            List<Double> gated = new ArrayList<>();
            for (var e : at.getValue().entrySet()) {
                double[] v = e.getValue();
                long min = e.getKey().endsWith("/short") ? DriftPolicy.SHORT_WINDOW_MIN_SAMPLES : POLICY.minSamples();
                if (!Double.isNaN(v[1]) && n >= min && v[2] >= min) {
                    members.add(e.getKey());
                    gated.add(v[0] >= POLICY.ksMinD() ? v[1] : 1.0);
                }
            }
            double[] adj = BenjaminiHochberg.adjust(
                    gated.stream().mapToDouble(Double::doubleValue).toArray());
            Map<String, Double> m = new HashMap<>();
            for (int i = 0; i < adj.length; i++) {
                m.put(members.get(i), adj[i]);
            }
            // every current window; the short ones while they hold data (not after interval 10)
            assertEquals(at.getKey() <= end(10) ? 2 * FEATURES : FEATURES, m.size(), "hypotheses at " + at.getKey());
            adjusted.put(at.getKey(), m);
            levels.put(at.getKey(), Math.min(Q, m.size() * POLICY.ksAlpha()));
        }
        // the firing series: 1 from the one fire event on, for the drifted feature only
        List<JsonNode> fired = run.events().stream()
                .filter(e -> e.get("state").asText().equals("firing"))
                .toList();
        assertEquals(1, fired.size(), run.events().toString());
        JsonNode event = fired.get(0);
        assertEquals(feature(DRIFTED), event.get("feature").asText());
        assertEquals("fdr", event.get("rule").asText());
        long t = Instant.parse(event.get("event_time").asText()).toEpochMilli();
        String window = event.get("window").asText();
        double expected = adjusted.get(t).get(feature(DRIFTED) + "/" + window);
        assertEquals(expected, event.get("p_value_adjusted").asDouble(), 0.0);
        assertTrue(expected <= levels.get(t));
        assertEquals(
                byT.get(t).get(feature(DRIFTED) + "/" + window)[1],
                event.get("p_value").asDouble(),
                0.0);
        // before it, no window of the feature was rejected; every stable window at every T is above the level
        for (var at : adjusted.entrySet()) {
            for (var e : at.getValue().entrySet()) {
                boolean drifted = e.getKey().startsWith(feature(DRIFTED) + "/");
                if (!drifted || at.getKey() < t) {
                    assertTrue(
                            e.getValue() > levels.get(at.getKey()),
                            e.getKey() + " at " + at.getKey() + ": " + e.getValue());
                }
            }
        }
        int verdictsSeen = 0;
        for (PrometheusSample s : run.verdicts()) {
            if (s.metricName().equals("ml_feature_drift_firing")) {
                verdictsSeen++;
                boolean drifted = s.labels().get("feature").equals(feature(DRIFTED));
                assertEquals(drifted && s.timestampMs() >= t ? 1.0 : 0.0, s.value(), s.toString());
            }
        }
        assertEquals(FEATURES * adjusted.size(), verdictsSeen, "one verdict per feature and evaluation");
    }

    @Test
    void laterEvaluationsArrivingFirstAreDecidedAtTheirOwnTime() throws Exception {
        Run stepwise = run(FdrLevel.of(Q));
        Run allFirst = run(FdrLevel.of(Q), false, e -> {});
        assertEquals(strings(stepwise.verdicts()), strings(allFirst.verdicts()));
        assertEquals(stepwise.events(), allFirst.events());
    }

    @Test
    void aFiringStateHandedOverByTheDriftOperatorCounts() throws Exception {
        // f00 was firing in the drift operator's state (an earlier version): stable, it resolves at its first
        // verdict, and never fires anew
        boolean[] handed = {false};
        Run run = run(FdrLevel.of(Q), true, e -> {
            if (e.key.equals(FeatureObservation.keyOf("fraud", "v2", feature(0))) && !handed[0]) {
                e.firing = true;
                handed[0] = true;
            }
        });
        List<JsonNode> f00 = run.events().stream()
                .filter(e -> e.get("feature").asText().equals(feature(0)))
                .toList();
        assertEquals(1, f00.size(), f00.toString());
        assertEquals("resolved", f00.get(0).get("state").asText());
        assertEquals("threshold", f00.get(0).get("rule").asText());
        assertEquals(
                end(5), Instant.parse(f00.get(0).get("event_time").asText()).toEpochMilli());
    }

    /**
     * A savepoint of the drift operator taken with FDR off while a feature fires, restored with FDR on: its next
     * evaluation hands the state over (firing = true), the one after carries none (the state was cleared).
     */
    @Test
    void theDriftOperatorHandsItsFiringStateOverOnceAfterARestore() throws Exception {
        org.apache.flink.runtime.checkpoint.OperatorSubtaskState snapshot;
        try (var h = new FeatureDriftFunctionTest.Harness(FeatureDriftFunctionTest.frozen(), null)) {
            for (int k = 1; k <= 5; k++) {
                h.add(FeatureDriftFunctionTest.counts(k, 25, 25, 25, 25));
            }
            for (int k = 6; k <= 10; k++) {
                h.add(FeatureDriftFunctionTest.counts(k, 10, 30, 30, 30));
            }
            h.watermarks(1, 8); // fires at 8 (FeatureDriftFunctionTest)
            assertEquals("firing", h.events().get(0).get("state").asText());
            snapshot = h.harness.snapshot(1, 1);
        }
        try (var h = new FeatureDriftFunctionTest.Harness(
                FeatureDriftFunctionTest.frozen().withFdr(FdrLevel.of(Q)), snapshot)) {
            h.watermarks(9, 10);
            List<FeatureEvaluation> handed = new ArrayList<>();
            for (StreamRecord<FeatureEvaluation> r : h.harness.getSideOutput(FeatureDriftFunction.EVALUATIONS)) {
                handed.add(r.getValue());
                assertEquals(r.getValue().t, r.getTimestamp(), "stamped with its evaluation time");
            }
            assertEquals(List.of(end(9), end(10)), handed.stream().map(e -> e.t).toList());
            assertEquals(Boolean.TRUE, handed.get(0).firing);
            assertNull(handed.get(1).firing);
            assertTrue(h.events().isEmpty(), "the verdicts are the model version's now");
        }
    }

    @Test
    void theEvaluationIsAFlinkPojoNotAGenericType() {
        var info = (org.apache.flink.api.java.typeutils.PojoTypeInfo<FeatureEvaluation>) FeatureEvaluation.TYPE_INFO;
        int current = info.getFieldIndex("current");
        assertTrue(
                info.getTypeAt(current) instanceof org.apache.flink.api.java.typeutils.PojoTypeInfo, info.toString());
        assertEquals(10, info.getArity(), info.toString());
    }

    private static List<String> strings(List<PrometheusSample> samples) {
        return samples.stream().map(PrometheusSample::toString).toList();
    }
}
