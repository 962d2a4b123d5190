package io.driftwatch.jobs.drift;

import static io.driftwatch.jobs.drift.FeatureDriftFunctionTest.POLICY;
import static io.driftwatch.jobs.drift.FeatureDriftFunctionTest.counts;
import static io.driftwatch.jobs.drift.FeatureDriftFunctionTest.end;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import io.driftwatch.jobs.drift.FeatureDriftFunctionTest.Harness;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import org.junit.jupiter.api.Test;

/**
 * The two scales on one histogram feature: baseline intervals 1..5 (1,000 values each, 25 % per bucket),
 * current window 6 h, short window 1 h. The short window's KS threshold, c(10⁻⁶)·√(1/5000 + 1/1000) with
 * c(α) = √(−ln(α/2)/2), is 0.0933 (resolve level 0.0747); the current window's is the floor 0.05 (resolve
 * level 0.04; c(0.001)·√(1/5000 + 1/6000) = 0.037 is below it).
 */
class MultiScaleFeatureDriftTest {

    static final double SHORT_THRESHOLD = Math.sqrt(-Math.log(1e-6 / 2) / 2) * Math.sqrt(1.0 / 5000 + 1.0 / 1000);

    static FeatureDriftSettings settings() {
        return new FeatureDriftSettings(
                POLICY,
                Duration.ofHours(1),
                Duration.ofHours(6),
                Duration.ofHours(1),
                Duration.ofHours(5),
                false,
                false,
                0.001,
                100,
                "");
    }

    /**
     * Interval 6 (D = 0.15 alone) fires on the short window while the current window, diluted by five
     * baseline intervals (D = 0.025), does not; interval 7 (D = 0.08: below the short threshold, above its
     * resolve level) keeps it firing although the current window is below its resolve level (D = 0.0383);
     * interval 8 (no drift) resolves it, both scales being below.
     */
    @Test
    void firesOnTheShortWindowAndResolvesOnlyWhenBothScalesAreBelow() throws Exception {
        try (Harness h = new Harness(settings(), null)) {
            for (int k = 1; k <= 5; k++) {
                h.add(counts(k, 250, 250, 250, 250));
            }
            h.add(counts(6, 100, 300, 300, 300));
            h.add(counts(7, 170, 250, 290, 290));
            h.add(counts(8, 250, 250, 250, 250));
            h.watermarks(1, 8);
            NavigableMap<Long, Map<String, Double>> s = h.samples();

            Map<String, Double> at6 = s.get(end(6));
            assertEquals(0.15, at6.get("ml_feature_drift_score/ks/short"), 1e-12);
            assertEquals(SHORT_THRESHOLD, at6.get("ml_feature_drift_threshold/ks/short"), 1e-12);
            assertEquals(1000.0, at6.get("ml_feature_drift_samples/short"));
            assertEquals(0.025, at6.get("ml_feature_drift_score/ks"), 1e-12);
            assertEquals(0.05, at6.get("ml_feature_drift_threshold/ks"), 1e-12);
            assertEquals(6000.0, at6.get("ml_feature_drift_samples/current"));
            assertEquals(1.0, at6.get("ml_feature_drift_firing/null"));

            Map<String, Double> at7 = s.get(end(7));
            assertEquals(0.08, at7.get("ml_feature_drift_score/ks/short"), 1e-12);
            assertEquals(1270 / 6000.0 - 0.25, -at7.get("ml_feature_drift_score/ks"), 1e-12);
            assertEquals(1.0, at7.get("ml_feature_drift_firing/null"), "the short window holds it open");

            Map<String, Double> at8 = s.get(end(8));
            assertEquals(0.0, at8.get("ml_feature_drift_score/ks/short"), 1e-12);
            assertEquals(0.0, at8.get("ml_feature_drift_firing/null"));
            // before the baseline is complete, neither window is scored; at 5 the short window (4, 5] is
            assertFalse(s.get(end(4)).containsKey("ml_feature_drift_score/ks/short"));
            assertEquals(0.0, s.get(end(5)).get("ml_feature_drift_score/ks/short"), 1e-12);

            List<JsonNode> events = h.events();
            assertEquals(2, events.size(), events.toString());
            JsonNode fired = events.get(0);
            assertEquals("firing", fired.get("state").asText());
            assertEquals("short", fired.get("window").asText());
            assertEquals(0.15, fired.get("score").asDouble(), 1e-12);
            assertEquals(SHORT_THRESHOLD, fired.get("threshold").asDouble(), 1e-12);
            assertEquals(
                    Instant.ofEpochMilli(end(5)).toString(),
                    fired.at("/short_window/start").asText());
            assertEquals(
                    Instant.ofEpochMilli(end(6)).toString(),
                    fired.at("/short_window/end").asText());
            assertEquals(1000, fired.at("/short_window/samples").asLong());
            assertEquals(
                    Instant.ofEpochMilli(end(0)).toString(),
                    fired.at("/current_window/start").asText());
            JsonNode resolved = events.get(1);
            assertEquals("resolved", resolved.get("state").asText());
            assertEquals(
                    Instant.ofEpochMilli(end(8)).toString(),
                    resolved.get("event_time").asText());
            assertEquals("current", resolved.get("window").asText());
            assertEquals(0.05, resolved.get("threshold").asDouble(), 1e-12);
        }
    }

    /** With the short window off, the same input is decided by the current window alone: nothing fires. */
    @Test
    void withoutTheShortWindowTheCurrentWindowAloneDecides() throws Exception {
        FeatureDriftSettings off = FeatureDriftFunctionTest.frozen();
        assertEquals(0, off.shortWindowSlots());
        try (Harness h = new Harness(
                new FeatureDriftSettings(
                        POLICY,
                        Duration.ofHours(1),
                        Duration.ofHours(6),
                        Duration.ZERO,
                        Duration.ofHours(5),
                        false,
                        false,
                        0.001,
                        100,
                        ""),
                null)) {
            for (int k = 1; k <= 5; k++) {
                h.add(counts(k, 250, 250, 250, 250));
            }
            h.add(counts(6, 100, 300, 300, 300));
            h.watermarks(1, 6);
            Map<String, Double> at6 = h.samples().get(end(6));
            assertFalse(at6.containsKey("ml_feature_drift_score/ks/short"));
            assertEquals(0.0, at6.get("ml_feature_drift_firing/null"));
            assertEquals(List.of(), h.events());
        }
    }
}
