package io.driftwatch.devstack.drift;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Schema;
import io.driftwatch.connectors.deadletter.DeadLetterSerializationSchema;
import io.driftwatch.connectors.events.EventRecordSerializationSchema;
import io.driftwatch.devstack.EndToEnd;
import io.driftwatch.devstack.events.EventsReadBack;
import io.driftwatch.devstack.loadgen.FeatureScenario;
import io.driftwatch.devstack.loadgen.FeatureTrafficGenerator;
import io.driftwatch.devstack.loadgen.FeatureTruth;
import io.driftwatch.devstack.loadgen.KafkaOtlpWriter;
import io.driftwatch.devstack.servers.EmbeddedKafka;
import io.driftwatch.devstack.servers.PromSeries;
import io.driftwatch.devstack.servers.VictoriaMetricsServer;
import io.driftwatch.drift.ks.KolmogorovSmirnov;
import io.driftwatch.drift.psi.Psi;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * End to end on a real Kafka broker, a Flink MiniCluster and a real VictoriaMetrics: 35 days of one
 * model version's features ({@link FeatureScenario}: two from histograms, three from sampled spans,
 * numeric and categorical), one shifted by 0.25 sd and one changing only its variance from day 31 to
 * day 33. Exactly those two fire, within one current window after the shift starts, and resolve after
 * it ends; the events are read back with read_committed and validated against the published schema; the
 * series read back from VictoriaMetrics equal (histograms, categories, sample counts) or are within the
 * sketch's accuracy of (numeric span features) a computation from the raw generated values.
 */
class FeatureDriftJobITCase {

    @RegisterExtension
    static final MiniClusterExtension FLINK = EndToEnd.miniCluster();

    static final String METRICS = "feature_metrics";
    static final String SPANS = "feature_spans";
    static final String EVENTS = "ml.drift.events";
    static final String DEAD_LETTERS = "driftwatch.dead-letters";
    static final long HOUR = Duration.ofHours(1).toMillis();
    static final long WINDOW = Duration.ofHours(24).toMillis();
    static final long BASELINE = Duration.ofDays(30).toMillis();
    static final double RELATIVE = 1e-9;
    /**
     * drift.fdr-q and the per-window significance (drift.ks-alpha, drift.short-window-alpha) at their defaults:
     * BH runs at min(q, m·α) for a family of m hypotheses (README, false discovery rate).
     */
    static final double FDR_Q = 0.01;

    static final double ALPHA = 1e-6;

    static EndToEnd stack;
    static EmbeddedKafka kafka;
    static VictoriaMetricsServer vm;
    static FeatureScenario scenario;
    static FeatureTruth truth;
    static List<ConsumerRecord<byte[], byte[]>> events;
    static Map<String, NavigableMap<Long, Double>> series;

    @BeforeAll
    static void replay() throws Exception {
        stack = EndToEnd.start();
        kafka = stack.kafka();
        vm = stack.vm();
        kafka.createTopics(2, METRICS, SPANS, EVENTS);
        scenario = FeatureScenario.builder()
                .start(Instant.now().truncatedTo(ChronoUnit.DAYS).minus(Duration.ofDays(38)))
                .build();
        try (KafkaOtlpWriter metrics = new KafkaOtlpWriter(kafka.bootstrapServers(), Map.of("otlp_proto", METRICS));
                KafkaOtlpWriter spans = new KafkaOtlpWriter(kafka.bootstrapServers(), Map.of("otlp_proto", SPANS))) {
            truth = FeatureTrafficGenerator.generate(scenario, metrics, spans);
            spans.sendRaw(
                    SPANS,
                    "bad-threshold".getBytes(StandardCharsets.UTF_8),
                    badThreshold(),
                    scenario.start().plus(Duration.ofDays(2)).toEpochMilli());
        }
        stack.runBounded(
                "feature-drift-e2e",
                "kafka.inputs[0].topic=" + METRICS,
                "kafka.dead-letter-topic=" + DEAD_LETTERS,
                "confidence.enabled=false",
                "drift.spans.enabled=true",
                "drift.spans.inputs[0].topic=" + SPANS,
                "output.events-topic=" + EVENTS);
        events = kafka.readCommitted(EVENTS);
        series = readBack();
    }

