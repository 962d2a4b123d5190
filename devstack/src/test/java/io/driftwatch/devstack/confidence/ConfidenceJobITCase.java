package io.driftwatch.devstack.confidence;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.driftwatch.connectors.deadletter.DeadLetterSerializationSchema;
import io.driftwatch.devstack.EndToEnd;
import io.driftwatch.devstack.loadgen.ConfidenceTruth;
import io.driftwatch.devstack.loadgen.KafkaOtlpWriter;
import io.driftwatch.devstack.loadgen.LoadGenerator;
import io.driftwatch.devstack.loadgen.LoadScenario;
import io.driftwatch.devstack.loadgen.Scenario;
import io.driftwatch.devstack.servers.EmbeddedKafka;
import io.driftwatch.devstack.servers.PromSeries;
import io.driftwatch.devstack.servers.VictoriaMetricsServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end on a real Kafka broker, a Flink MiniCluster and a real VictoriaMetrics: 35 days of
 * OTLP traffic for four model versions over both encodings, with a confidence drop on day 31 for
 * fraud-detector v2 and a process restart on day 10 for llama-3-8b v2.1, plus malformed records.
 * The series read back from VictoriaMetrics must equal a computation straight from the generated
 * values ({@link ExpectedConfidenceSeries}).
 */
class ConfidenceJobITCase {

    @RegisterExtension
    static final MiniClusterExtension FLINK = EndToEnd.miniCluster();

    static final String PROTO_TOPIC = "otlp_metrics";
    static final String JSON_TOPIC = "otlp_metrics_json";
    static final String DEAD_LETTERS = "driftwatch.dead-letters";
    static final String RESTART_PROTO_TOPIC = "restart_otlp_metrics";
    static final String RESTART_JSON_TOPIC = "restart_otlp_metrics_json";
    static final double MAX_RELATIVE_ERROR = ConfidenceSeriesCheck.MAX_RELATIVE_ERROR;

    static EndToEnd stack;
    static EmbeddedKafka kafka;
    static VictoriaMetricsServer vm;
    static LoadScenario scenario;
    static ConfidenceTruth truth;

    @BeforeAll
    static void replayScenario() throws Exception {
        stack = EndToEnd.start();
        kafka = stack.kafka();
        vm = stack.vm();
        kafka.createTopics(3, PROTO_TOPIC, RESTART_PROTO_TOPIC);
        kafka.createTopics(2, JSON_TOPIC, RESTART_JSON_TOPIC);
        kafka.createTopics(1, "ml.drift.events"); // confidence_drift events
        scenario = LoadScenario.builder()
                .start(Instant.now().truncatedTo(ChronoUnit.DAYS).minus(Duration.ofDays(38)))
                .length(Duration.ofDays(35))
                .options(EnumSet.of(Scenario.CONFIDENCE_DROP, Scenario.RESTART))
                .build();
        truth = LoadGenerator.replay(
                scenario, (encoding, key, value, t) -> generated.add(new Generated(encoding, key, value, t)));
        try (KafkaOtlpWriter writer = writer(PROTO_TOPIC, JSON_TOPIC)) {
            generated.forEach(g -> writer.send(g.encoding, g.key, g.value, g.timestampMillis));
            malformed = MalformedRecords.all(
                    scenario.start().plus(Duration.ofDays(3)).toEpochMilli());
            for (MalformedRecords.Record bad : malformed) {
                writer.sendRaw(
                        bad.encoding().equals("otlp_json") ? JSON_TOPIC : PROTO_TOPIC,
                        bad.name().getBytes(StandardCharsets.UTF_8),
                        bad.value(),
                        bad.timeMillis());
            }
        }
        runUninterrupted();
    }

    record Generated(String encoding, byte[] key, byte[] value, long timestampMillis) {}

    static final List<Generated> generated = new ArrayList<>();
    static List<MalformedRecords.Record> malformed;

    static KafkaOtlpWriter writer(String protoTopic, String jsonTopic) {
        return new KafkaOtlpWriter(kafka.bootstrapServers(), Map.of("otlp_proto", protoTopic, "otlp_json", jsonTopic));
    }

