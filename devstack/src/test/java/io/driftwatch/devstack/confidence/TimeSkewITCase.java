package io.driftwatch.devstack.confidence;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.util.JsonFormat;
import io.driftwatch.connectors.deadletter.DeadLetterSerializationSchema;
import io.driftwatch.devstack.EndToEnd;
import io.driftwatch.devstack.loadgen.KafkaOtlpWriter;
import io.driftwatch.devstack.loadgen.LoadGenerator;
import io.driftwatch.devstack.loadgen.LoadScenario;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Properties;
import java.util.TreeMap;
import java.util.function.LongUnaryOperator;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Points stamped in 2100 and in 1970 among real traffic, on a real broker and a Flink MiniCluster: with
 * the absolute guards opened wide (minimum timestamp 1970, a century of clock skew), only the skew
 * around each record's Kafka timestamp stands between them and the watermarks. The series must be
 * exactly those of the same traffic without them, and each skewed record must sit on the dead-letter
 * topic, unchanged, with reason {@code time_skew}. Without the check, the 2100 points would move event
 * time to 2100 (every later point late) and the 1970 ones would open an evaluation in 1970.
 */
class TimeSkewITCase {

    @RegisterExtension
    static final MiniClusterExtension FLINK = EndToEnd.miniCluster();

    static final String DEAD_LETTERS = "skew.dead-letters";
    static final long YEAR_2100_NANOS = Instant.parse("2100-01-01T00:00:00Z").toEpochMilli() * 1_000_000L;
    static final long YEAR_1970_NANOS = Instant.parse("1970-01-02T00:00:00Z").toEpochMilli() * 1_000_000L;

    static EndToEnd stack;
    static final List<Skewed> skewed = new ArrayList<>();

    record Skewed(String key, byte[] value) {}

    @BeforeAll
    static void replay() throws Exception {
        stack = EndToEnd.start();
        stack.kafka().createTopics(3, "clean_proto", "dirty_proto");
        stack.kafka().createTopics(2, "clean_json", "dirty_json");
        stack.kafka().createTopics(1, DEAD_LETTERS);
        LoadScenario scenario = LoadScenario.builder()
                .start(Instant.now().truncatedTo(ChronoUnit.DAYS).minus(Duration.ofDays(10)))
                .length(Duration.ofDays(3))
                .build();
        List<ConfidenceJobITCase.Generated> generated = new ArrayList<>();
        LoadGenerator.replay(
                scenario,
                (encoding, key, value, t) -> generated.add(new ConfidenceJobITCase.Generated(encoding, key, value, t)));
        try (KafkaOtlpWriter clean = writer("clean");
                KafkaOtlpWriter dirty = writer("dirty")) {
            for (int i = 0; i < generated.size(); i++) {
                ConfidenceJobITCase.Generated g = generated.get(i);
                clean.send(g.encoding(), g.key(), g.value(), g.timestampMillis());
                dirty.send(g.encoding(), g.key(), g.value(), g.timestampMillis());
                // Among the first day's records, copies of real ones moved to 2100 and to 1970, keeping their
                // Kafka timestamps: what a producer with a broken clock would send.
                if (i % 97 == 13 && skewed.size() < 6) {
                    String target = skewed.size() % 2 == 0 ? "2100" : "1970";
                    long to = target.equals("2100") ? YEAR_2100_NANOS : YEAR_1970_NANOS;
                    byte[] value = shifted(g, to);
                    String key = "skew-" + target + "-" + skewed.size();
                    skewed.add(new Skewed(key, value));
                    dirty.sendRaw(
                            "dirty_" + (g.encoding().equals("otlp_json") ? "json" : "proto"),
                            key.getBytes(StandardCharsets.UTF_8),
                            value,
                            g.timestampMillis());
                }
            }
        }
        String[] wideOpen = {"ingest.min-timestamp=1970-01-01T00:00:00Z", "ingest.max-future-skew=36500d"};
        stack.runBounded("skew-clean", overrides("clean", wideOpen));
        stack.runBounded("skew-dirty", overrides("dirty", wideOpen));
    }