    @AfterAll
    static void stop() throws Exception {
        if (stack != null) {
            stack.close();
        }
    }

    /** A span whose trace state carries a malformed sampling threshold. */
    static byte[] badThreshold() {
        long t = scenario.start().plus(Duration.ofDays(2)).toEpochMilli() * 1_000_000L;
        return ExportTraceServiceRequest.newBuilder()
                .addResourceSpans(ResourceSpans.newBuilder()
                        .setResource(Resource.newBuilder()
                                .addAttributes(KeyValue.newBuilder()
                                        .setKey("model_name")
                                        .setValue(AnyValue.newBuilder().setStringValue("fraud-detector"))))
                        .addScopeSpans(ScopeSpans.newBuilder()
                                .addSpans(Span.newBuilder()
                                        .setName("predict")
                                        .setStartTimeUnixNano(t)
                                        .setEndTimeUnixNano(t + 1000)
                                        .setTraceState("ot=th:xyz")
                                        .addAttributes(KeyValue.newBuilder()
                                                .setKey("ml.feature.amount")
                                                .setValue(AnyValue.newBuilder().setDoubleValue(1.0))))))
                .build()
                .toByteArray();
    }

    @Test
    void exactlyTheShiftedAndTheVarianceChangedFeaturesFireWithinOneWindowAndResolveAfterTheShift() throws Exception {
        ObjectMapper json = new ObjectMapper();
        Map<String, List<JsonNode>> byFeature = new TreeMap<>();
        for (ConsumerRecord<byte[], byte[]> r : events) {
            JsonNode doc = json.readTree(r.value());
            byFeature
                    .computeIfAbsent(doc.get("feature").asText(), f -> new ArrayList<>())
                    .add(doc);
            assertEquals(
                    "fraud-detector/v2/" + doc.get("feature").asText(), new String(r.key(), StandardCharsets.UTF_8));
            assertEquals(
                    doc.get("event_id").asText(),
                    new String(
                            r.headers()
                                    .lastHeader(EventRecordSerializationSchema.EVENT_ID)
                                    .value(),
                            StandardCharsets.UTF_8));
        }
        assertEquals(
                List.of("amount", "session_length"),
                List.copyOf(byFeature.keySet()),
                "features with events: " + byFeature);
        long shiftStart = scenario.shiftStart().toEpochMilli();
        long shiftEnd = scenario.shiftEnd().toEpochMilli();
        for (var e : byFeature.entrySet()) {
            List<JsonNode> docs = e.getValue();
            assertEquals(
                    List.of("firing", "resolved"),
                    docs.stream().map(d -> d.get("state").asText()).toList(),
                    e.getKey());
            long fired = Instant.parse(docs.get(0).get("event_time").asText()).toEpochMilli();
            long resolved =
                    Instant.parse(docs.get(1).get("event_time").asText()).toEpochMilli();
            System.out.printf(
                    "EVENTS %s fired %.0f h after the shift started, resolved %.0f h after it ended%n",
                    e.getKey(), (fired - shiftStart) / (double) HOUR, (resolved - shiftEnd) / (double) HOUR);
            assertTrue(
                    fired > shiftStart && fired <= shiftStart + WINDOW,
                    e.getKey() + " fired at " + Instant.ofEpochMilli(fired));
            assertTrue(
                    resolved > shiftEnd && resolved <= shiftEnd + WINDOW,
                    e.getKey() + " resolved at " + Instant.ofEpochMilli(resolved));
            for (JsonNode d : docs) {
                assertEquals("ks", d.get("method").asText());
                long t = Instant.parse(d.get("event_time").asText()).toEpochMilli();
                JsonNode current = d.get("current_window");
                JsonNode baseline = d.get("baseline_window");
                long b0 = scenario.start().toEpochMilli();
                // a numeric feature's current window starts after the frozen reference period (README,
                // Windows); a histogram's may overlap it
                long from = e.getKey().equals("amount") ? Math.max(t - WINDOW, b0 + BASELINE) : t - WINDOW;
                assertEquals(
                        Instant.ofEpochMilli(from).toString(),
                        current.get("start").asText());
                assertEquals(
                        Instant.ofEpochMilli(t).toString(), current.get("end").asText());
                assertEquals(
                        observations(e.getKey(), from, t),
                        current.get("samples").asLong());
                assertEquals(
                        Instant.ofEpochMilli(b0).toString(),
                        baseline.get("start").asText());
                assertEquals(
                        Instant.ofEpochMilli(b0 + BASELINE).toString(),
                        baseline.get("end").asText());
                assertEquals(
                        observations(e.getKey(), b0, b0 + BASELINE),
                        baseline.get("samples").asLong());
                assertEquals("frozen", baseline.get("mode").asText());
                double score = d.get("score").asDouble();
                double threshold = d.get("threshold").asDouble();
                assertTrue(
                        d.get("state").asText().equals("firing") ? score >= threshold : score < 0.8 * threshold,
                        d.toString());
                // the event's score is the one written to VictoriaMetrics at that evaluation, by its window
                String window = d.get("window").asText();
                assertEquals(
                        score,
                        (window.equals("short") ? shortSeries(e.getKey(), "ks") : series(e.getKey(), "ks")).get(t),
                        RELATIVE * score);
                if (d.get("state").asText().equals("resolved")) {
                    assertEquals("current", window, "a resolve names the current window");
                }
            }
        }
    }

