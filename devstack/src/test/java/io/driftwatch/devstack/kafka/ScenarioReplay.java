package io.driftwatch.devstack.kafka;

import io.driftwatch.devstack.loadgen.KafkaOtlpWriter;
import io.driftwatch.devstack.loadgen.LoadGenerator;
import io.driftwatch.devstack.loadgen.LoadScenario;
import io.driftwatch.devstack.loadgen.Scenario;
import io.driftwatch.devstack.servers.KafkaBrokerProcess;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * The load generator's combined scenario (every model, both encodings, sampled spans, the confidence
 * drop, the input shift and the cost hotspot after the baseline) written once into a broker with a
 * malformed record, and the job's overrides that read it: the demo's analyses on a shorter replay.
 */
final class ScenarioReplay {

    static final String PROTO = "otlp_metrics";
    static final String JSON = "otlp_metrics_json";
    static final String SPANS = "otlp_spans";
    static final String SPANS_JSON = "otlp_spans_json";
    static final Path CATALOG =
            Path.of("").toAbsolutePath().resolveSibling("deploy").resolve("cost/prices.yaml");
    static final byte[] GARBAGE = {0x0a, 0x7f, 0x01};

    final LoadScenario scenario;
    final Duration baseline;
    final long records;

    private ScenarioReplay(LoadScenario scenario, Duration baseline, long records) {
        this.scenario = scenario;
        this.baseline = baseline;
        this.records = records;
    }

    /** Creates the four input topics (3 partitions each) and writes {@code days} of traffic as {@link KafkaBrokerProcess#ADMIN}. */
    static ScenarioReplay write(KafkaBrokerProcess broker, Duration days, Duration baseline) throws Exception {
        broker.createTopics(3, PROTO, JSON, SPANS, SPANS_JSON);
        Instant start = Instant.now().truncatedTo(ChronoUnit.DAYS).minus(days.plusDays(1));
        LoadScenario scenario = LoadScenario.builder()
                .start(start)
                .length(days)
                .changesAfter(baseline)
                .options(Scenario.ALL)
                .build();
        // A loaded 2-core machine may take the broker (its own JVM) more than the default 2 minutes to
        // accept the input, and may starve it long enough that its own controller fences it for a moment;
        // an idempotent producer then fails batches with OUT_OF_ORDER_SEQUENCE_NUMBER. Plain ordered
        // retries instead: a record written twice is read by every run alike, so comparisons still hold.
        Properties writer = new Properties();
        writer.putAll(broker.adminProperties());
        writer.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "600000");
        writer.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "600000");
        writer.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "false");
        writer.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "1");
        try (KafkaOtlpWriter metrics = new KafkaOtlpWriter(
                        writer, broker.bootstrapServers(), Map.of("otlp_proto", PROTO, "otlp_json", JSON));
                KafkaOtlpWriter spans = new KafkaOtlpWriter(
                        writer, broker.bootstrapServers(), Map.of("otlp_proto", SPANS, "otlp_json", SPANS_JSON))) {
            LoadGenerator.replay(scenario, metrics, spans, (rounds, total) -> {});
            metrics.sendRaw(PROTO, "garbage".getBytes(StandardCharsets.UTF_8), GARBAGE, start.toEpochMilli());
            metrics.flush();
            spans.flush();
            return new ScenarioReplay(scenario, baseline, metrics.records() + spans.records());
        }
    }

    /** The job's overrides reading this replay, bounded, with {@code more} on top. */
    List<String> overrides(String bootstrapServers, String writeUrl, boolean spans, String... more) {
        String period = baseline.toDays() + "d";
        List<String> o = new ArrayList<>(List.of(
                "kafka.bootstrap-servers=" + bootstrapServers,
                "kafka.inputs[0].topic=" + PROTO,
                "kafka.inputs[0].encoding=otlp_proto",
                "kafka.inputs[1].topic=" + JSON,
                "kafka.inputs[1].encoding=otlp_json",
                "kafka.bounded=true",
                "confidence.baseline.period=" + period,
                "drift.baseline.period=" + period,
                "drift.spans.enabled=" + spans,
                "cost.enabled=true",
                "cost.catalog-file=" + CATALOG,
                "remote-write.url=" + writeUrl,
                "flink.parallelism=2",
                "flink.checkpoint-interval=2s"));
        if (spans) {
            o.addAll(List.of(
                    "drift.spans.inputs[0].topic=" + SPANS,
                    "drift.spans.inputs[0].encoding=otlp_proto",
                    "drift.spans.inputs[1].topic=" + SPANS_JSON,
                    "drift.spans.inputs[1].encoding=otlp_json"));
        }
        o.addAll(List.of(more));
        return o;
    }
}
