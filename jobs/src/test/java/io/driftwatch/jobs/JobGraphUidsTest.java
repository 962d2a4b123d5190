package io.driftwatch.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.driftwatch.jobs.config.DriftwatchConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamEdge;
import org.apache.flink.streaming.api.graph.StreamNode;
import org.apache.flink.streaming.runtime.partitioner.KeyGroupStreamPartitioner;
import org.junit.jupiter.api.Test;

/**
 * Savepoints map operator state by uid: the job with every analysis on keeps every uid it had, so a
 * savepoint of an earlier job graph restores (README, upgrade notes). Every uid below is the one the
 * job had before the dev stack moved out of {@code jobs}. A change here is a change of
 * the upgrade path: rename an operator only with a migration and a note in the README.
 */
class JobGraphUidsTest {

    static final Map<String, String> UIDS = Map.ofEntries(
            Map.entry("otlp-metrics-source", "Source: OTLP metrics from Kafka"),
            Map.entry("otlp-ingest", "Normalise OTLP points"),
            Map.entry("dead-letter-sink", "Dead letters to Kafka: Writer"),
            Map.entry("otlp-spans-source", "Source: OTLP spans from Kafka"),
            Map.entry("span-features", "Span feature values"),
            Map.entry("span-dead-letter-sink", "Span dead letters to Kafka: Writer"),
            Map.entry("cumulative-to-delta", "Confidence cumulative to delta"),
            Map.entry("confidence-baselines", "Confidence baselines"),
            Map.entry("confidence-group-cap", "Confidence groups per model"),
            Map.entry("cost-cumulative-to-delta", "Cost cumulative to delta"),
            Map.entry("cost-usage", "Cost per use case, model and version"),
            Map.entry("cost-idle-gpu", "Idle GPU capacity"),
            Map.entry("cost-use-cases", "Cost shares, budgets, idle GPUs, anomalies"),
            Map.entry("cost-spikes", "Cost spikes by hour of the week"),
            Map.entry("cost-catalog-source", "Source: Price catalog updates from Kafka"),
            Map.entry("cost-catalog-validation", "Validate price catalogs"),
            Map.entry("cost-catalog-dead-letter-sink", "Catalog dead letters to Kafka: Writer"),
            Map.entry("Sink Committer: cost-catalog-dead-letter-sink", "Catalog dead letters to Kafka: Committer"),
            Map.entry("feature-cumulative-to-delta", "Feature cumulative to delta"),
            Map.entry("feature-drift", "Feature drift"),
            // new with drift.fdr-q (on by default): an operator a savepoint without it restores empty
            Map.entry("feature-drift-verdicts", "Feature drift verdicts"),
            Map.entry("drift-reference-source", "Source: Reference profiles from Kafka"),
            Map.entry("drift-reference-validation", "Read reference profiles"),
            Map.entry("drift-reference-dead-letter-sink", "Reference dead letters to Kafka: Writer"),
            Map.entry("Sink Committer: drift-reference-dead-letter-sink", "Reference dead letters to Kafka: Committer"),
            Map.entry("remote-write", "Prometheus remote write: Writer"),
            Map.entry("events-sink", "Events to Kafka: Writer"),
            Map.entry("Sink Committer: dead-letter-sink", "Dead letters to Kafka: Committer"),
            Map.entry("Sink Committer: span-dead-letter-sink", "Span dead letters to Kafka: Committer"),
            Map.entry("Sink Committer: events-sink", "Events to Kafka: Committer"));

    /** Every analysis on, feature values from spans too, cost with the demo's catalog. */
    private static DriftwatchConfig wholeJob() {
        return DriftwatchConfig.load(
                null,
                List.of(
                        "drift.spans.enabled=true",
                        "cost.enabled=true",
                        "cost.catalog-file="
                                + Path.of("../deploy/cost/prices.yaml").toAbsolutePath()));
    }

