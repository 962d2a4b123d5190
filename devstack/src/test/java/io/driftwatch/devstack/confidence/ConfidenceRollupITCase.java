package io.driftwatch.devstack.confidence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Confidence roll-ups end to end ({@code confidence.rollups: [model_version, fleet]}) on a real Kafka broker,
 * a Flink MiniCluster and a real VictoriaMetrics: 10 days of the load generator's four model versions with a
 * 6-day baseline and fraud-detector v2's confidence drop on day 8. Each roll-up's series read back must equal
 * the independent computation ({@link ExpectedConfidenceSeries}) over the generator's recorded values merged
 * as the roll-up defines it (every group's inferences of a model version, of the fleet, pooled per interval),
 * its verdict and events the README's alert replayed over them ({@link ExpectedAlert}); the groups' own
 * series stay as they are without roll-ups. Stopped with a savepoint mid-stream and resumed, the roll-ups write
 * exactly the uninterrupted run's series and events.
 */
class ConfidenceRollupITCase {

    @RegisterExtension
    static final MiniClusterExtension FLINK = EndToEnd.miniCluster();

    static final String PROTO_TOPIC = "otlp_metrics";
    static final String JSON_TOPIC = "otlp_metrics_json";
    static final String EVENTS = "ml.drift.events";
    static final String RESTART_PROTO_TOPIC = "restart_otlp_metrics";
    static final String RESTART_JSON_TOPIC = "restart_otlp_metrics_json";
    static final String RESTART_EVENTS = "restart.drift.events";
    static final Duration BASELINE = Duration.ofDays(6);
    static final ObjectMapper JSON = new ObjectMapper();

    static EndToEnd stack;
    static EmbeddedKafka kafka;
    static VictoriaMetricsServer vm;
    static ConfidenceTruth truth;
    static LoadScenario scenario;
    static final List<Generated> generated = new ArrayList<>();

    record Generated(String encoding, byte[] key, byte[] value, long timestampMillis) {}

    @BeforeAll
    static void replay() throws Exception {
        stack = EndToEnd.start();
        kafka = stack.kafka();
        vm = stack.vm();
        kafka.createTopics(2, PROTO_TOPIC, JSON_TOPIC, RESTART_PROTO_TOPIC, RESTART_JSON_TOPIC);
        kafka.createTopics(1, EVENTS, RESTART_EVENTS);
        scenario = LoadScenario.builder()
                .start(Instant.now().truncatedTo(ChronoUnit.DAYS).minus(Duration.ofDays(12)))
                .length(Duration.ofDays(10))
                .changesAfter(Duration.ofDays(7))
                .options(EnumSet.of(Scenario.CONFIDENCE_DROP))
                .build();
        truth = LoadGenerator.replay(
                scenario, (encoding, key, value, t) -> generated.add(new Generated(encoding, key, value, t)));
        try (KafkaOtlpWriter writer = writer(PROTO_TOPIC, JSON_TOPIC)) {
            generated.forEach(g -> writer.send(g.encoding, g.key, g.value, g.timestampMillis));
        }
        stack.runBounded("confidence-rollups", overrides(PROTO_TOPIC, JSON_TOPIC, EVENTS, "rollup"));
    }

    static KafkaOtlpWriter writer(String protoTopic, String jsonTopic) {
        return new KafkaOtlpWriter(kafka.bootstrapServers(), Map.of("otlp_proto", protoTopic, "otlp_json", jsonTopic));
    }

    /** The job reading {@code protoTopic} and {@code jsonTopic} with roll-ups [model_version, fleet], then {@code more}. */
    static String[] overrides(String protoTopic, String jsonTopic, String events, String run, String... more) {
        List<String> o = new ArrayList<>(List.of(
                "kafka.inputs[0].topic=" + protoTopic,
                "kafka.inputs[0].encoding=otlp_proto",
                "kafka.inputs[1].topic=" + jsonTopic,
                "kafka.inputs[1].encoding=otlp_json",
                "kafka.group-id=" + run,
                "drift.enabled=false",
                "cost.enabled=false",
                "confidence.baseline.period=" + BASELINE.toDays() + "d",
                "confidence.rollups=model_version,fleet",
                "output.events-topic=" + events,
                "remote-write.extra-labels.run=" + run));
        o.addAll(List.of(more));
        return o.toArray(String[]::new);
    }

    @AfterAll
    static void stop() throws Exception {
        if (stack != null) {
            stack.close();
        }
    }

    /** The recorded values pooled per model version, keyed as its series read back: {@code model/version//}. */
    static ConfidenceTruth modelVersions() {
        return truth.merged(group -> {
            String[] labels = group.split("/");
            return labels[0] + "/" + labels[1] + "//";
        });
    }

    /** Every recorded value pooled, keyed {@code ///}: the fleet. */
    static ConfidenceTruth fleet() {
        return truth.merged(group -> "///");
    }

    @Test
    void rollupSeriesEqualTheMergedRecordedValues() throws Exception {
        assertTrue(truth.byGroup().size() == 4 && modelVersions().byGroup().size() == 4, "four model versions");
        for (var level :
                Map.of("model_version", modelVersions(), "fleet", fleet()).entrySet()) {
            String rollup = "rollup=\"" + level.getKey() + "\"";
            ConfidenceSeriesCheck.assertMatchesIndependentComputation(
                    level.getValue(),
                    Duration.ofHours(24),
                    BASELINE,
                    3.0,
                    ConfidenceSeriesCheck.readBackWhere(vm, "rollup", "window!=\"short\"," + rollup));
            ConfidenceSeriesCheck.assertShortMatchesIndependentComputation(
                    level.getValue(),
                    BASELINE,
                    0.1,
                    ConfidenceJobITCase.Z_1E_5,
                    ConfidenceSeriesCheck.readBackWhere(vm, "rollup", "window=\"short\"," + rollup));
        }
        // the groups' series carry no rollup label and are what they are without roll-ups
        ConfidenceSeriesCheck.assertMatchesIndependentComputation(
                truth,
                Duration.ofHours(24),
                BASELINE,
                3.0,
                ConfidenceSeriesCheck.readBackWhere(vm, "rollup", "window!=\"short\",rollup=\"\""));
        // the fleet is not any one model version: its baseline mean lies strictly between theirs
        double fleetMean = baselineAvg(fleet()).get("///");
        List<Double> means = new ArrayList<>(baselineAvg(modelVersions()).values());
        assertTrue(
                Collections.min(means) < fleetMean && fleetMean < Collections.max(means), means + " vs " + fleetMean);
    }

    private static Map<String, Double> baselineAvg(ConfidenceTruth t) {
        Map<String, Double> out = new TreeMap<>();
        ExpectedConfidenceSeries.compute(t, Duration.ofHours(24).toMillis(), BASELINE.toMillis(), 3.0)
                .forEach((group, e) -> out.put(group, e.baselineAvg));
        return out;
    }

    /**
     * Stop with a savepoint after the first half of the traffic (on RocksDB), resume with the second half: the
     * roll-ups' series (both windows) and every event equal the uninterrupted run's.
     */
    @Test
    void stopWithSavepointAndResumeGivesTheUninterruptedRollups(@TempDir Path savepoints) throws Exception {
        long middle = scenario.start().plus(scenario.length().dividedBy(2)).toEpochMilli();
        Map<String, String> topics = Map.of(RESTART_PROTO_TOPIC, "otlp_proto", RESTART_JSON_TOPIC, "otlp_json");
        try (KafkaOtlpWriter writer = writer(RESTART_PROTO_TOPIC, RESTART_JSON_TOPIC)) {
            generated.stream()
                    .filter(g -> g.timestampMillis < middle)
                    .forEach(g -> writer.send(g.encoding, g.key, g.value, g.timestampMillis));
        }
        Ticks.send(kafka, topics, Instant.ofEpochMilli(middle));
        String[] restart = overrides(
                RESTART_PROTO_TOPIC, RESTART_JSON_TOPIC, RESTART_EVENTS, "restart", "flink.state-backend=rocksdb");
        JobClient job = stack.runUnbounded("confidence-rollups-restart-1", restart);
        long someDays = Duration.ofDays(3).toHours() * 6;
        ConfidenceJobITCase.waitFor(
                () -> rollupSamples("restart") > someDays, "the first run's roll-up samples of the first days");
        String savepoint = job.stopWithSavepoint(false, savepoints.toUri().toString(), SavepointFormatType.CANONICAL)
                .get(2, TimeUnit.MINUTES);

        try (KafkaOtlpWriter writer = writer(RESTART_PROTO_TOPIC, RESTART_JSON_TOPIC)) {
            generated.stream()
                    .filter(g -> g.timestampMillis >= middle)
                    .forEach(g -> writer.send(g.encoding, g.key, g.value, g.timestampMillis));
        }
        Ticks.send(kafka, topics, scenario.end().plus(Duration.ofDays(2)));
        List<String> resumed = new ArrayList<>(List.of(restart));
        resumed.add("flink.savepoint-path=" + savepoint);
        JobClient job2 = stack.runUnbounded("confidence-rollups-restart-2", resumed.toArray(String[]::new));
        long expectedTotal = rollupSamples("rollup");
        try {
            ConfidenceJobITCase.waitFor(
                    () -> rollupSamples("restart") >= expectedTotal,
                    expectedTotal + " roll-up samples of the resumed run");
            Thread.sleep(3000); // anything beyond the expected count would be a duplicate: let it arrive
        } finally {
            job2.cancel().get(1, TimeUnit.MINUTES);
        }
        for (String window : List.of("window!=\"short\"", "window=\"short\"")) {
            ConfidenceJobITCase.assertSameSeries(
                    ConfidenceSeriesCheck.readBackWhere(vm, "rollup", window + ",rollup!=\"\""),
                    ConfidenceSeriesCheck.readBackWhere(vm, "restart", window + ",rollup!=\"\""));
        }
        assertEquals(
                ExpectedAlert.eventsOnTopic(kafka.bootstrapServers(), EVENTS),
                ExpectedAlert.eventsOnTopic(kafka.bootstrapServers(), RESTART_EVENTS));
    }

    /** The run's roll-up samples of both windows. */
    static long rollupSamples(String run) {
        try {
            vm.flush();
            return vm.exportSeries("{__name__=~\"ml:confidence:.*\",run=\"" + run + "\",rollup!=\"\"}").stream()
                    .mapToLong(s -> s.points().size())
                    .sum();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void rollupVerdictsAndEventsFollowTheAlertRulesOverTheMergedValues() throws Exception {
        Map<String, ExpectedAlert> expected = new TreeMap<>();
        expected.putAll(ExpectedAlert.replay(truth, BASELINE, ConfidenceJobITCase.Z_1E_5));
        expected.putAll(ExpectedAlert.replay(modelVersions(), BASELINE, ConfidenceJobITCase.Z_1E_5));
        expected.putAll(ExpectedAlert.replay(fleet(), BASELINE, ConfidenceJobITCase.Z_1E_5));
        for (String rollup : List.of("model_version", "fleet")) {
            for (PromSeries s : vm.exportSeries(
                    "{__name__=\"ml_confidence_drift_firing\",run=\"rollup\",rollup=\"" + rollup + "\"}")) {
                String key =
                        rollup.equals("fleet") ? "///" : s.label("model_name") + "/" + s.label("model_version") + "//";
                assertEquals(
                        expected.get(key).firing(), EndToEnd.points(s), key + ": the verdict at every drift ratio");
            }
        }
        List<String> want = new ArrayList<>();
        expected.values().forEach(a -> want.addAll(a.events()));
        Collections.sort(want);
        assertEquals(want, ExpectedAlert.eventsOnTopic(kafka.bootstrapServers(), EVENTS));
        assertTrue(want.stream().anyMatch(e -> e.contains(" fraud-detector/v2// firing")), want.toString());

        // each roll-up event names its roll-up, keeps its labels only, is keyed rollup:<name>/..., and is valid
        Schema schema = EndToEnd.eventSchema();
        int rollupEvents = 0;
        for (ConsumerRecord<byte[], byte[]> r : kafka.readCommitted(EVENTS)) {
            JsonNode doc = JSON.readTree(new String(r.value(), StandardCharsets.UTF_8));
            assertEquals(List.of(), schema.validate(doc), doc.toString());
            String key = new String(r.key(), StandardCharsets.UTF_8);
            if (doc.has("rollup")) {
                rollupEvents++;
                String rollup = doc.path("rollup").asText();
                assertFalse(doc.path("group").has("use_case"), doc.toString());
                assertEquals(
                        rollup.equals("fleet")
                                ? "rollup:fleet"
                                : "rollup:model_version/"
                                        + doc.path("model_name").asText() + "/"
                                        + doc.path("model_version").asText(),
                        key);
            } else {
                assertTrue(doc.path("group").has("use_case"), doc.toString());
            }
        }
        assertTrue(rollupEvents > 0, "no roll-up events");
    }
}
