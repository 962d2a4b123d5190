package io.driftwatch.jobs.confidence;

import static io.driftwatch.jobs.confidence.ConfidenceHarness.FIRING;
import static io.driftwatch.jobs.confidence.ConfidenceHarness.GROUP_BY;
import static io.driftwatch.jobs.confidence.ConfidenceHarness.METRIC;
import static io.driftwatch.jobs.confidence.ConfidenceHarness.PREFIX;
import static io.driftwatch.jobs.confidence.ConfidenceHarness.byTime;
import static io.driftwatch.jobs.confidence.ConfidenceHarness.end;
import static io.driftwatch.jobs.confidence.ConfidenceHarness.group;
import static io.driftwatch.jobs.confidence.ConfidenceHarness.hist;
import static io.driftwatch.jobs.confidence.ConfidenceHarness.sampleStdDev;
import static io.driftwatch.jobs.confidence.ConfidenceHarness.seriesLabels;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.driftwatch.connectors.events.EventRecord;
import io.driftwatch.connectors.otlp.Labels;
import io.driftwatch.drift.confidence.ConfidenceAlert;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.junit.jupiter.api.Test;

/**
 * The short window in {@link ConfidenceBaselineFunction}: its series beside the current window's, and one
 * alert per group that fires when either window fires and resolves only when both are below their resolve
 * levels. Intervals of 1 min, current window 3 min, short window 1 min, frozen baseline of 5 min.
 */
class MultiScaleConfidenceAlertTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Baseline intervals k = 0..4: their means, 200 inferences each. */
    private static final double[] BASELINE = {0.80, 0.81, 0.79, 0.80, 0.80};
    /** The group's labels on the short window's series. */
    private static final Labels SHORT_LABELS = Labels.of(
            "model_name", "m", "model_version", "v1", "use_case", "fraud", "environment", "prod", "window", "short");

    private record Run(
            List<JsonNode> events,
            NavigableMap<Long, Map<String, Double>> current,
            NavigableMap<Long, Map<String, Double>> shortWindow) {}

    private static ConfidenceSettings settings() {
        return new ConfidenceSettings(
                METRIC,
                GROUP_BY,
                Duration.ofMinutes(1),
                Duration.ofMinutes(3),
                Duration.ofMinutes(5),
                false,
                false,
                1,
                0.6,
                3.0,
                PREFIX,
                new ConfidenceAlert(0.1, 0.8, 100),
                FIRING,
                Duration.ofMinutes(1),
                1e-5);
    }

    /** The baseline, then one interval of 200 inferences per mean of {@code after} (k = 5, 6, ...). */
    private static Run run(double... after) throws Exception {
        try (ConfidenceHarness h = new ConfidenceHarness(settings())) {
            double[] means = new double[BASELINE.length + after.length];
            System.arraycopy(BASELINE, 0, means, 0, BASELINE.length);
            System.arraycopy(after, 0, means, BASELINE.length, after.length);
            for (int k = 0; k < means.length; k++) {
                h.point(hist(group("m"), end(k) - 1_000, means[k] * 200, 0, 0, 0, 100, 100, 0));
                h.watermark(end(k));
            }
            List<JsonNode> events = new ArrayList<>();
            var side = h.harness.getSideOutput(ConfidenceBaselineFunction.EVENTS);
            for (StreamRecord<EventRecord> r : side == null ? List.<StreamRecord<EventRecord>>of() : side) {
                events.add(JSON.readTree(r.getValue().json()));
            }
            return new Run(events, byTime(h.output(), seriesLabels("m")), byTime(h.output(), SHORT_LABELS));
        }
    }

    @Test
    void theShortWindowFiresAndTheAlertResolvesOnlyWhenBothWindowsAreBelow() throws Exception {
        // k=5: 0.6. Short window (k=5): ratio 0.25 > level 0.1: fires. Current (k=3..5): mean 0.7333, ratio
        // 0.0833, between 0.08 and 0.1: it alone would not. k=6, 7: short 0.8 (resolve level), current still
        // 0.7333 (k=4..6, 5..7 hold the 0.6): firing. k=8: 0.73, short ratio 0.0875 in its band, current
        // (0.6 gone) 0.7767, ratio 0.029: below, but the short window is not: firing. k=9: both below: resolved.
        Run r = run(0.6, 0.8, 0.8, 0.73, 0.8);
        assertEquals(2, r.events().size(), r.events().toString());

        JsonNode fire = r.events().get(0);
        assertEquals("firing", fire.path("state").asText());
        assertEquals("short", fire.path("window").asText());
        assertEquals(
                Instant.ofEpochMilli(end(5)).toString(), fire.path("event_time").asText());
        assertEquals(0.25, fire.path("drift_ratio").asDouble(), 1e-12);
        assertEquals(0.6, fire.path("current_avg").asDouble(), 1e-12);
        double sigma = sampleStdDev(BASELINE);
        // level = max(floor 0.1, z(1e-5) · σ · sqrt(max(1, 200 / 200)) / 0.8) = max(0.1, 0.039) = 0.1
        assertEquals(0.1, fire.path("threshold").asDouble(), 1e-12);
        assertEquals(0.08, fire.path("resolve_threshold").asDouble(), 1e-12);
        assertEquals(
                Instant.ofEpochMilli(end(4)).toString(),
                fire.path("current_window").path("start").asText());
        assertEquals(200, fire.path("current_window").path("samples").asLong());

        JsonNode resolve = r.events().get(1);
        assertEquals("resolved", resolve.path("state").asText());
        assertEquals("current", resolve.path("window").asText());
        assertEquals(
                Instant.ofEpochMilli(end(9)).toString(),
                resolve.path("event_time").asText());
        assertEquals(
                Math.abs((0.8 + 0.73 + 0.8) / 3 - 0.8) / 0.8,
                resolve.path("drift_ratio").asDouble(),
                1e-12);

        // the verdict series: one per group and time, the combined state
        double[] firing = {0, 1, 1, 1, 1, 0};
        for (int i = 0; i < firing.length; i++) {
            assertEquals(firing[i], r.current().get(end(4 + i)).get("drift_firing"), "at k=" + (4 + i));
        }
        // the short window's series at k=5, computed here from the figures above
        Map<String, Double> s5 = r.shortWindow().get(end(5));
        assertEquals(
                Map.of(
                        "current_avg", 0.6,
                        "current_count", 200.0,
                        "low_ratio", 0.0, // every inference in (0.6, 0.8] or (0.8, 1.0]
                        "baseline_avg", 0.8,
                        "drift_ratio", 0.25,
                        "alert_threshold", 0.1),
                rounded(s5));
        // the current window's series are as without a short window: k=5, mean of 0.8, 0.8, 0.6
        assertEquals((0.8 + 0.8 + 0.6) / 3, r.current().get(end(5)).get("current_avg"), 1e-12);
        assertEquals(sigma, r.current().get(end(5)).get("baseline_stddev"), 1e-12);
    }

    @Test
    void aQuietShortWindowGetsAWiderLevel() throws Exception {
        // k=5 holds 20 inferences of mean 0.7 (a tenth of the baseline's 200 per interval): SE = σ · sqrt(10), level
        // z(1e-5) · σ · sqrt(10) / 0.8 = 0.1235 > floor; 20 < min-samples 100, so no verdict: no event.
        try (ConfidenceHarness h = new ConfidenceHarness(settings())) {
            for (int k = 0; k < BASELINE.length; k++) {
                h.point(hist(group("m"), end(k) - 1_000, BASELINE[k] * 200, 0, 0, 0, 100, 100, 0));
                h.watermark(end(k));
            }
            h.point(hist(group("m"), end(5) - 1_000, 0.7 * 20, 0, 0, 0, 10, 10, 0));
            h.watermark(end(5));
            Map<String, Double> s5 = byTime(h.output(), SHORT_LABELS).get(end(5));
            double z = 4.417173413469; // Φ⁻¹(1 − 0.5e-5), from tables
            assertEquals(z * sampleStdDev(BASELINE) * Math.sqrt(10) / 0.8, s5.get("alert_threshold"), 1e-9);
            assertEquals(0.125, s5.get("drift_ratio"), 1e-12);
            assertEquals(null, h.harness.getSideOutput(ConfidenceBaselineFunction.EVENTS));
        }
    }

    private static Map<String, Double> rounded(Map<String, Double> m) {
        Map<String, Double> out = new TreeMap<>();
        m.forEach((k, v) -> out.put(k, Math.round(v * 1e9) / 1e9));
        return out;
    }
}