    /**
     * One verdict everywhere: at every evaluation of every feature, the series ml_feature_drift_firing is 1
     * exactly while the feature's events say it is firing (from a firing event's time up to its resolving
     * event's), ml_feature_drift_threshold at an event's time is the event's threshold, and
     * ml_driftwatch_event holds one point per event, at its time, with its state.
     */
    @Test
    void theFiringSeriesFollowTheEventsAtEveryEvaluation() throws Exception {
        ObjectMapper json = new ObjectMapper();
        Map<String, NavigableMap<Long, JsonNode>> byFeature = new TreeMap<>();
        Set<String> expectedEventPoints = new TreeSet<>();
        for (ConsumerRecord<byte[], byte[]> r : events) {
            JsonNode doc = json.readTree(r.value());
            long t = Instant.parse(doc.get("event_time").asText()).toEpochMilli();
            byFeature
                    .computeIfAbsent(doc.get("feature").asText(), f -> new TreeMap<>())
                    .put(t, doc);
            expectedEventPoints.add(
                    doc.get("feature").asText() + " " + doc.get("state").asText() + " " + t);
        }
        Set<String> features = new TreeSet<>();
        series.keySet().stream()
                .filter(k -> k.endsWith("/ml_feature_drift_score/psi"))
                .forEach(k -> features.add(k.substring(0, k.indexOf('/'))));
        assertEquals(5, features.size(), "every feature is scored: " + features);
        int compared = 0;
        for (String feature : features) {
            NavigableMap<Long, Double> firing =
                    series.getOrDefault(feature + "/ml_feature_drift_firing/null", new TreeMap<>());
            assertEquals(series(feature, "psi").keySet(), firing.keySet(), feature + ": a verdict at every evaluation");
            NavigableMap<Long, JsonNode> changes = byFeature.getOrDefault(feature, new TreeMap<>());
            for (var e : firing.entrySet()) {
                Map.Entry<Long, JsonNode> last = changes.floorEntry(e.getKey());
                boolean expected =
                        last != null && last.getValue().get("state").asText().equals("firing");
                assertEquals(
                        expected ? 1.0 : 0.0,
                        e.getValue(),
                        feature + " verdict at " + Instant.ofEpochMilli(e.getKey()));
                compared++;
            }
            for (var change : changes.entrySet()) {
                JsonNode d = change.getValue();
                assertEquals(
                        d.get("threshold").asDouble(),
                        series.get(feature + "/ml_feature_drift_threshold/"
                                        + d.get("method").asText()
                                        + (d.get("window").asText().equals("short") ? "/short" : ""))
                                .get(change.getKey()),
                        RELATIVE * d.get("threshold").asDouble(),
                        feature + " threshold at " + d.get("event_time").asText());
            }
        }
        Set<String> eventPoints = new TreeSet<>();
        for (PromSeries s : vm.exportSeries("{__name__=\"ml_driftwatch_event\"}")) {
            assertEquals("feature_drift", s.label("type"));
            for (var p : EndToEnd.points(s).entrySet()) {
                assertEquals(1.0, p.getValue());
                eventPoints.add(s.label("feature") + " " + s.label("state") + " " + p.getKey());
            }
        }
        assertEquals(expectedEventPoints, eventPoints, "one ml_driftwatch_event point per event");
        System.out.printf("VERDICT ml_feature_drift_firing equals the events' state at %d evaluations%n", compared);
    }

