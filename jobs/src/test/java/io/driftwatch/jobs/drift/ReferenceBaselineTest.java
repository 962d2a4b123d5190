package io.driftwatch.jobs.drift;

import static io.driftwatch.jobs.drift.FeatureDriftFunctionTest.BASE;
import static io.driftwatch.jobs.drift.FeatureDriftFunctionTest.H;
import static io.driftwatch.jobs.drift.FeatureDriftFunctionTest.KEY;
import static io.driftwatch.jobs.drift.FeatureDriftFunctionTest.POLICY;
import static io.driftwatch.jobs.drift.FeatureDriftFunctionTest.end;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.driftwatch.connectors.deadletter.DeadLetter;
import io.driftwatch.connectors.otlp.OtlpRecord;
import io.driftwatch.connectors.otlp.RejectReason;
import io.driftwatch.connectors.remotewrite.PrometheusSample;
import io.driftwatch.drift.feature.FeatureComparison;
import io.driftwatch.drift.feature.FeatureSummary;
import io.driftwatch.drift.feature.MethodScore;
import io.driftwatch.drift.reference.ProfileColumns;
import io.driftwatch.drift.reference.ReferenceProfile;
import io.driftwatch.jobs.config.DriftwatchConfig;
import io.driftwatch.jobs.pipeline.GroupKey;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.flink.streaming.api.operators.ProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/** Reference profiles: the offline profile is the job's own summary, and the drift operator compares with it. */
class ReferenceBaselineTest {

    private static final DriftwatchConfig DEFAULTS = DriftwatchConfig.load(null, List.of());

    /** Reference mode, frozen fallback of 5 intervals, window of 3, hourly. */
    static FeatureDriftSettings reference() {
        return new FeatureDriftSettings(
                POLICY,
                Duration.ofHours(1),
                Duration.ofHours(3),
                Duration.ZERO,
                Duration.ofHours(5),
                false,
                true,
                0.001,
                100,
                "");
    }

