package io.driftwatch.devstack.cost;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import io.driftwatch.connectors.events.EventRecordSerializationSchema;
import io.driftwatch.devstack.EndToEnd;
import io.driftwatch.devstack.loadgen.CostLoadGenerator;
import io.driftwatch.devstack.loadgen.CostScenario;
import io.driftwatch.devstack.loadgen.CostTruth;
import io.driftwatch.devstack.loadgen.KafkaOtlpWriter;
import io.driftwatch.devstack.servers.EmbeddedKafka;
import io.driftwatch.devstack.servers.PromSeries;
import io.driftwatch.devstack.servers.VictoriaMetricsServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end on a real Kafka broker, a Flink MiniCluster and a real VictoriaMetrics: 35 days of the
 * field report's cost scenario ({@link CostScenario#report}: five use cases, six services over both
 * encodings and all four usage sources, a restart on day 10, two partly idle GPUs). The {@code
 * ml:cost:*} series read back from VictoriaMetrics must equal {@link ExpectedCostSeries} to the cent
 * (ratios to 1e-9), agree with VictoriaMetrics' own {@code increase()} over the raw counters written
 * beside them, and exactly the two anomalies of the scenario must be on the events topic.
 */
class CostJobITCase {

    @RegisterExtension
    static final MiniClusterExtension FLINK = EndToEnd.miniCluster();

    static final String PROTO_TOPIC = "otlp_metrics";
    static final String JSON_TOPIC = "otlp_metrics_json";
    static final String EVENTS_TOPIC = "ml.drift.events";
    static final double CENT = 0.005;
    static final double MAX_RELATIVE_ERROR = 1e-9;
    static final Set<String> MONEY = Set.of(
            "ml:cost:hourly",
            "ml:cost:rolling_24h",
            "ml:cost:month_to_date",
            "ml:cost:projected_month_end",
            "ml:cost:idle_gpu");

    @TempDir
    static Path dir;

    static EndToEnd stack;
    static EmbeddedKafka kafka;
    static VictoriaMetricsServer vm;
    static CostScenario scenario;
    static CostTruth truth;
    static ExpectedCostSeries expected;

    @BeforeAll
    static void replayScenario() throws Exception {
        stack = EndToEnd.start();
        kafka = stack.kafka();
        vm = stack.vm();
        kafka.createTopics(3, PROTO_TOPIC);
        kafka.createTopics(2, JSON_TOPIC, EVENTS_TOPIC);
        scenario =
                CostScenario.report(Instant.now().truncatedTo(ChronoUnit.DAYS).minus(Duration.ofDays(38)));
        try (KafkaOtlpWriter writer = new KafkaOtlpWriter(
                kafka.bootstrapServers(), Map.of("otlp_proto", PROTO_TOPIC, "otlp_json", JSON_TOPIC))) {
            truth = CostLoadGenerator.generate(scenario, writer);
        }
        expected = ExpectedCostSeries.compute(scenario, truth);
        importRawCounters();

        Path catalog = Files.writeString(dir.resolve("prices.yaml"), CostScenario.reportCatalog());
        stack.runBounded(
                "cost-e2e",
                "kafka.inputs[0].topic=" + PROTO_TOPIC,
                "kafka.inputs[1].topic=" + JSON_TOPIC,
                "kafka.inputs[1].encoding=otlp_json",
                "kafka.group-id=cost-e2e",
                "remote-write.extra-labels.run=e2e",
                "confidence.enabled=false",
                "cost.enabled=true",
                "cost.catalog-file=" + catalog);
    }

    /** The raw cumulative counters the services exported, as a Prometheus scrape would have stored them. */
    static void importRawCounters() throws Exception {
        StringBuilder text = new StringBuilder();
        for (CostTruth.CounterSample c : truth.counters()) {
            text.append(c.name())
                    .append('{')
                    .append(c.labels().entrySet().stream()
                            .sorted(Map.Entry.comparingByKey())
                            .map(e -> e.getKey() + "=\"" + e.getValue() + "\"")
                            .collect(Collectors.joining(",")))
                    .append("} ")
                    .append(c.value())
                    .append(' ')
                    .append(c.timeMillis())
                    .append('\n');
            if (text.length() > 4 << 20) {
                vm.importPrometheus(text.toString());
                text.setLength(0);
            }
        }
        vm.importPrometheus(text.toString());
        vm.flush();
    }