    @AfterAll
    static void stop() throws Exception {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void theSeriesAreThoseOfTheTrafficWithoutTheSkewedPoints() throws Exception {
        Map<String, Map<String, NavigableMap<Long, Double>>> clean =
                ConfidenceSeriesCheck.readBack(stack.vm(), "clean");
        assertFalse(clean.isEmpty(), "the clean run wrote series");
        assertTrue(clean.values().stream()
                        .flatMap(m -> m.values().stream())
                        .mapToInt(Map::size)
                        .sum()
                > 100);
        ConfidenceJobITCase.assertSameSeries(clean, ConfidenceSeriesCheck.readBack(stack.vm(), "dirty"));
    }

    @Test
    void everySkewedRecordIsOnTheDeadLetterTopicWithItsReason() {
        Map<String, ConsumerRecord<byte[], byte[]>> letters = deadLetters(skewed.size());
        assertEquals(6, skewed.size());
        for (Skewed s : skewed) {
            ConsumerRecord<byte[], byte[]> dl = letters.get(s.key());
            assertTrue(dl != null, "no dead letter for " + s.key() + "; have " + letters.keySet());
            assertEquals("time_skew", header(dl, DeadLetterSerializationSchema.REASON), s.key());
            String detail = header(dl, DeadLetterSerializationSchema.DETAIL);
            String side = s.key().contains("2100") ? "after" : "before";
            assertTrue(detail.contains(" " + side + " its Kafka record's timestamp "), detail);
            assertArrayEquals(s.value(), dl.value(), s.key() + ": the original bytes");
        }
        assertEquals(skewed.size(), letters.size(), "nothing else was dead-lettered: " + letters.keySet());
    }

    static String[] overrides(String run, String... more) {
        List<String> o = new ArrayList<>(List.of(
                "kafka.inputs[0].topic=" + run + "_proto",
                "kafka.inputs[0].encoding=otlp_proto",
                "kafka.inputs[1].topic=" + run + "_json",
                "kafka.inputs[1].encoding=otlp_json",
                "kafka.dead-letter-topic=" + (run.equals("dirty") ? DEAD_LETTERS : "driftwatch.dead-letters"),
                "kafka.group-id=skew-" + run,
                "remote-write.extra-labels.run=" + run));
        o.addAll(List.of(more));
        return o.toArray(String[]::new);
    }

    static KafkaOtlpWriter writer(String run) {
        return new KafkaOtlpWriter(
                stack.kafka().bootstrapServers(), Map.of("otlp_proto", run + "_proto", "otlp_json", run + "_json"));
    }

    /** The record with every point time (and start time) moved by the same amount, so that its first time is {@code to}. */
    static byte[] shifted(ConfidenceJobITCase.Generated g, long to) throws Exception {
        ExportMetricsServiceRequest.Builder b = ExportMetricsServiceRequest.newBuilder();
        boolean json = g.encoding().equals("otlp_json");
        if (json) {
            JsonFormat.parser().ignoringUnknownFields().merge(new String(g.value(), StandardCharsets.UTF_8), b);
        } else {
            b.mergeFrom(g.value());
        }
        long from = g.timestampMillis() * 1_000_000L;
        LongUnaryOperator move = t -> t == 0 ? 0 : t - from + to;
        for (ResourceMetrics.Builder rm : b.getResourceMetricsBuilderList()) {
            for (ScopeMetrics.Builder sm : rm.getScopeMetricsBuilderList()) {
                for (Metric.Builder m : sm.getMetricsBuilderList()) {
                    List<NumberDataPoint.Builder> numbers = new ArrayList<>();
                    if (m.hasSum()) {
                        numbers.addAll(m.getSumBuilder().getDataPointsBuilderList());
                    }
                    if (m.hasGauge()) {
                        numbers.addAll(m.getGaugeBuilder().getDataPointsBuilderList());
                    }
                    for (NumberDataPoint.Builder p : numbers) {
                        p.clearExemplars()
                                .setStartTimeUnixNano(move.applyAsLong(p.getStartTimeUnixNano()))
                                .setTimeUnixNano(move.applyAsLong(p.getTimeUnixNano()));
                    }
                    if (m.hasHistogram()) {
                        for (HistogramDataPoint.Builder p :
                                m.getHistogramBuilder().getDataPointsBuilderList()) {
                            p.clearExemplars()
                                    .setStartTimeUnixNano(move.applyAsLong(p.getStartTimeUnixNano()))
                                    .setTimeUnixNano(move.applyAsLong(p.getTimeUnixNano()));
                        }
                    }
                }
            }
        }
        return json
                ? JsonFormat.printer().print(b).getBytes(StandardCharsets.UTF_8)
                : b.build().toByteArray();
    }

    static String header(ConsumerRecord<byte[], byte[]> r, String name) {
        return new String(r.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }

    static Map<String, ConsumerRecord<byte[], byte[]>> deadLetters(int atLeast) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafka().bootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "skew-dead-letter-check");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        Map<String, ConsumerRecord<byte[], byte[]>> byKey = new TreeMap<>();
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(DEAD_LETTERS));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (byKey.size() < atLeast && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    byKey.put(r.key() == null ? "(no key)" : new String(r.key(), StandardCharsets.UTF_8), r);
                }
            }
            // Anything else that arrives shortly after would be a wrongly rejected good record.
            consumer.poll(Duration.ofSeconds(2))
                    .forEach(r -> byKey.put(new String(r.key(), StandardCharsets.UTF_8), r));
        }
        return byKey;
    }
}