    /**
     * drift.fdr-q at its default: every event carries the Benjamini-Hochberg adjusted p-value of the window that
     * decided, recomputed here from the KS p-values, scores and sample counts read back from VictoriaMetrics for
     * the same evaluation. The family: every (feature, window) with a KS p-value and at least 1000 (current) or 30
     * (short) observations on both sides; p' = p when D ≥ 0.05, else 1 (these summaries collapse no sketch bin:
     * no rank error); adjusted p̃_(i) = min over k ≥ i of min(1, p'_(k)·m/k).
     */
    @Test
    void eventsCarryTheAdjustedPValueOfTheirEvaluation() throws Exception {
        ObjectMapper json = new ObjectMapper();
        int checked = 0;
        for (ConsumerRecord<byte[], byte[]> r : events) {
            JsonNode d = json.readTree(r.value());
            long t = Instant.parse(d.get("event_time").asText()).toEpochMilli();
            String own = d.get("feature").asText() + "/" + d.get("window").asText();
            List<String> members = new ArrayList<>();
            List<Double> gated = new ArrayList<>();
            for (String key : series.keySet()) {
                if (!key.contains("/ml_feature_drift_pvalue/ks")) {
                    continue;
                }
                String feature = key.substring(0, key.indexOf('/'));
                boolean shortWindow = key.endsWith("/short");
                Double p = series.get(key).get(t);
                if (p == null) {
                    continue;
                }
                double score = (shortWindow ? shortSeries(feature, "ks") : series(feature, "ks")).get(t);
                double m = samples(feature, shortWindow ? "short" : "current").get(t);
                double n = samples(feature, "baseline").get(t);
                long min = shortWindow ? 30 : 1000;
                if (n >= min && m >= min) {
                    members.add(feature + "/" + (shortWindow ? "short" : "current"));
                    gated.add(score >= 0.05 ? p : 1.0);
                }
            }
            // the step-up definition, written out
            Integer[] order = new Integer[gated.size()];
            for (int i = 0; i < order.length; i++) {
                order[i] = i;
            }
            Arrays.sort(order, (a, b) -> Double.compare(gated.get(a), gated.get(b)));
            double[] adjusted = new double[order.length];
            double running = 1.0;
            for (int k = order.length; k >= 1; k--) {
                running = Math.min(running, gated.get(order[k - 1]) * order.length / k);
                adjusted[order[k - 1]] = running;
            }
            int i = members.indexOf(own);
            boolean firing = d.get("state").asText().equals("firing");
            if (i < 0) {
                assertTrue(d.get("p_value_adjusted").isNull(), d.toString());
            } else {
                assertEquals(adjusted[i], d.get("p_value_adjusted").asDouble(), RELATIVE * adjusted[i], d.toString());
                System.out.printf(
                        "FDR %s %s at %s: p %.3g, adjusted %.3g over m = %d (rule %s)%n",
                        own,
                        d.get("state").asText(),
                        d.get("event_time").asText(),
                        d.get("p_value").asDouble(),
                        adjusted[i],
                        members.size(),
                        d.get("rule").asText());
                checked++;
            }
            assertEquals(firing && i >= 0 ? "fdr" : "threshold", d.get("rule").asText(), d.toString());
            if (firing && i >= 0) {
                assertTrue(adjusted[i] <= Math.min(FDR_Q, members.size() * ALPHA), d.toString());
            }
        }
        assertTrue(checked >= 2, "events in the family: " + checked);
    }

