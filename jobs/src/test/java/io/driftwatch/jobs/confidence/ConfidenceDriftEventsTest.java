package io.driftwatch.jobs.confidence;

import static io.driftwatch.jobs.confidence.ConfidenceHarness.end;
import static io.driftwatch.jobs.confidence.ConfidenceHarness.group;
import static io.driftwatch.jobs.confidence.ConfidenceHarness.hist;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.driftwatch.connectors.events.EventRecord;
import io.driftwatch.connectors.remotewrite.PrometheusSample;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.junit.jupiter.api.Test;

/**
 * The {@code confidence_drift} events of {@link ConfidenceBaselineFunction}: fired above the drift-ratio
 * threshold, kept in the hysteresis band, resolved below 0.8 × threshold; one {@code ml_driftwatch_event}
 * sample each. Intervals of 1 min, window 3 min, frozen baseline of 5 min (the harness').
 */
class ConfidenceDriftEventsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Every interval holds 200 inferences of mean {@code means[k]}; returns the events. */
    private static List<JsonNode> run(double... means) throws Exception {
        try (ConfidenceHarness h = new ConfidenceHarness(ConfidenceHarness.settings(false, 1))) {
            for (int k = 0; k < means.length; k++) {
                h.point(hist(group("m"), end(k) - 1_000, means[k] * 200, 0, 0, 0, 100, 100, 0));
                h.watermark(end(k));
            }
            List<JsonNode> events = new ArrayList<>();
            var side = h.harness.getSideOutput(ConfidenceBaselineFunction.EVENTS);
            for (StreamRecord<EventRecord> r : side == null ? List.<StreamRecord<EventRecord>>of() : side) {
                EventRecord e = r.getValue();
                JsonNode doc = JSON.readTree(e.json());
                assertEquals("m/v1/fraud/prod", e.key());
                assertEquals(doc.path("event_id").asText(), e.eventId());
                assertEquals("confidence_drift", e.type());
                events.add(doc);
            }
            long annotations = h.output().stream()
                    .map(PrometheusSample::metricName)
                    .filter("ml_driftwatch_event"::equals)
                    .count();
            assertEquals(events.size(), annotations, "one ml_driftwatch_event sample per event");
            return events;
        }
    }

    @Test
    void firesResolvesWithHysteresis() throws Exception {
        // baseline k=0..4 (mean 0.8, published from k=4); the drop: k=5..7 at 0.5
        List<JsonNode> events = run(0.8, 0.8, 0.8, 0.8, 0.8, 0.5, 0.5, 0.5, 0.8, 0.8, 0.8, 0.8);
        assertEquals(2, events.size(), events.toString());
        JsonNode fire = events.get(0);
        assertEquals("firing", fire.path("state").asText());
        // the window of k=3..5 (0.8, 0.8, 0.5): mean 0.7, ratio 0.125 > 0.1
        assertEquals(
                Instant.ofEpochMilli(end(5)).toString(), fire.path("event_time").asText());
        assertEquals(0.125, fire.path("drift_ratio").asDouble(), 1e-12);
        assertEquals("current", fire.path("window").asText());
        assertEquals(0.8, fire.path("baseline_avg").asDouble(), 1e-12);
        assertEquals(0.0, fire.path("baseline_stddev").asDouble(), 1e-12);
        assertTrue(fire.path("below_adaptive_threshold").asBoolean());
        assertEquals(600, fire.path("current_window").path("samples").asLong());
        assertEquals("frozen", fire.path("baseline_window").path("mode").asText());
        assertEquals(1000, fire.path("baseline_window").path("samples").asLong());
        assertEquals("fraud", fire.path("group").path("use_case").asText());
        // window means: k=8 (0.5, 0.5, 0.8) = 0.6; k=9 (0.5, 0.8, 0.8) = 0.7, still firing;
        // k=10 (0.8, 0.8, 0.8) = 0.8, ratio 0 < 0.08: resolved
        JsonNode resolve = events.get(1);
        assertEquals("resolved", resolve.path("state").asText());
        assertEquals(
                Instant.ofEpochMilli(end(10)).toString(),
                resolve.path("event_time").asText());
    }

    @Test
    void aRatioInTheBandNeitherFiresNorResolves() throws Exception {
        // 0.74 in one of three intervals: window mean 0.78, ratio 0.025: nothing
        assertEquals(List.of(), run(0.8, 0.8, 0.8, 0.8, 0.8, 0.74, 0.8, 0.8));
    }
}
