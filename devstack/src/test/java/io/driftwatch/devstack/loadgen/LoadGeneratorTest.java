package io.driftwatch.devstack.loadgen;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.driftwatch.connectors.otlp.DecodeResult;
import io.driftwatch.connectors.otlp.DecoderOptions;
import io.driftwatch.connectors.otlp.MetricKind;
import io.driftwatch.connectors.otlp.MetricPoint;
import io.driftwatch.connectors.otlp.OtlpEncoding;
import io.driftwatch.connectors.otlp.OtlpMetricsDecoder;
import io.driftwatch.connectors.otlp.OtlpTracesDecoder;
import io.driftwatch.connectors.otlp.SpanRecord;
import io.driftwatch.connectors.otlp.Temporality;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.ParameterException;

/**
 * The generator's records, decoded by Driftwatch's own decoders: byte-level compatibility of the
 * SDK's marshalers (both encodings) with what the job reads, and the recorded values accounted for
 * a second way (the truth against the cumulative points).
 */
class LoadGeneratorTest {

    static final Instant START = Instant.parse("2026-01-05T00:00:00Z");
    static final OtlpMetricsDecoder METRICS = new OtlpMetricsDecoder(DecoderOptions.defaults());
    static final OtlpTracesDecoder TRACES = new OtlpTracesDecoder(DecoderOptions.defaults());

    record Rec(String encoding, byte[] key, byte[] value, long t) {
        OtlpEncoding otlp() {
            return encoding.equals("otlp_json") ? OtlpEncoding.OTLP_JSON : OtlpEncoding.OTLP_PROTO;
        }
    }

    static LoadScenario scenario(Set<Scenario> options, Duration length) {
        return LoadScenario.builder()
                .start(START)
                .length(length)
                .exportInterval(Duration.ofMinutes(5))
                .meanInferencesPerInterval(20)
                .spanSampleRatio(0.25)
                .options(options)
                .build();
    }

    static List<MetricPoint> decode(List<Rec> records) {
        List<MetricPoint> out = new ArrayList<>();
        for (Rec r : records) {
            DecodeResult<MetricPoint> d = METRICS.decode(r.value, r.otlp());
            assertFalse(d.hasRejections(), "rejected: " + d.rejections());
            out.addAll(d.accepted());
        }
        return out;
    }

    @Test
    void metricsDecodeAsTheFieldReportsInstrumentsWithCumulativeTemporality() {
        List<Rec> records = new ArrayList<>();
        LoadScenario scenario = scenario(EnumSet.of(Scenario.COST_HOTSPOT), Duration.ofHours(2));
        LoadGenerator.replay(scenario, (e, k, v, t) -> records.add(new Rec(e, k, v, t)));
        // One record per service and export round (25 rounds: 0, 5, ..., 120 min).
        assertEquals(5 * 25, records.size());
        Map<String, byte[]> keyByService = new HashMap<>();
        for (Rec r : records) {
            List<MetricPoint> points = decode(List.of(r));
            String service = points.get(0).labels().get("service.instance.id");
            assertTrue(
                    points.stream().allMatch(p -> service.equals(p.labels().get("service.instance.id"))),
                    "one resource per record");
            assertEquals(16, r.key.length);
            byte[] previous = keyByService.putIfAbsent(service, r.key);
            if (previous != null) {
                assertArrayEquals(previous, r.key, "a resource keeps its key");
            }
            assertTrue(points.stream().allMatch(p -> p.timeMillis() == r.t), "points stamped at the export time");
        }
        assertEquals(
                5,
                new HashSet<>(keyByService.values().stream()
                                .map(java.util.Arrays::toString)
                                .toList())
                        .size());

        Map<String, MetricPoint> byName = new TreeMap<>();
        for (MetricPoint p : decode(records)) {
            byName.putIfAbsent(p.name(), p);
        }
        assertEquals(
                Set.of(
                        "ml.inference.confidence",
                        "ml.inference.duration",
                        "ml.inference.tokens.total",
                        "ml.inference.cost.gpu",
                        "ml.feature.value",
                        "DCGM_FI_DEV_GPU_UTIL"),
                byName.keySet());
        MetricPoint confidence = byName.get("ml.inference.confidence");
        assertEquals(MetricKind.HISTOGRAM, confidence.kind());
        assertEquals(Temporality.CUMULATIVE, confidence.temporality());
        assertEquals("1", confidence.unit());
        assertArrayEquals(
                LoadScenario.CONFIDENCE_BOUNDS.stream()
                        .mapToDouble(Double::doubleValue)
                        .toArray(),
                confidence.explicitBounds());
        assertEquals("ml.inference", confidence.labels().get("otel_scope_name"));
        assertEquals("java", confidence.labels().get("telemetry.sdk.language"));
        assertEquals("ms", byName.get("ml.inference.duration").unit());
        assertEquals(MetricKind.SUM, byName.get("ml.inference.cost.gpu").kind());
        assertTrue(byName.get("ml.inference.cost.gpu").monotonic());
        assertEquals("EUR", byName.get("ml.inference.cost.gpu").unit());
        assertEquals(MetricKind.GAUGE, byName.get("DCGM_FI_DEV_GPU_UTIL").kind());
        Set<String> features = decode(records).stream()
                .filter(p -> p.name().equals("ml.feature.value"))
                .map(p -> p.labels().get("feature"))
                .collect(Collectors.toSet());
        assertEquals(Set.of("input_length", "output_length"), features);
    }