    /** kcat and ./driftwatch.sh events read these events as the README shows (EventsReadBack). */
    @Test
    void kcatAndTheEventsCommandReadTheCommittedEvents() throws Exception {
        EventsReadBack.check(kafka.bootstrapServers(), EVENTS, events, EndToEnd.eventSchema());
    }

    @Test
    void everyEventIsValidAgainstThePublishedSchema() throws Exception {
        Schema schema = EndToEnd.eventSchema();
        assertEquals(4, events.size());
        ObjectMapper json = new ObjectMapper();
        for (ConsumerRecord<byte[], byte[]> r : events) {
            JsonNode doc = json.readTree(r.value());
            assertEquals(List.of(), schema.validate(doc), doc.toString());
        }
        // and the schema is not vacuous: a document without its score is rejected
        JsonNode broken = json.readTree(events.get(0).value());
        ((ObjectNode) broken).remove("score");
        assertTrue(!schema.validate(broken).isEmpty(), "a feature_drift event without a score must be invalid");
    }

    @Test
    void histogramScoresAndSampleCountsEqualTheComputationFromTheRawCounts() {
        for (String feature : List.of("session_length", "basket_size")) {
            long b0 = scenario.start().toEpochMilli();
            long[] baseline = bucketCounts(feature, b0, b0 + BASELINE);
            NavigableMap<Long, Double> ks = series(feature, "ks");
            assertEquals(
                    evaluationTimes(),
                    List.copyOf(ks.keySet()),
                    feature + ": one evaluation per hour once the baseline is complete");
            for (long t : ks.keySet()) {
                long[] current = bucketCounts(feature, t - WINDOW, t);
                assertClose(ksOfCounts(baseline, current), ks.get(t), feature + " ks at " + Instant.ofEpochMilli(t));
                assertClose(
                        psiOfCounts(baseline, current), series(feature, "psi").get(t), feature + " psi");
                assertClose(
                        Arrays.stream(current).sum(),
                        samples(feature, "current").get(t),
                        feature + " samples");
            }
        }
    }

