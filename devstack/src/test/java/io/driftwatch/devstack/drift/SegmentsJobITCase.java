package io.driftwatch.devstack.drift;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.driftwatch.devstack.EndToEnd;
import io.driftwatch.devstack.loadgen.KafkaOtlpWriter;
import io.driftwatch.devstack.servers.EmbeddedKafka;
import io.driftwatch.devstack.servers.PromSeries;
import io.driftwatch.devstack.servers.VictoriaMetricsServer;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.Histogram;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Segments and roll-ups end to end on a real Kafka broker, a Flink MiniCluster and a real VictoriaMetrics:
 * 16 hours of spans of one model version whose categorical feature {@code country} is reported per {@code
 * use_case} (a and b, 300 spans an hour each, exact category counts), and of the histogram feature {@code
 * latency} (delta points labelled use_case, 120 values an hour each), with the mix and the histogram of segment
 * b changed from hour 9 on. VictoriaMetrics holds each segment's series with its current window's counts, b fires and
 * a does not, the model-version roll-up counts a + b at every evaluation, the fleet roll-up exists
 * without the model labels, and the firing event read back from Kafka names segment b.
 */
class SegmentsJobITCase {

    @RegisterExtension
    static final MiniClusterExtension FLINK = EndToEnd.miniCluster();

    static final String METRICS = "segment_metrics";
    static final String SPANS = "segment_spans";
    static final String EVENTS = "ml.drift.segment-events";
    static final long HOUR = Duration.ofHours(1).toMillis();
    static final int HOURS = 16;
    static final int SHIFT = 9;
    static final int PER_HOUR = 300;
    static final int WINDOW_HOURS = 3;
    static final int HISTOGRAM_PER_HOUR = 120;
    static final List<String> FEATURES = List.of("country", "latency");

    static EndToEnd stack;
    static Instant start;
    static List<ConsumerRecord<byte[], byte[]>> events;
    /** "feature/name/rollup/use_case/window" → time → value. */
    static Map<String, NavigableMap<Long, Double>> series = new TreeMap<>();

