package io.driftwatch.devstack.loadgen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.driftwatch.devstack.servers.EmbeddedKafka;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import picocli.CommandLine;

/**
 * The load generator's collector mode ({@code --otlp-endpoint}, what deploy/docker-compose.yml runs)
 * for real: the OpenTelemetry SDK's own OTLP/HTTP exporter on the JDK HttpClient, against an OTLP/HTTP
 * receiver on loopback ({@link OtlpHttpReceiver}; there is no collector binary here). It must deliver
 * exactly what the Kafka mode writes to a real broker for the same scenario and seed: the same
 * resources, scopes, metrics (names, attributes, every data point) and spans, in the same numbers.
 */
class CollectorModeITCase {

    private static final String[] SCENARIO = {
        "--scenario", "confidence-drop,cost-hotspot", "--days", "1d", "--inferences", "10", "--seed", "7"
    };

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void sendsThroughTheSdkExporterWhatTheKafkaModeWrites() throws Exception {
        Instant midnight = Instant.now().truncatedTo(ChronoUnit.DAYS);
        List<ExportMetricsServiceRequest> kafkaMetrics = new ArrayList<>();
        List<ExportTraceServiceRequest> kafkaTraces = new ArrayList<>();
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            kafka.createTopics(3, "metrics-in");
            kafka.createTopics(2, "spans-in");
            run(
                    "--bootstrap-servers",
                    kafka.bootstrapServers(),
                    "--topic-metrics",
                    "metrics-in",
                    "--topic-spans",
                    "spans-in");
            for (ConsumerRecord<byte[], byte[]> r : kafka.readCommitted("metrics-in")) {
                kafkaMetrics.add(ExportMetricsServiceRequest.parseFrom(r.value()));
            }
            for (ConsumerRecord<byte[], byte[]> r : kafka.readCommitted("spans-in")) {
                kafkaTraces.add(ExportTraceServiceRequest.parseFrom(r.value()));
            }
        }
        OtlpHttpReceiver receiver = OtlpHttpReceiver.start();
        String progress;
        try (receiver) {
            progress = run("--otlp-endpoint", receiver.endpoint().toString());
        }
        assumeTrue(
                midnight.equals(Instant.now().truncatedTo(ChronoUnit.DAYS)),
                "the two replays straddled midnight UTC, so they cover different days");
        assertTrue(progress.contains("day 1 of 1 replayed"), progress);

        // Through the SDK's exporter (its User-Agent), as protobuf; the JDK sender, not OkHttp.
        assertTrue(receiver.headers.contains("Content-Type: application/x-protobuf"), receiver.headers.toString());
        assertTrue(
                receiver.headers.stream().anyMatch(h -> h.startsWith("User-Agent: OTel-OTLP-Exporter-Java/")),
                receiver.headers.toString());
        assertThrows(ClassNotFoundException.class, () -> Class.forName("okhttp3.OkHttpClient"));

        // One metrics request per service and export round either way: five services, 289 rounds.
        assertEquals(5 * 289, kafkaMetrics.size());
        assertEquals(kafkaMetrics.size(), receiver.metrics.size());
        assertTrue(progress.contains("1,445 metrics"), progress);
        // Names and point counts first (a readable difference), then every resource's metrics in full.
        assertEquals(pointsByMetric(kafkaMetrics), pointsByMetric(receiver.metrics));
        assertEquals(
                List.of(
                        "DCGM_FI_DEV_GPU_UTIL",
                        "ml.feature.value",
                        "ml.inference.confidence",
                        "ml.inference.cost.gpu",
                        "ml.inference.duration",
                        "ml.inference.tokens.total"),
                List.copyOf(pointsByMetric(receiver.metrics).keySet()));
        assertEquals(
                counts(kafkaMetrics.stream().flatMap(r -> r.getResourceMetricsList().stream())),
                counts(receiver.metrics.stream().flatMap(r -> r.getResourceMetricsList().stream())));

        // Spans: one Kafka record per trace (partition_traces_by_id), one request per service and round
        // through the exporter; the same spans with the same resource and scope.
        List<String> kafkaSpans = spans(kafkaTraces);
        assertFalse(kafkaSpans.isEmpty());
        assertEquals(kafkaSpans.size(), kafkaTraces.size(), "one span per trace in Kafka");
        assertEquals(counts(kafkaSpans.stream()), counts(spans(receiver.traces).stream()));
    }

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void aCollectorThatRefusesTheDataEndsTheGeneratorNamingTheEndpoint() throws Exception {
        try (OtlpHttpReceiver receiver = OtlpHttpReceiver.start()) {
            receiver.refuseMetrics = true;
            IllegalStateException e = assertThrows(
                    IllegalStateException.class,
                    () -> run("--otlp-endpoint", receiver.endpoint().toString()));
            assertTrue(
                    e.getMessage().startsWith("exporting ")
                            && e.getMessage().contains(" metrics by OTLP/HTTP to " + receiver.endpoint() + " failed"),
                    e.getMessage());
        }
    }

    @Test
    void theKafkaEncodingIsNotTheExportersChoice() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        CommandLine cli = LoadGeneratorMain.commandLine(
                new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(2, cli.execute("--otlp-endpoint", "http://127.0.0.1:1", "--encoding", "otlp_json"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("--encoding"), err.toString(StandardCharsets.UTF_8));
        assertEquals(2, cli.execute("--otlp-endpoint", "otel-collector:4318"));
        assertTrue(
                err.toString(StandardCharsets.UTF_8).contains("must be an http(s)://host:port address"),
                err.toString(StandardCharsets.UTF_8));
    }

    private static String run(String... args) throws Exception {
        ByteArrayOutputStream progress = new ByteArrayOutputStream();
        LoadGeneratorMain.run(
                LoadGeneratorMain.Options.parse(
                        Stream.concat(Stream.of(SCENARIO), Stream.of(args)).toArray(String[]::new)),
                new PrintStream(progress, true, StandardCharsets.UTF_8));
        return progress.toString(StandardCharsets.UTF_8);
    }

    /** Metric name to its data points, over all requests. */
    private static Map<String, Long> pointsByMetric(List<ExportMetricsServiceRequest> requests) {
        Map<String, Long> out = new TreeMap<>();
        for (ExportMetricsServiceRequest r : requests) {
            for (ResourceMetrics rm : r.getResourceMetricsList()) {
                for (ScopeMetrics sm : rm.getScopeMetricsList()) {
                    for (Metric m : sm.getMetricsList()) {
                        long points = m.getHistogram().getDataPointsCount()
                                + m.getSum().getDataPointsCount()
                                + m.getGauge().getDataPointsCount();
                        out.merge(m.getName(), points, Long::sum);
                    }
                }
            }
        }
        return out;
    }

    /** Each span with its resource and scope, as text (a multiset element). */
    private static List<String> spans(List<ExportTraceServiceRequest> requests) {
        List<String> out = new ArrayList<>();
        for (ExportTraceServiceRequest r : requests) {
            for (ResourceSpans rs : r.getResourceSpansList()) {
                for (ScopeSpans ss : rs.getScopeSpansList()) {
                    for (Span s : ss.getSpansList()) {
                        out.add(rs.getResource() + "|" + ss.getScope() + "|" + s);
                    }
                }
            }
        }
        return out;
    }

    private static <T> Map<T, Integer> counts(Stream<T> items) {
        Map<T, Integer> out = new HashMap<>();
        items.forEach(i -> out.merge(i, 1, Integer::sum));
        return out;
    }
}