    @Test
    void spanFeatureScoresMatchTheRawWeightedValuesWithinTheSketchAccuracy() {
        long b0 = scenario.start().toEpochMilli();
        double worstKs = 0;
        double worstPsi = 0;
        for (String feature : List.of("amount", "age")) {
            double[] baseline = expanded(feature, b0, b0 + BASELINE);
            for (long t : evaluationTimes()) {
                if ((t / HOUR) % 12 != 0 || t == b0 + BASELINE) {
                    continue; // every 12 hours is enough to bound the error, and keeps the test fast
                }
                // a numeric current window never overlaps the frozen reference period (README, Windows)
                long from = Math.max(t - WINDOW, b0 + BASELINE);
                double[] current = expanded(feature, from, t);
                double exactD = KolmogorovSmirnov.statistic(baseline, current);
                double exactPsi = Psi.compute(baseline, current);
                worstKs = Math.max(
                        worstKs, Math.abs(exactD - series(feature, "ks").get(t)));
                worstPsi = Math.max(
                        worstPsi, Math.abs(exactPsi - series(feature, "psi").get(t)));
                assertClose(
                        observations(feature, from, t),
                        samples(feature, "current").get(t),
                        feature + " samples");
            }
        }
        System.out.printf("ACCURACY span features: largest |sketch - exact| KS D %.4f, PSI %.4f%n", worstKs, worstPsi);
        assertTrue(worstKs <= 0.02, "KS D error " + worstKs);
        assertTrue(worstPsi <= 0.01, "PSI error " + worstPsi);
        // categories are counted exactly: PSI equals the weighted count computation
        Map<String, Long> baseline = categoryCounts(b0, b0 + BASELINE);
        for (long t : evaluationTimes()) {
            assertClose(
                    Psi.categorical(baseline, categoryCounts(t - WINDOW, t)),
                    series("country", "psi").get(t),
                    "country psi");
        }
    }

    /**
     * The stable features' alert scores over every evaluation with a full current window, against the
     * threshold that fires: the margin the defaults leave (printed, and at least 1.5).
     */
    @Test
    void stableFeaturesStayWellBelowTheirThresholds() {
        long end = scenario.end().toEpochMilli();
        for (String feature : List.of("age", "basket_size", "country")) {
            String method = feature.equals("country") ? "psi" : "ks";
            double threshold = feature.equals("country") ? 0.25 : 0.05;
            // a numeric current window starts after the reference period: it is full from baseline + W on
            long from = feature.equals("age") ? scenario.start().toEpochMilli() + BASELINE + WINDOW : 0;
            NavigableMap<Long, Double> full = series(feature, method).subMap(from, true, end, true);
            double max = full.values().stream().mapToDouble(v -> v).max().orElseThrow();
            System.out.printf(
                    "MARGIN %s: largest %s %.4f over %d full windows, threshold %.2f, margin x%.1f%n",
                    feature, method, max, full.size(), threshold, threshold / max);
            assertTrue(max * 1.5 <= threshold, feature + " " + method + " reached " + max);
        }
    }