    @Test
    void everyStatefulOperatorOfTheWholeJobKeepsItsUid() {
        DriftwatchConfig config = DriftwatchConfig.load(
                null,
                List.of(
                        "drift.spans.enabled=true",
                        "drift.baseline.mode=reference",
                        "cost.enabled=true",
                        "cost.catalog-topic=ml.cost.catalog",
                        "cost.catalog-file="
                                + Path.of("../deploy/cost/prices.yaml").toAbsolutePath()));
        Map<String, String> uids = uidsOf(config);
        assertEquals(new TreeMap<>(UIDS), uids);
    }

    /**
     * With segments the model-version level keeps "feature-drift" (a savepoint of the job before segments
     * restores onto it); the admission, the segment level and the coarser roll-ups are new operators.
     */
    @Test
    void segmentsAndRollupsAddOperatorsAndKeepTheModelVersionLevelsUid() {
        DriftwatchConfig config = DriftwatchConfig.load(
                null,
                List.of(
                        "drift.spans.enabled=true",
                        "drift.baseline.mode=reference",
                        "drift.segments=use_case,ml.segment.channel",
                        "drift.rollups=model_version,model,fleet",
                        "cost.enabled=true",
                        "cost.catalog-topic=ml.cost.catalog",
                        "cost.catalog-file="
                                + Path.of("../deploy/cost/prices.yaml").toAbsolutePath()));
        Map<String, String> uids = uidsOf(config);
        Map<String, String> expected = new TreeMap<>(UIDS);
        expected.put("feature-segment-admission", "Segment admission");
        expected.put("feature-drift-segments", "Feature drift per segment");
        expected.put("feature-drift-model", "Feature drift by model");
        expected.put("feature-drift-fleet", "Feature drift of the fleet");
        // drift.fdr-q on (the default): one verdict operator per level
        expected.put("feature-drift-segments-verdicts", "Feature drift per segment verdicts");
        expected.put("feature-drift-model-verdicts", "Feature drift by model verdicts");
        expected.put("feature-drift-fleet-verdicts", "Feature drift of the fleet verdicts");
        assertEquals(expected, uids);
    }

    /** Each confidence roll-up is an operator of its own uid, fed by the nearest finer level; off by default. */
    @Test
    void confidenceRollupsHaveUidsOfTheirOwn() {
        Map<String, String> rollups = new TreeMap<>(
                uidsOf(DriftwatchConfig.load(null, List.of("confidence.rollups=model_version,model,fleet"))));
        rollups.keySet().removeIf(uid -> !uid.startsWith("confidence-rollup-"));
        assertEquals(
                Map.of(
                        "confidence-rollup-model-version", "Confidence roll-up by model_version",
                        "confidence-rollup-model", "Confidence roll-up by model",
                        "confidence-rollup-fleet", "Confidence roll-up by fleet"),
                rollups);
    }

    /** Every event of a subject reaches one sink subtask in order: the cost anomalies' single instance included. */
    @Test
    void theEventsSinkReceivesEachSubjectsEventsFromOneChannel() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        DriftwatchJob.build(env, wholeJob());
        StreamNode sink = env.getStreamGraph().getStreamNodes().stream()
                .filter(n -> "events-sink".equals(n.getTransformationUID()))
                .findFirst()
                .orElseThrow();
        assertFalse(sink.getInEdges().isEmpty());
        for (StreamEdge e : sink.getInEdges()) {
            assertInstanceOf(KeyGroupStreamPartitioner.class, e.getPartitioner(), e.toString());
        }
    }

    /** Each operator's uid and name in the job built from {@code config}. */
    private static Map<String, String> uidsOf(DriftwatchConfig config) {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        DriftwatchJob.build(env, config);
        Map<String, String> uids = new TreeMap<>();
        for (StreamNode n : env.getStreamGraph().getStreamNodes()) {
            if (n.getTransformationUID() != null) {
                uids.put(n.getTransformationUID(), n.getOperatorName());
            }
        }
        return uids;
    }
}
