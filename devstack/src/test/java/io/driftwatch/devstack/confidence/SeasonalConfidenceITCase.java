package io.driftwatch.devstack.confidence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Schema;
import io.driftwatch.devstack.EndToEnd;
import io.driftwatch.devstack.loadgen.ConfidenceTruth;
import io.driftwatch.devstack.loadgen.KafkaOtlpWriter;
import io.driftwatch.devstack.loadgen.LoadGenerator;
import io.driftwatch.devstack.loadgen.LoadScenario;
import io.driftwatch.devstack.loadgen.Scenario;
import io.driftwatch.devstack.servers.EmbeddedKafka;
import java.nio.charset.StandardCharsets;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import org.apache.commons.math3.stat.descriptive.SummaryStatistics;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Seasonal confidence, end to end (real Kafka, Flink MiniCluster, VictoriaMetrics): 35 days of the {@code
 * seasonal} scenario (a nightly and a weekend dip of confidence and traffic for every model) with the
 * demo's confidence drop of {@code fraud-detector v2} on day 31 (mean 0.85 → 0.70), run twice over the
 * same input with a two-week baseline: once with {@code confidence.baseline.mode: hour-of-week}, once
 * with today's {@code frozen}. The {@code confidence_drift} events are read back from Kafka with
 * read_committed, validated against the published schema and compared, event by event, with an
 * independent computation from the recorded values (calendar hours of java.time, the README's rules).
 * Hour-of-week: exactly the drop's one firing event, no false alarm; frozen: false alarms every weekend.
 * Both with the short window on (the default, one hour): the expected events follow the multi-scale rule
 * (README, "Multi-scale windows"), the short window compared with the same hour of the week.
 */
class SeasonalConfidenceITCase {

    @RegisterExtension
    static final MiniClusterExtension FLINK = EndToEnd.miniCluster();

    static final String PROTO_TOPIC = "seasonal_metrics";
    static final String JSON_TOPIC = "seasonal_metrics_json";
    static final long HOUR = 3_600_000L;
    static final long WINDOW = 24 * HOUR;
    static final long BASELINE = 14 * 24 * HOUR;
    static final double THRESHOLD = 0.1;
    static final long MIN_SAMPLES = 100;
    static final String DROPPED = "fraud-detector/v2/fraud_scoring/production";
    /** {@code Φ⁻¹(1 − α / 2)} for the default {@code confidence.short-window-alpha} 1e-5, from tables. */
    static final double Z = 4.417173413469;

    static final ObjectMapper JSON = new ObjectMapper();

    static EndToEnd stack;
    static EmbeddedKafka kafka;
    static LoadScenario scenario;
    static ConfidenceTruth truth;

    @BeforeAll
    static void replay() throws Exception {
        stack = EndToEnd.start();
        kafka = stack.kafka();
        kafka.createTopics(2, PROTO_TOPIC, JSON_TOPIC, "events_how", "events_frozen");
        scenario = LoadScenario.builder()
                .start(Instant.now().truncatedTo(ChronoUnit.DAYS).minus(Duration.ofDays(38)))
                .length(Duration.ofDays(35))
                .options(EnumSet.of(Scenario.SEASONAL, Scenario.CONFIDENCE_DROP))
                .build();
        try (KafkaOtlpWriter writer = new KafkaOtlpWriter(
                kafka.bootstrapServers(), Map.of("otlp_proto", PROTO_TOPIC, "otlp_json", JSON_TOPIC))) {
            truth = LoadGenerator.replay(scenario, writer::send);
        }
        for (String mode : List.of("hour-of-week", "frozen")) {
            String run = mode.equals("frozen") ? "frozen" : "how";
            stack.runBounded(
                    "seasonal-" + run,
                    "kafka.inputs[0].topic=" + PROTO_TOPIC,
                    "kafka.inputs[0].encoding=otlp_proto",
                    "kafka.inputs[1].topic=" + JSON_TOPIC,
                    "kafka.inputs[1].encoding=otlp_json",
                    "kafka.group-id=" + run,
                    "drift.enabled=false",
                    "cost.enabled=false",
                    "confidence.baseline.mode=" + mode,
                    "confidence.baseline.period=14d",
                    "output.events-topic=events_" + run,
                    "remote-write.extra-labels.run=" + run);
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (stack != null) {
            stack.close();
        }
    }

    /** One event as compared: key, state, event time, drift ratio, the window that made it. */
    record Event(String key, String state, long timeMillis, double driftRatio, String window) {
        boolean sameAs(Event o) {
            return key.equals(o.key)
                    && state.equals(o.state)
                    && window.equals(o.window)
                    && timeMillis == o.timeMillis
                    && Math.abs(driftRatio - o.driftRatio) <= 1e-9 * Math.max(1, o.driftRatio);
        }
    }

    @Test
    void hourOfWeekRaisesOnlyTheDropAndFrozenRaisesFalseAlarms() throws Exception {
        List<Event> how = readBack("events_how", "hour-of-week");
        List<Event> frozen = readBack("events_frozen", "frozen");
        assertSameEvents(expected(true), how, "hour-of-week");
        assertSameEvents(expected(false), frozen, "frozen");

        long change = scenario.start().plus(scenario.changesAfter()).toEpochMilli();
        List<Event> howFalse = how.stream().filter(e -> isFalse(e, change)).toList();
        List<Event> frozenFalse =
                frozen.stream().filter(e -> isFalse(e, change)).toList();
        System.out.printf(
                "seasonal: frozen baseline: %d false confidence_drift events (%d firing) over 35 days; hour-of-week: %d%n",
                frozenFalse.size(),
                frozenFalse.stream().filter(e -> e.state.equals("firing")).count(),
                howFalse.size());
        System.out.printf(
                "seasonal: hour-of-week, largest drift ratio of a stable group: current window %.4f (threshold %.2f),"
                        + " short window %.4f of its fire level (margin %.1fx)%n",
                maxStableRatio(change, WINDOW),
                THRESHOLD,
                maxStableRatio(change, HOUR),
                1 / maxStableRatio(change, HOUR));
        assertEquals(List.of(), howFalse, "hour-of-week must raise no false alarm");
        assertTrue(frozenFalse.size() > 0, "today's frozen baseline raises false alarms on the seasonal scenario");

        // the drop: exactly one firing event, by the short window within 2 h of its start, never resolved
        assertEquals(1, how.size(), how.toString());
        Event drop = how.get(0);
        assertEquals(DROPPED, drop.key);
        assertEquals("firing", drop.state);
        assertEquals("short", drop.window);
        assertTrue(drop.timeMillis > change && drop.timeMillis <= change + 2 * HOUR, drop.toString());
        System.out.printf(
                "seasonal: hour-of-week: the confidence drop fires %d h after it starts (drift ratio %.4f)%n",
                (drop.timeMillis - change) / HOUR, drop.driftRatio);
    }

    private static boolean isFalse(Event e, long change) {
        return !e.key.equals(DROPPED) || e.timeMillis <= change;
    }

    private static void assertSameEvents(List<Event> expected, List<Event> actual, String mode) {
        boolean same = expected.size() == actual.size();
        for (int i = 0; same && i < expected.size(); i++) {
            same = actual.get(i).sameAs(expected.get(i));
        }
        assertTrue(
                same,
                mode + ": events differ from the independent computation:\n expected " + expected + "\n actual   "
                        + actual);
    }

    /** The run's events, read_committed, each validated against the schema; by key, then time. */
    private static List<Event> readBack(String topic, String mode) throws Exception {
        Schema schema = EndToEnd.eventSchema();
        List<Event> out = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : kafka.readCommitted(topic)) {
            JsonNode doc = JSON.readTree(new String(r.value(), StandardCharsets.UTF_8));
            assertEquals(List.of(), schema.validate(doc), doc.toString());
            assertEquals("confidence_drift", doc.path("type").asText());
            assertEquals(mode, doc.path("baseline_window").path("mode").asText());
            String key = new String(r.key(), StandardCharsets.UTF_8);
            assertEquals(
                    String.join(
                            "/",
                            doc.path("model_name").asText(),
                            doc.path("model_version").asText(),
                            doc.path("group").path("use_case").asText(),
                            doc.path("group").path("environment").asText()),
                    key);
            if (doc.path("state").asText().equals("firing")
                    && !doc.path("below_adaptive_threshold").isNull()) {
                // the adaptive verdict is the event's own figures compared
                assertEquals(
                        doc.path("current_avg").asDouble()
                                < doc.path("adaptive_threshold").asDouble(),
                        doc.path("below_adaptive_threshold").asBoolean());
            }
            out.add(new Event(
                    key,
                    doc.path("state").asText(),
                    Instant.parse(doc.path("event_time").asText()).toEpochMilli(),
                    doc.path("drift_ratio").asDouble(),
                    doc.path("window").asText()));
        }
        out.sort((a, b) -> a.key.equals(b.key) ? Long.compare(a.timeMillis, b.timeMillis) : a.key.compareTo(b.key));
        return out;
    }

    /** The hour of the week of an interval ending at {@code end}, by the calendar (Monday 00:00 UTC = 0). */
    static int hourOfWeek(long end) {
        ZonedDateTime start = Instant.ofEpochMilli(end - HOUR).atZone(ZoneOffset.UTC);
        return (start.getDayOfWeek().getValue() - DayOfWeek.MONDAY.getValue()) * 24 + start.getHour();
    }

    /**
     * Every group's drift ratio at every evaluation with a baseline, from the recorded values, for a window of
     * {@code window} ms: {ratio, count, fire level}. The fire level is {@link #THRESHOLD} for the 24 h window;
     * for a window of one hour it is the short window's, {@code max(THRESHOLD, Z · σ · sqrt(max(1, n̄ / n)) /
     * baseline)}, with σ the spread of the baseline's hourly means (hour-of-week: of that hour of the week's)
     * and n̄ the baseline's inferences per hour.
     */
    static Map<String, NavigableMap<Long, double[]>> ratios(boolean hourOfWeek, long window) {
        Map<String, NavigableMap<Long, double[]>> out = new java.util.TreeMap<>();
        for (var group : truth.byGroup().entrySet()) {
            NavigableMap<Long, ConfidenceTruth.Interval> intervals = group.getValue();
            long baselineEnd = intervals.firstKey() - HOUR + BASELINE;
            double[] n = new double[168];
            double[] s = new double[168];
            SummaryStatistics all = new SummaryStatistics();
            SummaryStatistics[] byHour = new SummaryStatistics[168];
            for (var iv : intervals.headMap(baselineEnd, true).entrySet()) {
                int h = hourOfWeek(iv.getKey());
                n[h] += iv.getValue().count();
                s[h] += iv.getValue().sum();
                if (iv.getValue().count() > 0) {
                    double mean = iv.getValue().sum() / iv.getValue().count();
                    all.addValue(mean);
                    (byHour[h] == null ? byHour[h] = new SummaryStatistics() : byHour[h]).addValue(mean);
                }
            }
            double frozenMean = java.util.Arrays.stream(s).sum()
                    / java.util.Arrays.stream(n).sum();
            double perHour = java.util.Arrays.stream(n).sum() / all.getN();
            NavigableMap<Long, double[]> byTime = new java.util.TreeMap<>();
            for (long t = baselineEnd; t <= intervals.lastKey() + WINDOW - HOUR; t += HOUR) {
                long count = 0;
                double sum = 0;
                double weighted = 0;
                for (var iv : intervals.subMap(t - window, false, t, true).entrySet()) {
                    long c = iv.getValue().count();
                    int h = hourOfWeek(iv.getKey());
                    count += c;
                    sum += iv.getValue().sum();
                    weighted += c * s[h] / n[h];
                }
                if (count == 0) {
                    continue;
                }
                double base = hourOfWeek ? weighted / count : frozenMean;
                double level = THRESHOLD;
                if (window == HOUR) {
                    double sigma =
                            hourOfWeek ? byHour[hourOfWeek(t)].getStandardDeviation() : all.getStandardDeviation();
                    level = Math.max(THRESHOLD, Z * sigma * Math.sqrt(Math.max(1, perHour / count)) / base);
                }
                byTime.put(t, new double[] {Math.abs(sum / count - base) / base, count, level});
            }
            out.put(group.getKey(), byTime);
        }
        return out;
    }

    /**
     * The events the README's rules give: per window fire above its level, resolve below 0.8 of it, no verdict
     * under 100 samples; the group fires when either window fires (current named first) and resolves when the
     * current window is below and the short one is below or without verdict.
     */
    static List<Event> expected(boolean hourOfWeek) {
        List<Event> out = new ArrayList<>();
        Map<String, NavigableMap<Long, double[]>> shortWindows = ratios(hourOfWeek, HOUR);
        for (var group : ratios(hourOfWeek, WINDOW).entrySet()) {
            boolean firing = false;
            for (var at : group.getValue().entrySet()) {
                double[] c = at.getValue();
                double[] sw = shortWindows.get(group.getKey()).get(at.getKey());
                String cv = verdict(c);
                String sv = sw == null ? "none" : verdict(sw);
                if (!firing && (cv.equals("fire") || sv.equals("fire"))) {
                    firing = true;
                    boolean current = cv.equals("fire");
                    out.add(new Event(
                            group.getKey(),
                            "firing",
                            at.getKey(),
                            current ? c[0] : sw[0],
                            current ? "current" : "short"));
                } else if (firing && cv.equals("resolve") && (sv.equals("resolve") || sv.equals("none"))) {
                    firing = false;
                    out.add(new Event(group.getKey(), "resolved", at.getKey(), c[0], "current"));
                }
            }
        }
        return out;
    }

    private static String verdict(double[] ratioCountLevel) {
        if (ratioCountLevel[1] < MIN_SAMPLES) {
            return "none";
        }
        double ratio = ratioCountLevel[0];
        double level = ratioCountLevel[2];
        return ratio > level ? "fire" : ratio < 0.8 * level ? "resolve" : "hold";
    }

    /**
     * The largest hour-of-week drift ratio of a group without a real change, over the window's fire level:
     * 1 / the margin.
     */
    static double maxStableRatio(long change, long window) {
        double max = 0;
        for (var group : ratios(true, window).entrySet()) {
            for (var at : group.getValue().entrySet()) {
                if (!group.getKey().equals(DROPPED) || at.getKey() <= change) {
                    max = Math.max(max, at.getValue()[0] / at.getValue()[2]);
                }
            }
        }
        return max;
    }
}