    @Test
    void bothEncodingsDecodeToTheSamePoints() {
        List<Rec> proto = new ArrayList<>();
        List<Rec> json = new ArrayList<>();
        LoadScenario.Builder b = LoadScenario.builder().start(START).length(Duration.ofHours(1));
        LoadScenario asProto = b.addModel(SimulatedModel.stable("m", "v1", "u", "production", "otlp_proto", 17, 3))
                .build();
        LoadScenario asJson = LoadScenario.builder()
                .start(START)
                .length(Duration.ofHours(1))
                .addModel(SimulatedModel.stable("m", "v1", "u", "production", "otlp_json", 17, 3))
                .build();
        LoadGenerator.replay(asProto, (e, k, v, t) -> proto.add(new Rec(e, k, v, t)));
        LoadGenerator.replay(asJson, (e, k, v, t) -> json.add(new Rec(e, k, v, t)));
        assertTrue(new String(json.get(0).value, java.nio.charset.StandardCharsets.UTF_8)
                .startsWith("{\"resourceMetrics\""));
        assertEquals(decode(proto), decode(json));
    }

    /**
     * Second way to count: the increments of the decoded cumulative confidence points between the
     * first export and the last equal the truth's counts and sums; with a restart, the points after it
     * start from zero under a new start time and are counted whole.
     */
    @Test
    void cumulativePointsAccountForExactlyWhatTheTruthRecorded() {
        List<Rec> records = new ArrayList<>();
        LoadScenario scenario = LoadScenario.builder()
                .start(START)
                .length(Duration.ofDays(11))
                .exportInterval(Duration.ofMinutes(30))
                .meanInferencesPerInterval(10)
                .options(EnumSet.of(Scenario.RESTART))
                .build();
        ConfidenceTruth truth = LoadGenerator.replay(scenario, (e, k, v, t) -> records.add(new Rec(e, k, v, t)));
        Map<String, List<MetricPoint>> byGroup = new TreeMap<>();
        for (MetricPoint p : decode(records)) {
            if (p.name().equals("ml.inference.confidence")) {
                String g = p.labels().get("model_name") + "/" + p.labels().get("model_version") + "/"
                        + p.labels().get("use_case") + "/" + p.labels().get("environment");
                byGroup.computeIfAbsent(g, x -> new ArrayList<>()).add(p);
            }
        }
        assertEquals(truth.byGroup().keySet(), byGroup.keySet());
        for (var e : byGroup.entrySet()) {
            List<MetricPoint> points = e.getValue();
            long count = 0;
            double sum = 0;
            for (int i = 1; i < points.size(); i++) {
                MetricPoint p = points.get(i);
                MetricPoint q = points.get(i - 1);
                boolean reset = p.startTimeNanos() != q.startTimeNanos();
                count += reset ? p.count() : p.count() - q.count();
                sum += reset ? p.sum() : p.sum() - q.sum();
            }
            long truthCount = truth.byGroup().get(e.getKey()).values().stream()
                    .mapToLong(ConfidenceTruth.Interval::count)
                    .sum();
            double truthSum = truth.byGroup().get(e.getKey()).values().stream()
                    .mapToDouble(ConfidenceTruth.Interval::sum)
                    .sum();
            assertEquals(truthCount, count, e.getKey());
            assertEquals(truthSum, sum, 1e-9 * truthSum, e.getKey());
            long starts = points.stream()
                    .mapToLong(MetricPoint::startTimeNanos)
                    .distinct()
                    .count();
            assertEquals(e.getKey().startsWith("llama-3-8b/v2.1/") ? 2 : 1, starts, e.getKey() + ": start times");
        }
    }