    @AfterAll
    static void stop() throws Exception {
        if (stack != null) {
            stack.close();
        }
    }

    /** The overrides reading {@code protoTopic} and {@code jsonTopic}, then {@code more}. */
    static String[] overrides(String protoTopic, String jsonTopic, String... more) {
        List<String> overrides = new ArrayList<>(List.of(
                "kafka.inputs[0].topic=" + protoTopic,
                "kafka.inputs[0].encoding=otlp_proto",
                "kafka.inputs[1].topic=" + jsonTopic,
                "kafka.inputs[1].encoding=otlp_json",
                "kafka.dead-letter-topic=" + DEAD_LETTERS));
        overrides.addAll(List.of(more));
        return overrides.toArray(String[]::new);
    }

    /** The uninterrupted run: a bounded job over everything replayed, labelled {@code run=e2e}. */
    static void runUninterrupted() throws Exception {
        stack.runBounded(
                "confidence-e2e",
                overrides(PROTO_TOPIC, JSON_TOPIC, "kafka.group-id=e2e", "remote-write.extra-labels.run=e2e"));
    }

    @Test
    void seriesInVictoriaMetricsEqualAnIndependentComputation() throws Exception {
        assertMatchesIndependentComputation(readBack("e2e"));
        // the short window (confidence.short-window, by default one interval), labelled window="short"
        ConfidenceSeriesCheck.assertShortMatchesIndependentComputation(
                truth, Duration.ofDays(30), 0.1, Z_1E_5, ConfidenceSeriesCheck.readBackShort(vm, "e2e"));
    }

    /** {@code Φ⁻¹(1 − α / 2)} for the default {@code confidence.short-window-alpha} 1e-5, from tables. */
    static final double Z_1E_5 = 4.417173413469;

    /**
     * Stop with a savepoint mid-stream (after the first half of the traffic), resume from it with the
     * second half: the series must be exactly those of the uninterrupted run. Both runs
     * are unbounded; a tick after the data moves event time past the end.
     */
    @Test
    void stopWithSavepointAndResumeGivesTheUninterruptedSeries(@TempDir Path savepoints) throws Exception {
        long middle = scenario.start().plus(scenario.length().dividedBy(2)).toEpochMilli();
        try (KafkaOtlpWriter writer = writer(RESTART_PROTO_TOPIC, RESTART_JSON_TOPIC)) {
            generated.stream()
                    .filter(g -> g.timestampMillis < middle)
                    .forEach(g -> writer.send(g.encoding, g.key, g.value, g.timestampMillis));
        }
        // A partition that no service hashes to would hold event time back: tick every partition.
        Ticks.send(
                kafka,
                Map.of(RESTART_PROTO_TOPIC, "otlp_proto", RESTART_JSON_TOPIC, "otlp_json"),
                Instant.ofEpochMilli(middle));
        // The uninterrupted run keeps its state on the heap; this one in RocksDB: both back ends are covered.
        String[] restartRun = {
            "kafka.group-id=restart", "remote-write.extra-labels.run=restart", "flink.state-backend=rocksdb"
        };
        JobClient job = stack.runUnbounded(
                "confidence-restart-1", overrides(RESTART_PROTO_TOPIC, RESTART_JSON_TOPIC, restartRun));
        long firstHalf = Duration.ofDays(16).toHours() * truth.byGroup().size();
        waitFor(() -> countSamples("restart") > firstHalf, "the first run's samples of the first half");
        String savepoint = job.stopWithSavepoint(false, savepoints.toUri().toString(), SavepointFormatType.CANONICAL)
                .get(2, TimeUnit.MINUTES);

        try (KafkaOtlpWriter writer = writer(RESTART_PROTO_TOPIC, RESTART_JSON_TOPIC)) {
            generated.stream()
                    .filter(g -> g.timestampMillis >= middle)
                    .forEach(g -> writer.send(g.encoding, g.key, g.value, g.timestampMillis));
        }
        Ticks.send(
                kafka,
                Map.of(RESTART_PROTO_TOPIC, "otlp_proto", RESTART_JSON_TOPIC, "otlp_json"),
                scenario.end().plus(Duration.ofDays(2)));
        List<String> resumed = new ArrayList<>(List.of(restartRun));
        resumed.add("flink.savepoint-path=" + savepoint);
        JobClient job2 = stack.runUnbounded(
                "confidence-restart-2",
                overrides(RESTART_PROTO_TOPIC, RESTART_JSON_TOPIC, resumed.toArray(String[]::new)));
        long expectedTotal = countSamples("e2e");
        try {
            waitFor(() -> countSamples("restart") >= expectedTotal, expectedTotal + " samples of the resumed run");
            Thread.sleep(3000); // anything beyond the expected count would be a duplicate: let it arrive
        } finally {
            job2.cancel().get(1, TimeUnit.MINUTES);
        }
        assertSameSeries(readBack("e2e"), readBack("restart"));
        assertSameSeries(
                ConfidenceSeriesCheck.readBackShort(vm, "e2e"), ConfidenceSeriesCheck.readBackShort(vm, "restart"));
    }