    @AfterAll
    static void stop() throws Exception {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void seriesInVictoriaMetricsEqualAnIndependentComputation() throws Exception {
        Map<String, Map<String, NavigableMap<Long, Double>>> actual = readBack();
        assertEquals(
                expected.series.keySet(), actual.keySet(), "one set of series per cost key, use case and GPU type");
        List<String> differences = new ArrayList<>();
        for (var subject : expected.series.entrySet()) {
            Map<String, NavigableMap<Long, Double>> got = actual.get(subject.getKey());
            assertEquals(subject.getValue().keySet(), got.keySet(), subject.getKey());
            for (var metric : subject.getValue().entrySet()) {
                NavigableMap<Long, Double> have = got.get(metric.getKey());
                String where = subject.getKey() + " " + metric.getKey();
                assertEquals(metric.getValue().keySet(), have.keySet(), where + ": evaluation times");
                for (var e : metric.getValue().entrySet()) {
                    double w = e.getValue();
                    double h = have.get(e.getKey());
                    double tolerance =
                            MONEY.contains(metric.getKey()) ? CENT : MAX_RELATIVE_ERROR * Math.max(Math.abs(w), 1e-300);
                    if (Math.abs(w - h) > tolerance) {
                        differences.add(where + " at " + Instant.ofEpochMilli(e.getKey()) + ": expected " + w
                                + ", VictoriaMetrics has " + h);
                    }
                }
            }
        }
        assertTrue(
                differences.isEmpty(),
                differences.size() + " samples differ, e.g.\n  "
                        + String.join("\n  ", differences.subList(0, Math.min(20, differences.size()))));
    }

    @Test
    void theScenarioShowsTheReportsWaste() throws Exception {
        Map<String, Map<String, NavigableMap<Long, Double>>> actual = readBack();
        long mid = scenario.start().plus(Duration.ofDays(20)).toEpochMilli();
        Map<String, NavigableMap<Long, Double>> maintenance = actual.get("use_case=maintenance_assistant");
        double gpuShare = maintenance.get("ml:cost:gpu_share").get(mid);
        double volumeShare = maintenance.get("ml:cost:volume_share").get(mid);
        assertTrue(Math.abs(gpuShare - 0.35) < 0.02, "GPU share " + gpuShare);
        assertTrue(Math.abs(volumeShare - 0.05) < 0.005, "volume share " + volumeShare);
        double costToValue = actual.get(
                        "environment=production,model_name=gpt-4o,model_version=2024-08,use_case=doc_summary")
                .get("ml:cost:cost_to_value_ratio")
                .get(mid);
        assertTrue(costToValue > 1.5, "doc_summary loses money: cost-to-value " + costToValue);
    }

    /**
     * The job's 24-hour cost of every cost key against VictoriaMetrics' {@code increase()} over the raw
     * counters (reported cost as is; duration sums × the GPU rate; token sums × the token prices), at
     * noon of every day from the second on. VictoriaMetrics' {@code increase(c[24h])} at T is the last
     * sample in {@code (T − 24h, T]} minus the last sample before the window (here the one at T − 24h
     * exactly: samples are 10 minutes apart, aligned on the hour), a reset adding the value after it;
     * it does not extrapolate. So it covers exactly the 24 hours the job sums, and the two differ only
     * by the job's rounding of each hour's cost to a micro-unit (at most 24 × 0.5 µEUR per key and
     * window) and the float error of the raw values (about 1e-13): the tolerance is 0.1 cent. An
     * {@code increase()} that extrapolates from the samples inside the window (Prometheus') would
     * differ by up to the variation of one 10-minute interval's increase, about 0.1 % of the value
     * here, which this tolerance does not absorb for the larger keys.
     */
    @Test
    void agreesWithIncreaseOverTheRawCounters() throws Exception {
        Map<String, Map<String, NavigableMap<Long, Double>>> actual = readBack();
        int checked = 0;
        for (long t = scenario.start().plus(Duration.ofHours(36)).toEpochMilli();
                t <= scenario.end().toEpochMilli();
                t += Duration.ofDays(1).toMillis()) {
            Instant at = Instant.ofEpochMilli(t);
            Map<String, Double> fromIncrease = new TreeMap<>();
            addIncrease(fromIncrease, "ml_inference_cost_gpu_EUR_total", at, 1.0);
            addIncrease(
                    fromIncrease, "ml_inference_duration_milliseconds_sum{model_name=\"xgb-fraud\"}", at, 2.50 / 3.6e6);
            addIncrease(
                    fromIncrease,
                    "ml_inference_duration_milliseconds_sum{model_name=\"llama-3-8b\"}",
                    at,
                    4.00 / 3.6e6);
            addIncrease(fromIncrease, "gen_ai_client_token_usage_sum{gen_ai_token_type=\"input\"}", at, 2.50 / 1e6);
            addIncrease(fromIncrease, "gen_ai_client_token_usage_sum{gen_ai_token_type=\"output\"}", at, 10.00 / 1e6);
            addIncrease(fromIncrease, "ml_inference_tokens_total", at, 0.10 / 1e6);
            assertEquals(scenario.services().size(), fromIncrease.size(), "every cost key at " + at);
            for (var e : fromIncrease.entrySet()) {
                double job = actual.get(e.getKey()).get("ml:cost:rolling_24h").get(t);
                assertEquals(e.getValue(), job, 0.001, e.getKey() + " at " + at);
                checked++;
            }
        }
        assertTrue(checked >= 30 * scenario.services().size(), "checked " + checked);
    }

    private static void addIncrease(Map<String, Double> out, String selector, Instant at, double price)
            throws Exception {
        String q = "sum by (use_case, model_name, model_version, environment) (increase(" + selector + "[24h]))";
        for (PromSeries s : vm.query(q, at).series()) {
            String key = ExpectedCostSeries.labels(
                    "currency",
                    "EUR",
                    "environment",
                    s.label("environment"),
                    "model_name",
                    s.label("model_name"),
                    "model_version",
                    s.label("model_version"),
                    "use_case",
                    s.label("use_case"));
            out.merge(key, s.points().get(0).value() * price, Double::sum);
        }
    }

    @Test
    void exactlyTheTwoAnomaliesArePublishedAndMatchTheSchema() throws Exception {
        Schema schema = EndToEnd.eventSchema();
        ObjectMapper json = new ObjectMapper();
        List<ConsumerRecord<byte[], byte[]>> records = kafka.readCommitted(EVENTS_TOPIC);
        Set<String> seen = new TreeSet<>();
        String firstHour = scenario.start().plus(Duration.ofHours(1)).toString();
        for (ConsumerRecord<byte[], byte[]> r : records) {
            String text = new String(r.value(), StandardCharsets.UTF_8);
            List<Error> errors = schema.validate(text, com.networknt.schema.InputFormat.JSON);
            assertTrue(errors.isEmpty(), errors + " in " + text);
            JsonNode doc = json.readTree(text);
            assertEquals("firing", doc.get("state").asText(), text);
            assertEquals(firstHour, doc.get("event_time").asText(), text);
            assertEquals(doc.get("use_case").asText(), new String(r.key(), StandardCharsets.UTF_8));
            String id = UUID.nameUUIDFromBytes(
                            ("cost_anomaly\u0000" + doc.get("use_case").asText() + "\u0000"
                                            + doc.get("anomaly").asText() + "\u0000firing\u0000"
                                            + Instant.parse(firstHour).toEpochMilli())
                                    .getBytes(StandardCharsets.UTF_8))
                    .toString();
            assertEquals(id, doc.get("event_id").asText(), "the documented deterministic id");
            assertEquals(
                    id,
                    new String(
                            r.headers()
                                    .lastHeader(EventRecordSerializationSchema.EVENT_ID)
                                    .value(),
                            StandardCharsets.UTF_8));
            seen.add(doc.get("use_case").asText() + " " + doc.get("anomaly").asText());
        }
        assertEquals(
                Set.of("maintenance_assistant gpu_cost_share_above_volume_share", "doc_summary cost_above_value"),
                seen,
                "the anomalies published");
        assertEquals(2, records.size(), "one event per anomaly, nothing else");
    }

    /** subject labels (sorted, without run) → series name → samples. */
    static Map<String, Map<String, NavigableMap<Long, Double>>> readBack() throws Exception {
        Map<String, Map<String, NavigableMap<Long, Double>>> out = new TreeMap<>();
        for (PromSeries s :
                vm.exportSeries("{__name__=~\"ml:cost:.*\",__name__!=\"ml:cost:catalog_info\",run=\"e2e\"}")) {
            String subject = new TreeMap<>(s.labels())
                    .entrySet().stream()
                            .filter(e -> !e.getKey().equals("__name__")
                                    && !e.getKey().equals("run"))
                            .map(e -> e.getKey() + "=" + e.getValue())
                            .collect(Collectors.joining(","));
            out.computeIfAbsent(subject, x -> new TreeMap<>()).put(s.label("__name__"), EndToEnd.points(s));
        }
        return out;
    }
}