    @Test
    void sampledSpansCarryFeatureAttributesAndTheirSamplingThreshold() throws Exception {
        List<Rec> spans = new ArrayList<>();
        LoadScenario scenario = scenario(EnumSet.of(Scenario.STABLE), Duration.ofHours(6));
        LoadGenerator.replay(
                scenario, (e, k, v, t) -> {}, (e, k, v, t) -> spans.add(new Rec(e, k, v, t)), (r, total) -> {});
        List<SpanRecord> decoded = new ArrayList<>();
        for (Rec r : spans) {
            DecodeResult<SpanRecord> d = TRACES.decode(r.value, r.otlp());
            assertFalse(d.hasRejections(), "rejected: " + d.rejections());
            assertEquals(1, d.accepted().size(), "one trace of one span per record");
            SpanRecord s = d.accepted().get(0);
            assertEquals(s.traceId(), new String(r.key, java.nio.charset.StandardCharsets.UTF_8), "keyed by trace id");
            decoded.add(s);
            if (r.encoding.equals("otlp_proto")) {
                String traceState = ExportTraceServiceRequest.parseFrom(r.value)
                        .getResourceSpans(0)
                        .getScopeSpans(0)
                        .getSpans(0)
                        .getTraceState();
                assertEquals("ot=th:c", traceState, "p = 0.25: threshold 0.75 * 2^56 = 0xc0000000000000");
            }
        }
        SpanRecord s = decoded.get(0);
        assertEquals("inference", s.name());
        assertEquals(SpanRecord.Kind.SERVER, s.kind());
        assertTrue(
                s.attributes().get("ml.feature.request_length") instanceof Long,
                s.attributes().toString());
        assertTrue(
                s.attributes().get("ml.feature.response_length") instanceof Double,
                s.attributes().toString());
        assertTrue(Set.of("web", "mobile", "api").contains(s.attributes().get("ml.feature.channel")));
        assertNotEquals(0, s.durationNanos());
        // 4 models x 73 rounds x ~20 inferences = ~5,840 spans, a quarter sampled: within 5 sd of 1,460.
        int n = decoded.size();
        assertTrue(Math.abs(n - 1460) < 5 * Math.sqrt(1460 * 0.75), "sampled " + n);
    }

    @Test
    void samplingThresholdsFollowTheSpecification() {
        assertEquals("0", ConsistentProbabilitySampler.thresholdHex(0));
        assertEquals("8", ConsistentProbabilitySampler.thresholdHex(1L << 55));
        // p = 0.1: 2^56 - round(0.1 * 2^56), computed exactly a second way.
        long exact = java.math.BigInteger.ONE
                .shiftLeft(56)
                .subtract(new java.math.BigDecimal("0.1")
                        .multiply(new java.math.BigDecimal(java.math.BigInteger.ONE.shiftLeft(56)))
                        .setScale(0, java.math.RoundingMode.HALF_UP)
                        .toBigInteger())
                .longValueExact();
        assertEquals(exact, ConsistentProbabilitySampler.thresholdOf(0.1));
        assertEquals("e6666666666666", ConsistentProbabilitySampler.thresholdHex(exact));
        assertEquals("c", ConsistentProbabilitySampler.thresholdHex(ConsistentProbabilitySampler.thresholdOf(0.25)));
    }