    /**
     * The same samples (series and timestamps) with the same values. The job emits bit-identical
     * values in both runs, but VictoriaMetrics stores each block of a series' samples as decimals
     * sharing one exponent (about 12 significant digits), and its blocks depend on how the samples
     * arrived: values read back may differ in the 12th digit, hence a relative tolerance of 1e-9.
     * On failure, names the first few differences rather than printing both runs whole.
     */
    static void assertSameSeries(
            Map<String, Map<String, NavigableMap<Long, Double>>> uninterrupted,
            Map<String, Map<String, NavigableMap<Long, Double>>> resumed) {
        List<String> differences = new ArrayList<>();
        for (String group : union(uninterrupted.keySet(), resumed.keySet())) {
            var a = uninterrupted.getOrDefault(group, Map.of());
            var b = resumed.getOrDefault(group, Map.of());
            for (String metric : union(a.keySet(), b.keySet())) {
                var x = a.getOrDefault(metric, new TreeMap<>());
                var y = b.getOrDefault(metric, new TreeMap<>());
                for (Long t : union(x.keySet(), y.keySet())) {
                    Double u = x.get(t);
                    Double r = y.get(t);
                    if (u == null
                            || r == null
                            || Math.abs(u - r) > MAX_RELATIVE_ERROR * Math.max(Math.abs(u), 1e-300)) {
                        differences.add(group + " " + metric + " at " + Instant.ofEpochMilli(t) + ": uninterrupted "
                                + x.get(t) + ", resumed " + y.get(t));
                    }
                }
            }
        }
        if (!differences.isEmpty()) {
            throw new AssertionError("the resumed run differs from the uninterrupted run in " + differences.size()
                    + " samples, e.g.\n  "
                    + String.join("\n  ", differences.subList(0, Math.min(20, differences.size()))));
        }
    }

    private static <T extends Comparable<T>> java.util.SortedSet<T> union(java.util.Set<T> a, java.util.Set<T> b) {
        java.util.SortedSet<T> all = new java.util.TreeSet<>(a);
        all.addAll(b);
        return all;
    }

    static void assertMatchesIndependentComputation(Map<String, Map<String, NavigableMap<Long, Double>>> actual) {
        ConfidenceSeriesCheck.assertMatchesIndependentComputation(
                truth, Duration.ofHours(24), Duration.ofDays(30), 3.0, actual);
    }