    /**
     * The short window (drift.short-window, default 1 h) of the histogram features, read back with
     * window="short": at every evaluation its KS D and sample count equal the computation from the raw
     * bucket counts of the last hour, its threshold is c(10⁻⁶)·√(1/n + 1/m); the variance change fires on it
     * first, well before its 24-hour window could (its event says window "short" and has the short window's
     * bounds); and no stable feature's short window comes near its threshold (margins printed).
     */
    @Test
    void theShortWindowIsScoredEveryHourAndFiresTheVarianceChangeFirst() throws Exception {
        long b0 = scenario.start().toEpochMilli();
        double c = Math.sqrt(-Math.log(1e-6 / 2) / 2);
        for (String feature : List.of("session_length", "basket_size")) {
            long[] baseline = bucketCounts(feature, b0, b0 + BASELINE);
            long n = Arrays.stream(baseline).sum();
            NavigableMap<Long, Double> ks = shortSeries(feature, "ks");
            NavigableMap<Long, Double> threshold = series.get(feature + "/ml_feature_drift_threshold/ks/short");
            assertTrue(ks.size() > 100, feature + ": short-window scores " + ks.size());
            double worst = 0;
            for (long t : ks.keySet()) {
                long[] hour = bucketCounts(feature, t - HOUR, t);
                long m = Arrays.stream(hour).sum();
                assertClose(ksOfCounts(baseline, hour), ks.get(t), feature + " short ks at " + Instant.ofEpochMilli(t));
                assertClose(m, samples(feature, "short").get(t), feature + " short samples");
                double expected = Math.max(0.05, c * Math.sqrt((double) (n + m) / ((double) n * m)));
                assertClose(expected, threshold.get(t), feature + " short threshold");
                if (t < scenario.shiftStart().toEpochMilli()
                        || t > scenario.shiftEnd().toEpochMilli() + HOUR) {
                    worst = Math.max(worst, ks.get(t) / threshold.get(t));
                }
            }
            System.out.printf(
                    "MARGIN %s short window: largest ks/threshold outside the shift %.3f over %d windows, margin x%.1f%n",
                    feature, worst, ks.size(), 1 / worst);
            assertTrue(worst < 1, feature + ": a short window outside the shift reached its threshold");
        }
        for (String feature : List.of("age", "country")) {
            String method = feature.equals("country") ? "psi" : "ks";
            NavigableMap<Long, Double> score = shortSeries(feature, method);
            NavigableMap<Long, Double> threshold =
                    series.get(feature + "/ml_feature_drift_threshold/" + method + "/short");
            double worst = 0;
            for (long t : score.keySet()) {
                worst = Math.max(worst, score.get(t) / threshold.get(t));
            }
            System.out.printf(
                    "MARGIN %s short window: largest %s/threshold %.3f over %d windows, margin x%.1f%n",
                    feature, method, worst, score.size(), 1 / worst);
            assertTrue(score.size() > 100 && worst < 1, feature + " short " + method + " reached " + worst);
        }
        ObjectMapper json = new ObjectMapper();
        JsonNode fired = null;
        for (ConsumerRecord<byte[], byte[]> r : events) {
            JsonNode doc = json.readTree(r.value());
            if (doc.get("feature").asText().equals("session_length")
                    && doc.get("state").asText().equals("firing")) {
                fired = doc;
            }
        }
        assertTrue(fired != null, "session_length fired");
        long t = Instant.parse(fired.get("event_time").asText()).toEpochMilli();
        System.out.printf(
                "EVENTS session_length fired on the %s window %.0f h after the shift started%n",
                fired.get("window").asText(), (t - scenario.shiftStart().toEpochMilli()) / (double) HOUR);
        assertEquals("short", fired.get("window").asText(), fired.toString());
        assertEquals(
                Instant.ofEpochMilli(t - HOUR).toString(),
                fired.at("/short_window/start").asText());
        assertEquals(
                observations("session_length", t - HOUR, t),
                fired.at("/short_window/samples").asLong());
        assertTrue(t - scenario.shiftStart().toEpochMilli() <= 3 * HOUR, "fired at " + Instant.ofEpochMilli(t));
    }

    @Test
    void aSpanWithAMalformedSamplingThresholdIsDeadLettered() {
        List<ConsumerRecord<byte[], byte[]>> letters = kafka.readCommitted(DEAD_LETTERS);
        assertEquals(1, letters.size());
        assertEquals(
                "invalid_sampling",
                new String(
                        letters.get(0)
                                .headers()
                                .lastHeader(DeadLetterSerializationSchema.REASON)
                                .value(),
                        StandardCharsets.UTF_8));
        assertTrue(Arrays.equals(badThreshold(), letters.get(0).value()), "the original bytes");
    }

    // ---- the independent computation from the generated values

    /** Interval ends from the first with a complete baseline to the last with data in its window. */
    static List<Long> evaluationTimes() {
        List<Long> times = new ArrayList<>();
        long first = scenario.start().toEpochMilli() + BASELINE;
        long last = scenario.end().toEpochMilli() + WINDOW - HOUR;
        for (long t = first; t <= last; t += HOUR) {
            times.add(t);
        }
        return times;
    }

    static long observations(String feature, long from, long to) {
        long n = 0;
        for (FeatureTruth.Hour h :
                truth.hours(feature).subMap(from / HOUR, false, to / HOUR, true).values()) {
            n += h.bucketCounts != null ? Arrays.stream(h.bucketCounts).sum() : h.weights.size();
        }
        return n;
    }