    @Test
    void scenarioOptionsParseAndUnknownOnesAreNamed() {
        assertEquals(
                EnumSet.of(Scenario.CONFIDENCE_DROP, Scenario.COST_HOTSPOT),
                Scenario.parseList("confidence-drop, cost-hotspot"));
        assertEquals(Scenario.ALL, Scenario.parseList("all"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Scenario.parseList("drift"));
        assertTrue(e.getMessage().contains("\"drift\"") && e.getMessage().contains("feature-shift"), e.getMessage());
    }

    @Test
    void commandLineFlagsParseAndBadOnesAreNamed() {
        LoadGeneratorMain.Options o = LoadGeneratorMain.Options.parse(new String[] {
            "--bootstrap-servers",
            "kafka:9092",
            "--scenario",
            "confidence-drop,feature-shift",
            "--days",
            "3d",
            "--encoding",
            "otlp_json",
            "--topic-metrics",
            "m",
            "--topic-spans",
            "s"
        });
        assertEquals("kafka:9092", o.bootstrapServers);
        assertEquals(EnumSet.of(Scenario.CONFIDENCE_DROP, Scenario.FEATURE_SHIFT), o.scenarios);
        assertEquals(Duration.ofDays(3), o.days);
        assertEquals(OtlpEncoding.OTLP_JSON, o.encoding);
        assertEquals(0, o.rate);
        assertTrue(LoadGeneratorMain.Options.parse(new String[] {"--rate", "50", "--count", "100"}).rate == 50);
        for (String[] bad : List.of(
                new String[] {"--encoding", "otlp_xml"},
                new String[] {"--rate", "fast"},
                new String[] {"--days"},
                new String[] {"--colour", "red"})) {
            ParameterException e = assertThrows(ParameterException.class, () -> LoadGeneratorMain.Options.parse(bad));
            assertTrue(e.getMessage().contains(bad[0]), e.getMessage());
        }
    }

    @Test
    void commandLineDefaultsAreThoseOfTheHelp() {
        LoadGeneratorMain.Options o = LoadGeneratorMain.Options.parse();
        assertEquals("localhost:9092", o.bootstrapServers);
        assertEquals(Scenario.ALL, o.scenarios);
        assertEquals(Duration.ofDays(35), o.days);
        assertEquals(0, o.rate);
        assertEquals(Long.MAX_VALUE, o.count);
        assertEquals(Duration.ofMillis(Long.MAX_VALUE), o.duration);
        assertEquals(OtlpEncoding.OTLP_PROTO, o.encoding);
        assertEquals("otlp_metrics", o.topicMetrics);
        assertEquals("otlp_spans", o.topicSpans);
        assertEquals(Duration.ofMinutes(5), o.exportInterval);
        assertEquals(40, o.inferences);
        assertEquals(0.1, o.spanSampleRatio);
        assertEquals(42, o.seed);
        // README's live example, and repeated --scenario adding up.
        LoadGeneratorMain.Options live = LoadGeneratorMain.Options.parse(
                "--bootstrap-servers",
                "kafka:9092",
                "--rate",
                "50",
                "--duration",
                "1h",
                "--scenario",
                "stable",
                "--scenario=restart");
        assertEquals(Duration.ofHours(1), live.duration);
        assertEquals(EnumSet.of(Scenario.STABLE, Scenario.RESTART), live.scenarios);
    }

    @Test
    void anExportIntervalLongerThanTheReplayIsAnArgumentError() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        // Checked before anything connects to Kafka.
        int code = LoadGeneratorMain.commandLine(System.out, new PrintStream(err, true, StandardCharsets.UTF_8))
                .execute("--bootstrap-servers", "127.0.0.1:1", "--days", "1d", "--export-interval", "2d");
        String message = err.toString(StandardCharsets.UTF_8);
        assertEquals(2, code, message);
        assertTrue(
                message.startsWith("loadgen: Invalid value for option '--export-interval': 2d is longer than the --days"
                        + " replayed (24h)\n"),
                message);
    }

    @Test
    void liveModeStampsRecordsWithTheWallClockAtTheRequestedRate() throws Exception {
        long[] now = {Instant.parse("2026-03-02T10:00:00Z").toEpochMilli()};
        List<Rec> records = new ArrayList<>();
        LoadScenario scenario = LoadScenario.builder()
                .start(Instant.ofEpochMilli(now[0]))
                .length(Duration.ofMinutes(5))
                .options(EnumSet.of(Scenario.STABLE))
                .build();
        // A clock that moves 10 ms per reading: the generator never sleeps, and its pacing shows in the timestamps.
        long written = LoadGenerator.live(
                scenario,
                (e, k, v, t) -> records.add(new Rec(e, k, v, t)),
                null,
                50,
                20,
                Long.MAX_VALUE,
                () -> now[0] += 10,
                (r, total) -> {});
        assertEquals(20, written);
        assertEquals(20, records.size());
        // 4 services at 50 records/s: a round every 80 ms, each record stamped with the clock's time of its round (±
        // one 10 ms reading).
        List<Long> rounds = records.stream().map(Rec::t).distinct().toList();
        assertEquals(5, rounds.size());
        for (int i = 1; i < rounds.size(); i++) {
            long gap = rounds.get(i) - rounds.get(i - 1);
            assertTrue(gap >= 70 && gap <= 90, "round gap " + gap + " ms");
        }
        assertTrue(decode(records).stream().allMatch(p -> records.stream().anyMatch(r -> r.t == p.timeMillis())));
    }
}