    /** Values and categories as a span feature would carry them, with their text as in a training CSV. */
    private static List<Double> values(long seed, int n, double shift) {
        SplittableRandom r = new SplittableRandom(seed);
        List<Double> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(Double.parseDouble(
                    String.format(java.util.Locale.ROOT, "%.4f", 100 + shift + 15 * r.nextGaussian())));
        }
        return out;
    }

    /**
     * The profile of a column (drift-stats profile) has the bytes of the summary the job builds for the same
     * values streaming: per interval, in the operator's empty summary at the configured α and category
     * limit, then merged over the intervals of a window as the operator merges them.
     */
    @Test
    void anOfflineProfileIsTheJobsStreamingSummaryByteForByte() {
        FeatureDriftSettings job = FeatureDriftSettings.of(DEFAULTS.drift(), "");
        List<Double> numbers = values(7, 3000, 0);
        String[] colours = {"red", "green", "blue", "amber"};
        List<String> categories = new ArrayList<>();
        for (int i = 0; i < numbers.size(); i++) {
            categories.add(colours[(int) (numbers.get(i) * 7) % colours.length]);
        }
        // streaming: three intervals of 1000 values, merged in interval order
        FeatureSummary numeric = null;
        FeatureSummary categorical = null;
        for (int k = 0; k < 3; k++) {
            FeatureSummary ni = job.emptySummary(FeatureSummary.Kind.NUMERIC, null);
            FeatureSummary ci = job.emptySummary(FeatureSummary.Kind.CATEGORICAL, null);
            for (int i = k * 1000; i < (k + 1) * 1000; i++) {
                FeatureObservation.numeric(KEY, end(k), numbers.get(i), 1).addTo(ni);
                FeatureObservation.categorical(KEY, end(k), categories.get(i), 1)
                        .addTo(ci);
            }
            numeric = numeric == null ? ni.copy() : merged(numeric, ni);
            categorical = categorical == null ? ci.copy() : merged(categorical, ci);
        }
        // offline, with the job's defaults, from the cells' text (plus missing ones, which only count)
        List<String> numberCells =
                new ArrayList<>(numbers.stream().map(String::valueOf).toList());
        numberCells.add("NA");
        numberCells.add("");
        ReferenceProfile.Column n = ProfileColumns.column(
                "amount",
                numberCells,
                null,
                DEFAULTS.drift().sketchRelativeAccuracy(),
                DEFAULTS.drift().maxCategories(),
                i -> "line " + i);
        ReferenceProfile.Column c = ProfileColumns.column(
                "colour",
                categories,
                null,
                DEFAULTS.drift().sketchRelativeAccuracy(),
                DEFAULTS.drift().maxCategories(),
                i -> "line " + i);
        assertArrayEquals(numeric.toBytes(), n.summary().toBytes());
        assertArrayEquals(categorical.toBytes(), c.summary().toBytes());
        assertEquals(2, n.missing());
        assertEquals(3000, n.summary().observations());
        // and the profile file carries exactly those bytes
        ReferenceProfile read =
                ReferenceProfile.fromBytes(new ReferenceProfile("fraud", "v2", Map.of("amount", n)).toBytes());
        assertArrayEquals(numeric.toBytes(), read.summary("amount").toBytes());
    }

    private static FeatureSummary merged(FeatureSummary into, FeatureSummary add) {
        into.merge(add);
        return into;
    }

    private static ReferenceUpdate update(List<Double> values, long publishedMillis) {
        byte[] bytes = profile(values).toBytes();
        return new ReferenceUpdate(GroupKey.of(List.of("fraud", "v2")), publishedMillis, bytes);
    }

    private static ReferenceProfile profile(List<Double> values) {
        Map<String, ReferenceProfile.Column> columns = new LinkedHashMap<>();
        columns.put(
                "amount",
                ProfileColumns.column(
                        "amount",
                        values.stream().map(String::valueOf).toList(),
                        ProfileColumns.Type.NUMERIC,
                        0.001,
                        100,
                        i -> "line " + i));
        return new ReferenceProfile("fraud", "v2", columns);
    }

    /**
     * With a published reference the first interval is already evaluated against it (no reference period),
     * with baseline="reference" on the series and mode "reference" in the event; its scores are those of
     * FeatureComparison on the profile's summary and the window's values.
     */
    @Test
    void aPublishedReferenceIsTheBaselineFromTheFirstEvaluation() throws Exception {
        List<Double> training = values(1, 2000, 0);
        List<Double> production = values(2, 600, 20); // shifted by 1.3 standard deviations
        try (FeatureDriftFunctionTest.Harness h = new FeatureDriftFunctionTest.Harness(reference(), null)) {
            h.harness.processElement2(update(training, BASE - 10 * H), BASE - 10 * H);
            for (int i = 0; i < production.size(); i++) {
                h.add(FeatureObservation.numeric(KEY, BASE + (i / 200) * H + 1000, production.get(i), 1));
            }
            h.watermarks(1, 3);
            FeatureSummary current = FeatureSummary.numeric(0.001);
            production.subList(0, 200).forEach(v -> current.add(v, 1));
            MethodScore ks = FeatureComparison.compare(profile(training).summary("amount"), current, POLICY).stream()
                    .filter(s -> s.method().label().equals("ks"))
                    .findFirst()
                    .orElseThrow();
            List<PrometheusSample> first = h.harness.extractOutputValues().stream()
                    .filter(s -> s.timestampMs() == end(1))
                    .toList();
            PrometheusSample score = first.stream()
                    .filter(s -> s.metricName().equals("ml_feature_drift_score")
                            && "ks".equals(s.labels().get("method")))
                    .findFirst()
                    .orElseThrow();
            assertEquals(ks.score(), score.value(), 0);
            assertEquals("reference", score.labels().get("baseline"));
            assertTrue(first.stream()
                    .anyMatch(s -> s.metricName().equals("ml_feature_drift_samples")
                            && "baseline".equals(s.labels().get("window"))
                            && s.value() == 2000
                            && "reference".equals(s.labels().get("baseline"))));
            List<JsonNode> events = h.events();
            assertEquals(1, events.size(), events.toString());
            assertEquals(
                    end(1),
                    java.time.Instant.parse(events.get(0).get("event_time").asText())
                            .toEpochMilli());
            assertEquals("firing", events.get(0).get("state").asText());
            assertEquals("reference", events.get(0).at("/baseline_window/mode").asText());
            assertEquals(2000, events.get(0).at("/baseline_window/samples").asLong());
        }
    }

    /** Without a profile the fallback applies (frozen: nothing before its period ends); a later profile replaces it at once. */
    @Test
    void aReferencePublishedLaterReplacesTheFallbackFromTheNextEvaluation() throws Exception {
        List<Double> values = values(3, 1600, 0);
        try (FeatureDriftFunctionTest.Harness h = new FeatureDriftFunctionTest.Harness(reference(), null)) {
            for (int i = 0; i < values.size(); i++) {
                h.add(FeatureObservation.numeric(KEY, BASE + (i / 200) * H + 1000, values.get(i), 1));
            }
            h.watermarks(1, 3);
            assertTrue(h.harness.extractOutputValues().stream()
                    .noneMatch(s -> s.metricName().equals("ml_feature_drift_score")));
            h.harness.processElement2(update(values(4, 2000, 30), end(3) + 5), end(3) + 5);
            h.watermarks(4, 4);
            List<PrometheusSample> at4 = h.harness.extractOutputValues().stream()
                    .filter(s -> s.timestampMs() == end(4) && s.metricName().equals("ml_feature_drift_firing"))
                    .toList();
            assertEquals(1, at4.size(), at4.toString());
            assertEquals("reference", at4.get(0).labels().get("baseline"));
            assertEquals(1.0, at4.get(0).value());
            h.watermarks(5, 8);
            // the fallback completed at interval 5, but the reference stays the baseline
            assertTrue(h.harness.extractOutputValues().stream()
                    .filter(s -> s.metricName().equals("ml_feature_drift_firing"))
                    .allMatch(s -> "reference".equals(s.labels().get("baseline"))));
        }
    }

    /** Unreadable, mis-keyed and oversized records are dead-lettered with a reason; readable ones go on. */
    @Test
    void malformedOrOversizedReferenceRecordsAreDeadLettered() throws Exception {
        byte[] good = profile(values(5, 100, 0)).toBytes();
        byte[] truncated = java.util.Arrays.copyOf(good, good.length - 5);
        ReferenceUpdates.Validation validation = new ReferenceUpdates.Validation(good.length);
        try (OneInputStreamOperatorTestHarness<OtlpRecord, ReferenceUpdate> h =
                new OneInputStreamOperatorTestHarness<>(new ProcessOperator<>(validation))) {
            h.open();
            h.processElement(record(0, "fraud/v2", good), 0);
            h.processElement(record(1, "fraud/v2", truncated), 0);
            h.processElement(record(2, "fraud/v3", good), 0);
            h.processElement(record(3, "fraud/v2", "a,b\n1,2\n".getBytes(StandardCharsets.UTF_8)), 0);
            h.processElement(record(4, "fraud/v2", java.util.Arrays.copyOf(good, good.length + 1)), 0);
            h.processElement(record(5, "fraud/v2", null), 0);
            List<ReferenceUpdate> out = h.extractOutputValues();
            assertEquals(2, out.size());
            assertArrayEquals(good, out.get(0).profile());
            assertEquals(GroupKey.of(List.of("fraud", "v2")), out.get(1).modelVersion());
            assertNull(out.get(1).profile());
            List<DeadLetter> dead = new ArrayList<>();
            for (StreamRecord<DeadLetter> r : h.getSideOutput(ReferenceUpdates.Validation.DEAD_LETTERS)) {
                dead.add(r.getValue());
            }
            assertEquals(
                    List.of(1L, 2L, 3L, 4L),
                    dead.stream().map(DeadLetter::sourceOffset).toList());
            assertEquals(List.of(RejectReason.INVALID_REFERENCE), dead.get(0).reasons());
            assertTrue(dead.get(0).detail().contains("refs@0:1"), dead.get(0).detail());
            assertTrue(
                    dead.get(1).detail().contains("is not the profile's model/version fraud/v2"),
                    dead.get(1).detail());
            assertTrue(
                    dead.get(2).detail().contains("not a reference profile"),
                    dead.get(2).detail());
            assertEquals(List.of(RejectReason.RECORD_TOO_LARGE), dead.get(3).reasons());
            assertNull(dead.get(3).value());
        }
    }

    private static OtlpRecord record(long offset, String key, byte[] value) {
        return new OtlpRecord("refs", 0, offset, 1000, key.getBytes(StandardCharsets.UTF_8), value);
    }
}