    @BeforeAll
    static void replay() throws Exception {
        stack = EndToEnd.start();
        EmbeddedKafka kafka = stack.kafka();
        VictoriaMetricsServer vm = stack.vm();
        kafka.createTopics(2, METRICS, SPANS, EVENTS);
        start = Instant.now().truncatedTo(ChronoUnit.DAYS).minus(Duration.ofDays(2));
        try (KafkaOtlpWriter spans = new KafkaOtlpWriter(kafka.bootstrapServers(), Map.of("otlp_proto", SPANS));
                KafkaOtlpWriter metrics =
                        new KafkaOtlpWriter(kafka.bootstrapServers(), Map.of("otlp_proto", METRICS))) {
            for (int h = 0; h < HOURS; h++) {
                for (String segment : List.of("a", "b")) {
                    long t = start.toEpochMilli() + h * HOUR;
                    byte[] key = segment.getBytes(StandardCharsets.UTF_8);
                    spans.sendRaw(SPANS, key, spans(segment, h, t), t);
                    metrics.sendRaw(METRICS, key, histogram(segment, h, t), t + HOUR - 1000);
                }
            }
        }
        stack.runBounded(
                "segments-e2e",
                "kafka.inputs[0].topic=" + METRICS,
                "confidence.enabled=false",
                "drift.spans.enabled=true",
                "drift.spans.inputs[0].topic=" + SPANS,
                "drift.evaluation-interval=1h",
                "drift.current-window=" + WINDOW_HOURS + "h",
                "drift.baseline.period=6h",
                "drift.min-samples=100",
                "drift.segments=use_case",
                "drift.rollups=model_version,fleet",
                "output.events-topic=" + EVENTS);
        events = kafka.readCommitted(EVENTS);
        for (PromSeries s : vm.exportSeries("{__name__=~\"ml_feature_drift_(samples|firing)\"}")) {
            assertTrue(FEATURES.contains(s.label("feature")), s.toString());
            series.put(
                    s.label("feature") + "/" + s.label("__name__") + "/" + s.label("rollup") + "/" + s.label("use_case")
                            + "/" + s.label("window"),
                    EndToEnd.points(s));
            if ("fleet".equals(s.label("rollup"))) {
                assertNull(s.label("model_name"), s.toString());
                assertNull(s.label("model_version"), s.toString());
            } else {
                assertEquals("fraud-detector", s.label("model_name"));
                assertEquals("v2", s.label("model_version"));
            }
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (stack != null) {
            stack.close();
        }
    }

    /** Hour h's category counts of a segment: de 30 %, fr and it 35 % each; b from SHIFT on de 70 %. */
    static Map<String, Integer> counts(String segment, int h) {
        boolean shifted = segment.equals("b") && h >= SHIFT;
        int de = shifted ? 210 : 90;
        return Map.of("de", de, "fr", (PER_HOUR - de) / 2, "it", (PER_HOUR - de) / 2);
    }

    static byte[] spans(String segment, int h, long hourStart) {
        ScopeSpans.Builder scope = ScopeSpans.newBuilder();
        int i = 0;
        for (var c : new TreeMap<>(counts(segment, h)).entrySet()) {
            for (int k = 0; k < c.getValue(); k++, i++) {
                long t = (hourStart + 1000L + i * 10_000L) * 1_000_000L;
                scope.addSpans(Span.newBuilder()
                        .setName("predict")
                        .setStartTimeUnixNano(t)
                        .setEndTimeUnixNano(t + 1000)
                        .addAttributes(attribute("use_case", segment))
                        .addAttributes(attribute("ml.feature.country", c.getKey())));
            }
        }
        return ExportTraceServiceRequest.newBuilder()
                .addResourceSpans(ResourceSpans.newBuilder()
                        .setResource(Resource.newBuilder()
                                .addAttributes(attribute("model_name", "fraud-detector"))
                                .addAttributes(attribute("model_version", "v2")))
                        .addScopeSpans(scope))
                .build()
                .toByteArray();
    }

    /** Hour h's latency histogram of a segment, one delta point over bounds 0, 1, 2; b shifted from SHIFT on. */
    static long[] bucketCounts(String segment, int h) {
        return segment.equals("b") && h >= SHIFT ? new long[] {5, 15, 40, 60} : new long[] {30, 30, 30, 30};
    }

    static byte[] histogram(String segment, int h, long hourStart) {
        HistogramDataPoint.Builder p = HistogramDataPoint.newBuilder()
                .addAttributes(attribute("feature", "latency"))
                .addAttributes(attribute("use_case", segment))
                .setStartTimeUnixNano(hourStart * 1_000_000L)
                .setTimeUnixNano((hourStart + HOUR - 1000) * 1_000_000L)
                .setCount(HISTOGRAM_PER_HOUR)
                .addAllExplicitBounds(List.of(0.0, 1.0, 2.0));
        for (long c : bucketCounts(segment, h)) {
            p.addBucketCounts(c);
        }
        return ExportMetricsServiceRequest.newBuilder()
                .addResourceMetrics(ResourceMetrics.newBuilder()
                        .setResource(Resource.newBuilder()
                                .addAttributes(attribute("model_name", "fraud-detector"))
                                .addAttributes(attribute("model_version", "v2")))
                        .addScopeMetrics(ScopeMetrics.newBuilder()
                                .addMetrics(Metric.newBuilder()
                                        .setName("ml.feature.value")
                                        .setHistogram(Histogram.newBuilder()
                                                .setAggregationTemporality(
                                                        AggregationTemporality.AGGREGATION_TEMPORALITY_DELTA)
                                                .addDataPoints(p)))))
                .build()
                .toByteArray();
    }

    static KeyValue attribute(String key, String value) {
        return KeyValue.newBuilder()
                .setKey(key)
                .setValue(AnyValue.newBuilder().setStringValue(value))
                .build();
    }

    /** Values of a feature and segment ("all": both) in the window (t − 3h, t]: the independent count. */
    static double generated(String feature, String segment, long t) {
        double n = 0;
        for (int h = 0; h < HOURS; h++) {
            long end = start.toEpochMilli() + (h + 1) * HOUR;
            if (end > t - WINDOW_HOURS * HOUR && end <= t) {
                n += feature.equals("country") ? PER_HOUR : HISTOGRAM_PER_HOUR;
            }
        }
        return segment.equals("all") ? 2 * n : n;
    }

    static NavigableMap<Long, Double> get(String key) {
        NavigableMap<Long, Double> s = series.get(key);
        assertTrue(s != null && !s.isEmpty(), key + " not in " + series.keySet());
        return s;
    }

    @Test
    void eachSegmentHasItsSeriesAndOnlyTheDriftedOneFires() {
        for (String feature : FEATURES) {
            for (String segment : List.of("a", "b")) {
                NavigableMap<Long, Double> current =
                        get(feature + "/ml_feature_drift_samples/null/" + segment + "/current");
                assertTrue(current.size() >= HOURS, feature + " " + segment + ": " + current);
                current.forEach((t, n) -> assertEquals(
                        generated(feature, segment, t), n, feature + " " + segment + " at " + Instant.ofEpochMilli(t)));
            }
            assertEquals(0.0, max(get(feature + "/ml_feature_drift_firing/null/a/null")), feature + ": a never fires");
            assertEquals(1.0, max(get(feature + "/ml_feature_drift_firing/null/b/null")), feature + ": b fires");
        }
    }

    static double max(NavigableMap<Long, Double> s) {
        return s.values().stream().mapToDouble(v -> v).max().orElseThrow();
    }

    @Test
    void theModelVersionRollupCountsBothSegmentsAndTheFleetRollupExists() {
        for (String feature : FEATURES) {
            NavigableMap<Long, Double> a = get(feature + "/ml_feature_drift_samples/null/a/current");
            NavigableMap<Long, Double> b = get(feature + "/ml_feature_drift_samples/null/b/current");
            NavigableMap<Long, Double> version = get(feature + "/ml_feature_drift_samples/model_version/null/current");
            assertEquals(a.keySet(), version.keySet());
            for (long t : version.keySet()) {
                assertEquals(a.get(t) + b.get(t), version.get(t), feature + " at " + Instant.ofEpochMilli(t));
                assertEquals(generated(feature, "all", t), version.get(t));
            }
            // one model version: the fleet counts the same values
            assertEquals(version, get(feature + "/ml_feature_drift_samples/fleet/null/current"));
        }
    }

    @Test
    void theFiringEventNamesSegmentB() throws Exception {
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> segmentEvents = new ArrayList<>();
        Map<String, Integer> byKey = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : events) {
            JsonNode doc = json.readTree(r.value());
            assertEquals(List.of(), EndToEnd.eventSchema().validate(doc), doc.toString());
            String key = new String(r.key(), StandardCharsets.UTF_8);
            byKey.merge(key, 1, Integer::sum);
            if (doc.has("segment")) {
                segmentEvents.add(doc);
                assertEquals(
                        "fraud-detector/v2/" + doc.get("feature").asText() + "/use_case="
                                + doc.at("/segment/use_case").asText(),
                        key);
            }
        }
        assertTrue(!segmentEvents.isEmpty(), "no segment event among " + byKey);
        assertTrue(
                segmentEvents.stream()
                        .allMatch(d -> d.at("/segment/use_case").asText().equals("b")),
                segmentEvents.toString());
        for (String feature : FEATURES) {
            JsonNode first = segmentEvents.stream()
                    .filter(d -> d.get("feature").asText().equals(feature))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError(feature + ": no segment event among " + byKey));
            assertEquals("firing", first.get("state").asText());
            long fired = Instant.parse(first.get("event_time").asText()).toEpochMilli();
            long shift = start.toEpochMilli() + SHIFT * HOUR;
            assertTrue(
                    fired > shift && fired <= shift + WINDOW_HOURS * HOUR,
                    feature + " fired at " + Instant.ofEpochMilli(fired));
        }
    }
}
