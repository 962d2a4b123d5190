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
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Confidence roll-ups end to end ({@code confidence.rollups: [model_version, fleet]}) on a real Kafka broker,
 * a Flink MiniCluster and a real VictoriaMetrics: 10 days of the load generator's four model versions with a
 * 6-day baseline and fraud-detector v2's confidence drop on day 8. Each roll-up's series read back must equal
 * the independent computation ({@link ExpectedConfidenceSeries}) over the generator's recorded values merged
 * as the roll-up defines it (every group's inferences of a model version, of the fleet, pooled per interval),
 * its verdict and events the README's alert replayed over them ({@link ExpectedAlert}); the groups' own
 * series stay as they are without roll-ups.
 */
class ConfidenceRollupITCase {

    @RegisterExtension
    static final MiniClusterExtension FLINK = EndToEnd.miniCluster();

    static final String PROTO_TOPIC = "otlp_metrics";
    static final String JSON_TOPIC = "otlp_metrics_json";
    static final String EVENTS = "ml.drift.events";
    static final Duration BASELINE = Duration.ofDays(6);
    static final ObjectMapper JSON = new ObjectMapper();

    static EndToEnd stack;
    static EmbeddedKafka kafka;
    static VictoriaMetricsServer vm;
    static ConfidenceTruth truth;

    @BeforeAll
    static void replay() throws Exception {
        stack = EndToEnd.start();
        kafka = stack.kafka();
        vm = stack.vm();
        kafka.createTopics(2, PROTO_TOPIC, JSON_TOPIC);
        kafka.createTopics(1, EVENTS);
        LoadScenario scenario = LoadScenario.builder()
                .start(Instant.now().truncatedTo(ChronoUnit.DAYS).minus(Duration.ofDays(12)))
                .length(Duration.ofDays(10))
                .changesAfter(Duration.ofDays(7))
                .options(EnumSet.of(Scenario.CONFIDENCE_DROP))
                .build();
        try (KafkaOtlpWriter writer = new KafkaOtlpWriter(
                kafka.bootstrapServers(), Map.of("otlp_proto", PROTO_TOPIC, "otlp_json", JSON_TOPIC))) {
            truth = LoadGenerator.replay(scenario, writer::send);
        }
        stack.runBounded(
                "confidence-rollups",
                "kafka.inputs[0].topic=" + PROTO_TOPIC,
                "kafka.inputs[0].encoding=otlp_proto",
                "kafka.inputs[1].topic=" + JSON_TOPIC,
                "kafka.inputs[1].encoding=otlp_json",
                "drift.enabled=false",
                "cost.enabled=false",
                "confidence.baseline.period=" + BASELINE.toDays() + "d",
                "confidence.rollups=model_version,fleet",
                "output.events-topic=" + EVENTS,
                "remote-write.extra-labels.run=rollup");
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
