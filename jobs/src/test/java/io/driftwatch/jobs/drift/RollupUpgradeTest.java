package io.driftwatch.jobs.drift;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.driftwatch.connectors.remotewrite.PrometheusSample;
import io.driftwatch.drift.feature.FeatureSummary;
import io.driftwatch.jobs.config.DriftConfig;
import io.driftwatch.jobs.pipeline.HarnessMetrics;
import io.driftwatch.jobs.pipeline.KeyedBroadcastHarness;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.junit.jupiter.api.Test;

/**
 * Switching segments on: the state of the job without them (uid feature-drift, numeric windows on the
 * frozen baseline's grid) restores into the model-version roll-up, which keeps its frozen baseline and
 * restarts its windows as sketches of the segments' merged summaries (README, upgrade notes).
 */
class RollupUpgradeTest {

    static final String KEY = FeatureObservation.keyOf("fraud", "v2", "amount");

    static long end(int k) {
        return FeatureDriftFunctionTest.end(k);
    }

    static FeatureDriftSettings settings(DriftConfig.SegmentsConfig segments) {
        return new FeatureDriftSettings(
                        RollupTest.POLICY,
                        Duration.ofHours(1),
                        Duration.ofHours(3),
                        Duration.ZERO,
                        Duration.ofHours(5),
                        false,
                        false,
                        0.001,
                        100,
                        "")
                .withSegments(segments);
    }

    static KeyedBroadcastHarness<String, FeatureObservation, ReferenceUpdate, PrometheusSample> harness(
            FeatureDriftSettings settings, FeatureLevel level, HarnessMetrics metrics, OperatorSubtaskState restore)
            throws Exception {
        var h = new KeyedBroadcastHarness<String, FeatureObservation, ReferenceUpdate, PrometheusSample>(
                new FeatureDriftFunction(settings, level),
                ReferencesInForce.STATE,
                o -> o.key,
                Types.STRING,
                metrics.environment());
        if (restore != null) {
            h.initializeState(restore);
        }
        h.open();
        return h;
    }

    /** "name/window" of the samples at {@code t}. */
    static Map<String, Double> at(List<PrometheusSample> samples, long t) {
        Map<String, Double> out = new TreeMap<>();
        for (PrometheusSample s : samples) {
            if (s.timestampMs() == t && s.labels().get("method") == null) {
                out.put(s.metricName() + "/" + s.labels().get("window"), s.value());
            }
        }
        return out;
    }

    @Test
    void theModelVersionRollupTakesOverTheStateOfTheJobWithoutSegments() throws Exception {
        SplittableRandom random = new SplittableRandom(3);
        FeatureDriftSettings before = settings(DriftConfig.SegmentsConfig.OFF);
        assertTrue(before.numericOnGrid());
        OperatorSubtaskState snapshot;
        try (HarnessMetrics metrics = new HarnessMetrics()) {
            var h = harness(before, before.levels().get(0), metrics, null);
            for (int k = 1; k <= 7; k++) {
                for (int i = 0; i < 200; i++) {
                    FeatureObservation o = FeatureObservation.numeric(KEY, end(k) - 1000, random.nextGaussian(), 1);
                    h.processElement1(o, o.timeMillis);
                }
                h.processBothWatermarks(new Watermark(end(k)));
            }
            // intervals 6 and 7 were counted on the grid of the baseline 1..5
            assertEquals(400.0, at(h.extractOutputValues(), end(7)).get("ml_feature_drift_samples/current"));
            snapshot = h.snapshot(1, 1);
            h.close();
        }
        FeatureDriftSettings after =
                settings(new DriftConfig.SegmentsConfig(List.of("use_case"), 100, List.of("model_version")));
        FeatureLevel versions = after.levels().get(1);
        assertEquals("feature-drift", versions.uid());
        try (HarnessMetrics metrics = new HarnessMetrics()) {
            var h = harness(after, versions, metrics, snapshot);
            for (int k = 8; k <= 9; k++) {
                FeatureSummary merged = FeatureSummary.numeric(0.001);
                for (int i = 0; i < 300; i++) {
                    merged.add(random.nextGaussian(), 1);
                }
                FeatureObservation s = FeatureObservation.summary(KEY, end(k), merged);
                h.processElement1(s, s.timeMillis);
                h.processBothWatermarks(new Watermark(end(k)));
            }
            List<PrometheusSample> out = h.extractOutputValues();
            // the grid-counted intervals 6 and 7 are left; the window restarts with the merged sketches
            Map<String, Double> at8 = at(out, end(8));
            assertEquals(300.0, at8.get("ml_feature_drift_samples/current"), at8.toString());
            assertEquals(1000.0, at8.get("ml_feature_drift_samples/baseline"), "the restored frozen baseline");
            assertEquals(600.0, at(out, end(9)).get("ml_feature_drift_samples/current"));
            assertTrue(
                    out.stream()
                            .anyMatch(p -> p.timestampMs() == end(9)
                                    && p.metricName().equals(FeatureDriftSeries.SCORE)
                                    && "ks".equals(p.labels().get("method"))
                                    && "model_version".equals(p.labels().get("rollup"))),
                    "scored against the restored baseline");
            h.close();
        }
    }
}