    @Test
    void driftRatioCrossesItsThresholdOnlyForTheDegradedModelAfterTheDrop() throws Exception {
        Map<String, Map<String, NavigableMap<Long, Double>>> actual = readBack("e2e");
        // The drift ratio crosses its threshold (0.1) only for the degraded model and only after its drop.
        long drop = scenario.start().plus(Duration.ofDays(30)).toEpochMilli();
        for (var group : actual.entrySet()) {
            NavigableMap<Long, Double> ratio = group.getValue().get("ml:confidence:drift_ratio");
            List<Long> over = ratio.entrySet().stream()
                    .filter(e -> e.getValue() > 0.1)
                    .map(Map.Entry::getKey)
                    .toList();
            if (group.getKey().startsWith("fraud-detector/v2/")) {
                assertFalse(over.isEmpty(), "the degraded model's drift ratio must cross 0.1");
                assertTrue(over.get(0) > drop, "crossed before the drop: " + Instant.ofEpochMilli(over.get(0)));
                assertTrue(
                        over.get(0) <= drop + Duration.ofHours(24).toMillis(),
                        "crossed later than one window after the drop");
            } else {
                assertTrue(over.isEmpty(), group.getKey() + " crossed the drift threshold at " + over);
            }
        }
        // Driftwatch's verdict, ml_confidence_drift_firing, is the alert's state at every evaluation with a
        // drift ratio, replayed here from the README's rules over the independently computed series
        // (ExpectedAlert): one state per group over both windows
        Map<String, ExpectedAlert> expected = ExpectedAlert.replay(truth, Duration.ofDays(30), Z_1E_5);
        int verdicts = 0;
        for (PromSeries s : vm.exportSeries("{__name__=\"ml_confidence_drift_firing\",run=\"e2e\"}")) {
            String group = s.label("model_name") + "/" + s.label("model_version") + "/" + s.label("use_case") + "/"
                    + s.label("environment");
            NavigableMap<Long, Double> firing = new java.util.TreeMap<>();
            s.points().forEach(p -> firing.put(p.timestampMs(), p.value()));
            assertEquals(expected.get(group).firing(), firing, group + ": the verdict at every drift ratio");
            verdicts += firing.size();
        }
        assertTrue(verdicts > 0, "no ml_confidence_drift_firing samples");

        // The confidence_drift events on the topic (both runs of this class write the same ones, same ids):
        // exactly the replayed transitions, with the window that made each. The drop fires on the short window
        // within the first hour after it, at its first evaluation.
        List<String> want = new ArrayList<>();
        expected.values().forEach(a -> want.addAll(a.events()));
        java.util.Collections.sort(want);
        List<String> got = ExpectedAlert.eventsOnTopic(kafka.bootstrapServers(), "ml.drift.events");
        assertEquals(want, got);
        assertEquals(
                List.of(Instant.ofEpochMilli(drop + Duration.ofHours(1).toMillis()) + " fraud-detector/v2/"
                        + "fraud_scoring/production firing short"),
                got.stream().filter(e -> e.endsWith("firing short")).toList(),
                "the drop fires on the short window one hour after it");
    }

    @Test
    void malformedRecordsSitOnTheDeadLetterTopic() throws Exception {
        // Every malformed record sits on the dead-letter topic, with its original bytes and reason.
        Map<String, ConsumerRecord<byte[], byte[]>> deadLetters = readDeadLetters(malformed.size());
        for (MalformedRecords.Record bad : malformed) {
            ConsumerRecord<byte[], byte[]> dl = deadLetters.get(bad.name());
            assertTrue(dl != null, "no dead letter for " + bad.name() + "; have " + deadLetters.keySet());
            String reason = new String(
                    dl.headers()
                            .lastHeader(DeadLetterSerializationSchema.REASON)
                            .value(),
                    StandardCharsets.UTF_8);
            assertEquals(bad.reason(), reason, bad.name());
            assertArrayEquals(bad.value(), dl.value(), bad.name() + ": the original bytes");
        }
    }

    static long countSamples(String run) {
        try {
            return ConfidenceSeriesCheck.countSamples(vm, run);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void waitFor(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(500);
        }
    }

    static Map<String, Map<String, NavigableMap<Long, Double>>> readBack(String run) throws Exception {
        return ConfidenceSeriesCheck.readBack(vm, run);
    }

    static Map<String, ConsumerRecord<byte[], byte[]>> readDeadLetters(int atLeast) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "dead-letter-check-" + System.nanoTime());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        Map<String, ConsumerRecord<byte[], byte[]>> byKey = new HashMap<>();
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(DEAD_LETTERS));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (byKey.size() < atLeast && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    byKey.put(new String(r.key(), StandardCharsets.UTF_8), r);
                }
            }
        }
        return byKey;
    }
}