    static long[] bucketCounts(String feature, long from, long to) {
        long[] sum = new long[FeatureScenario.HISTOGRAM_BOUNDS.length + 1];
        for (FeatureTruth.Hour h :
                truth.hours(feature).subMap(from / HOUR, false, to / HOUR, true).values()) {
            for (int i = 0; i < sum.length; i++) {
                sum[i] += h.bucketCounts[i];
            }
        }
        return sum;
    }

    /** The values of the window, each repeated by its sampling weight. */
    static double[] expanded(String feature, long from, long to) {
        List<Double> out = new ArrayList<>();
        for (FeatureTruth.Hour h :
                truth.hours(feature).subMap(from / HOUR, false, to / HOUR, true).values()) {
            for (int i = 0; i < h.numbers.size(); i++) {
                for (long w = 0; w < h.weights.get(i); w++) {
                    out.add(h.numbers.get(i));
                }
            }
        }
        return out.stream().mapToDouble(Double::doubleValue).toArray();
    }

    static Map<String, Long> categoryCounts(long from, long to) {
        Map<String, Long> counts = new HashMap<>();
        for (FeatureTruth.Hour h : truth.hours("country")
                .subMap(from / HOUR, false, to / HOUR, true)
                .values()) {
            for (int i = 0; i < h.categories.size(); i++) {
                counts.merge(h.categories.get(i), h.weights.get(i), Long::sum);
            }
        }
        return counts;
    }

    /** max over the bounds of |F_b − F_c|, the CDFs as cumulative counts / totals. */
    static double ksOfCounts(long[] b, long[] c) {
        double nb = Arrays.stream(b).sum();
        double nc = Arrays.stream(c).sum();
        double fb = 0;
        double fc = 0;
        double d = 0;
        for (int i = 0; i < b.length - 1; i++) {
            fb += b[i];
            fc += c[i];
            d = Math.max(d, Math.abs(fb / nb - fc / nc));
        }
        return d;
    }

    /** Σ (c − b) ln(c / b) over the buckets, proportions floored at 1e-4. */
    static double psiOfCounts(long[] b, long[] c) {
        double nb = Arrays.stream(b).sum();
        double nc = Arrays.stream(c).sum();
        double psi = 0;
        for (int i = 0; i < b.length; i++) {
            double pb = Math.max(b[i] / nb, 1e-4);
            double pc = Math.max(c[i] / nc, 1e-4);
            psi += (pc - pb) * Math.log(pc / pb);
        }
        return psi;
    }

    static void assertClose(double expected, Double actual, String what) {
        assertTrue(actual != null, what + ": no sample");
        assertEquals(expected, actual, RELATIVE * Math.max(Math.abs(expected), 1e-12), what);
    }

    // ---- read back from VictoriaMetrics

    static NavigableMap<Long, Double> series(String feature, String method) {
        return series.getOrDefault(feature + "/ml_feature_drift_score/" + method, new TreeMap<>());
    }

    /** The short window's scores ({@code window="short"}). */
    static NavigableMap<Long, Double> shortSeries(String feature, String method) {
        return series.getOrDefault(feature + "/ml_feature_drift_score/" + method + "/short", new TreeMap<>());
    }

    static NavigableMap<Long, Double> samples(String feature, String window) {
        return series.getOrDefault(feature + "/ml_feature_drift_samples/" + window, new TreeMap<>());
    }

    static Map<String, NavigableMap<Long, Double>> readBack() throws Exception {
        Map<String, NavigableMap<Long, Double>> out = new TreeMap<>();
        for (PromSeries s : vm.exportSeries("{__name__=~\"ml_feature_drift_.*\"}")) {
            assertEquals("fraud-detector", s.label("model_name"));
            assertEquals("v2", s.label("model_version"));
            String qualifier = s.label("method") != null
                    ? s.label("method") + ("short".equals(s.label("window")) ? "/short" : "")
                    : s.label("window");
            out.put(s.label("feature") + "/" + s.label("__name__") + "/" + qualifier, EndToEnd.points(s));
        }
        return out;
    }
}
