package io.driftwatch.jobs.confidence;

import static io.driftwatch.jobs.confidence.ConfidenceHarness.GROUP_BY;
import static io.driftwatch.jobs.confidence.ConfidenceHarness.end;
import static io.driftwatch.jobs.confidence.ConfidenceHarness.hist;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.driftwatch.connectors.events.EventRecord;
import io.driftwatch.connectors.otlp.Labels;
import io.driftwatch.connectors.otlp.MetricPoint;
import io.driftwatch.connectors.remotewrite.PrometheusSample;
import io.driftwatch.jobs.pipeline.HarnessMetrics;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/**
 * A roll-up merges the intervals its finer level closes exactly as a group merges points: the {@code
 * model_version} roll-up of two groups writes every sample (series, time, value) and event a single group fed
 * both groups' points writes, only labelled by the roll-up. Intervals of 1 min, window 3 min, frozen baseline
 * of 5 min (the harness'); the values are multiples of 1/8 and the low threshold a bucket bound, so every sum
 * is exact in any order and the comparison can be exact.
 */
class ConfidenceRollupTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ConfidenceSettings SETTINGS = ConfidenceHarness.settings(false, 1);
    private static final ConfidenceLevel GROUPS = ConfidenceLevel.groups(GROUP_BY, true);
    private static final ConfidenceLevel MODEL_VERSION = GROUPS.rollUp("model_version", true);
    private static final ConfidenceLevel FLEET = MODEL_VERSION.rollUp("fleet", false);

    private static Labels labels(String useCase) {
        return Labels.of("model_name", "m", "model_version", "v1", "use_case", useCase, "environment", "prod");
    }

    /**
     * Group "fraud" steady at a mean of 0.75 (100 inferences an interval), group "chat" at 0.875 and 60 an
     * interval, dropping to 0.375 from interval 7 on: enough for the merged mean to drift.
     */
    private static List<MetricPoint> points(Function<String, Labels> labelsOf) {
        List<MetricPoint> points = new ArrayList<>();
        for (int k = 0; k < 12; k++) {
            points.add(hist(labelsOf.apply("fraud"), end(k) - 20_000, 75, 0, 0, 0, 50, 50, 0));
            points.add(hist(labelsOf.apply("fraud"), end(k) - 10_000, 0, 0));
            if (k < 7) {
                points.add(hist(labelsOf.apply("chat"), end(k) - 5_000, 52.5, 0, 0, 0, 0, 60, 0));
            } else {
                points.add(hist(labelsOf.apply("chat"), end(k) - 5_000, 22.5, 0, 30, 30, 0, 0, 0));
            }
        }
        return points;
    }

    private static <IN> KeyedOneInputStreamOperatorTestHarness<String, IN, PrometheusSample> harness(
            ConfidenceBaselineFunction<IN> f, KeySelector<IN, String> key, HarnessMetrics metrics) throws Exception {
        var h = new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(f), key, Types.STRING, metrics.environment());
        h.open();
        return h;
    }

    private static <IN> List<ClosedInterval> closed(
            KeyedOneInputStreamOperatorTestHarness<String, IN, PrometheusSample> h) {
        var side = h.getSideOutput(ConfidenceBaselineFunction.CLOSED_INTERVALS);
        return side == null
                ? List.of()
                : side.stream().map(StreamRecord::getValue).toList();
    }

    private static <IN> List<EventRecord> events(
            KeyedOneInputStreamOperatorTestHarness<String, IN, PrometheusSample> h) {
        var side = h.getSideOutput(ConfidenceBaselineFunction.EVENTS);
        return side == null
                ? List.of()
                : side.stream().map(StreamRecord::getValue).toList();
    }

    /** name at time (with the short window's and the events' labels that are not the key's) to value. */
    private static Map<String, Double> byNameAndTime(List<PrometheusSample> samples, Labels keyLabels) {
        Map<String, Double> out = new TreeMap<>();
        for (PrometheusSample s : samples) {
            Map<String, String> extra = new TreeMap<>(s.labels().toMap());
            keyLabels.toMap().forEach((name, value) -> assertEquals(value, extra.remove(name), s.toString()));
            assertTrue(
                    List.of("state", "type", "window").containsAll(extra.keySet()),
                    "only the key's labels and the series' own: " + s);
            Double previous = out.put(s.metricName() + extra + "@" + s.timestampMs(), s.value());
            assertEquals(null, previous, "written twice: " + s);
        }
        return out;
    }

    @Test
    void aModelVersionRollupOfTwoGroupsIsOneGroupFedBothGroupsPoints() throws Exception {
        try (HarnessMetrics metrics = new HarnessMetrics()) {
            var groups = harness(ConfidenceBaselineFunction.ofPoints(SETTINGS, GROUPS), SETTINGS::keyOf, metrics);
            var single = harness(ConfidenceBaselineFunction.ofPoints(SETTINGS), SETTINGS::keyOf, metrics);
            for (MetricPoint p : points(ConfidenceRollupTest::labels)) {
                groups.processElement(p, p.timeMillis());
            }
            for (MetricPoint p : points(useCase -> labels("all"))) {
                single.processElement(p, p.timeMillis());
            }
            var rollup = harness(
                    ConfidenceBaselineFunction.ofClosedIntervals(SETTINGS, MODEL_VERSION),
                    MODEL_VERSION.keyFrom(GROUPS),
                    metrics);
            var fleet = harness(
                    ConfidenceBaselineFunction.ofClosedIntervals(SETTINGS, FLEET),
                    FLEET.keyFrom(MODEL_VERSION),
                    metrics);
            for (int k = 0; k <= 16; k++) {
                // as Flink does: the finer level's closed intervals reach the roll-up before the watermark does
                int before = closed(groups).size();
                groups.processWatermark(end(k));
                for (ClosedInterval c :
                        closed(groups).subList(before, closed(groups).size())) {
                    assertEquals(end(k), c.endMillis());
                    rollup.processElement(c, c.endMillis());
                }
                int rolled = closed(rollup).size();
                rollup.processWatermark(end(k));
                for (ClosedInterval c :
                        closed(rollup).subList(rolled, closed(rollup).size())) {
                    fleet.processElement(c, c.endMillis());
                }
                fleet.processWatermark(end(k));
                single.processWatermark(end(k));
            }
            assertEquals(24, closed(groups).size(), "two groups, 12 intervals each");

            Map<String, Double> want = byNameAndTime(single.extractOutputValues(), labels("all"));
            Labels rollupLabels = Labels.of("model_name", "m", "model_version", "v1", "rollup", "model_version");
            Map<String, Double> got = byNameAndTime(rollup.extractOutputValues(), rollupLabels);
            assertTrue(want.size() > 80, "a run with baselines and an alert: " + want.size() + " samples");
            assertTrue(want.keySet().stream().anyMatch(s -> s.startsWith("ml:confidence:drift_ratio{}")));
            assertEquals(want, got, "every sample, exactly");
            // the merge is not either group's: the groups' own series differ from it
            Map<String, Double> fraud = byNameAndTime(
                    groups.extractOutputValues().stream()
                            .filter(s -> "fraud".equals(s.labels().get("use_case")))
                            .toList(),
                    labels("fraud"));
            assertNotEquals(
                    want.get("ml:confidence:current_avg{}@" + end(3)),
                    fraud.get("ml:confidence:current_avg{}@" + end(3)));
            // the fleet of one model version is that model version, labelled rollup="fleet" and nothing else
            assertEquals(want, byNameAndTime(fleet.extractOutputValues(), Labels.of("rollup", "fleet")));

            List<EventRecord> singleEvents = events(single);
            List<EventRecord> rollupEvents = events(rollup);
            assertFalse(singleEvents.isEmpty(), "the merged drop fires");
            assertEquals(singleEvents.size(), rollupEvents.size());
            for (int i = 0; i < singleEvents.size(); i++) {
                JsonNode a = JSON.readTree(singleEvents.get(i).json());
                JsonNode b = JSON.readTree(rollupEvents.get(i).json());
                assertEquals("model_version", b.path("rollup").asText());
                assertTrue(a.path("rollup").isMissingNode(), "a group's event has no rollup");
                assertEquals(JSON.readTree("{\"model_name\":\"m\",\"model_version\":\"v1\"}"), b.path("group"));
                assertEquals("rollup:model_version/m/v1", rollupEvents.get(i).key());
                for (String field : List.of(
                        "state",
                        "window",
                        "event_time",
                        "drift_ratio",
                        "current_avg",
                        "baseline_avg",
                        "baseline_stddev",
                        "current_window",
                        "baseline_window")) {
                    assertEquals(a.path(field), b.path(field), field);
                }
                assertNotEquals(a.path("event_id"), b.path("event_id"));
            }
            assertEquals("rollup:fleet", events(fleet).get(0).key());
            groups.close();
            single.close();
            rollup.close();
            fleet.close();
        }
    }
}
