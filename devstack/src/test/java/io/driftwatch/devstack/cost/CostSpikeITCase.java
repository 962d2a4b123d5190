package io.driftwatch.devstack.cost;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import io.driftwatch.devstack.EndToEnd;
import io.driftwatch.devstack.loadgen.CostLoadGenerator;
import io.driftwatch.devstack.loadgen.CostScenario;
import io.driftwatch.devstack.loadgen.CostTruth;
import io.driftwatch.devstack.loadgen.KafkaOtlpWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.UUID;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Spend spikes that know the week, end to end (real Kafka, a Flink MiniCluster, VictoriaMetrics): 35
 * days of {@link CostScenario#weekly} (a daily and weekly traffic cycle with a Monday-morning peak,
 * and the maintenance assistant's traffic × 6 for one night hour on day 30), with the default {@code
 * cost.spike} settings. Exactly one {@code cost_spike} event is published (read back read_committed):
 * the injected hour's; the Monday-morning peaks, more than twice the hours before them, publish none.
 */
class CostSpikeITCase {

    @RegisterExtension
    static final MiniClusterExtension FLINK = EndToEnd.miniCluster();

    static final String PROTO_TOPIC = "otlp_metrics";
    static final String JSON_TOPIC = "otlp_metrics_json";
    static final long HOUR = 3_600_000L;

    @TempDir
    static Path dir;

    static EndToEnd stack;
    static CostScenario scenario;
    static ExpectedCostSeries expected;
    static List<ConsumerRecord<byte[], byte[]>> events;

    @BeforeAll
    static void replayScenario() throws Exception {
        stack = EndToEnd.start();
        stack.kafka().createTopics(3, PROTO_TOPIC);
        stack.kafka().createTopics(2, JSON_TOPIC, CostJobITCase.EVENTS_TOPIC);
        scenario =
                CostScenario.weekly(Instant.now().truncatedTo(ChronoUnit.DAYS).minus(Duration.ofDays(38)));
        CostTruth truth;
        try (KafkaOtlpWriter writer = new KafkaOtlpWriter(
                stack.kafka().bootstrapServers(), Map.of("otlp_proto", PROTO_TOPIC, "otlp_json", JSON_TOPIC))) {
            truth = CostLoadGenerator.generate(scenario, writer);
        }
        expected = ExpectedCostSeries.compute(scenario, truth);
        Path catalog = Files.writeString(dir.resolve("prices.yaml"), CostScenario.reportCatalog());
        stack.runBounded(
                "cost-spikes",
                "kafka.inputs[0].topic=" + PROTO_TOPIC,
                "kafka.inputs[1].topic=" + JSON_TOPIC,
                "kafka.inputs[1].encoding=otlp_json",
                "kafka.group-id=cost-spikes",
                "remote-write.extra-labels.run=spikes",
                "confidence.enabled=false",
                "cost.enabled=true",
                "cost.catalog-file=" + catalog);
        events = stack.kafka().readCommitted(CostJobITCase.EVENTS_TOPIC);
    }

    @AfterAll
    static void stop() throws Exception {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void exactlyOneSpikeEventTheInjectedHour() throws Exception {
        Schema schema = EndToEnd.eventSchema();
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> spikes = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : events) {
            String text = new String(r.value(), StandardCharsets.UTF_8);
            List<Error> errors = schema.validate(text, com.networknt.schema.InputFormat.JSON);
            assertTrue(errors.isEmpty(), errors + " in " + text);
            JsonNode doc = json.readTree(text);
            if (doc.get("type").asText().equals("cost_spike")) {
                spikes.add(doc);
                assertEquals(doc.get("use_case").asText(), new String(r.key(), StandardCharsets.UTF_8));
            }
        }
        assertEquals(1, spikes.size(), "cost_spike events: " + spikes);
        JsonNode s = spikes.get(0);
        long spikeEnd = scenario.traffic().spikeHourEnd().toEpochMilli();
        assertEquals("maintenance_assistant", s.get("use_case").asText());
        assertEquals(
                Instant.ofEpochMilli(spikeEnd).toString(), s.get("event_time").asText());
        assertEquals(
                UUID.nameUUIDFromBytes(("cost_spike\u0000maintenance_assistant\u0000firing\u0000" + spikeEnd)
                                .getBytes(StandardCharsets.UTF_8))
                        .toString(),
                s.get("event_id").asText());
        ExpectedCostSeries.Priced hour =
                expected.pricedByUseCase.get("maintenance_assistant").get(spikeEnd);
        assertEquals(0, hour.cost().compareTo(s.get("hour_cost").decimalValue()), s.toString());
        assertEquals(4, s.get("weeks").asInt());
        assertEquals(3, s.get("hour").asInt());
        // mean of the same hour in the four weeks before, from the independent computation
        java.math.BigDecimal sum = java.math.BigDecimal.ZERO;
        for (int i = 1; i <= 4; i++) {
            sum = sum.add(expected.pricedByUseCase
                    .get("maintenance_assistant")
                    .get(spikeEnd - i * 168 * HOUR)
                    .cost());
        }
        assertEquals(
                0,
                sum.divide(java.math.BigDecimal.valueOf(4))
                        .compareTo(s.get("mean").decimalValue()),
                s.toString());
    }

    /** What the event must not fire on: Monday-morning hours in the judged weeks that cost over twice the hour before. */
    @Test
    void theMondayMorningPeaksAreThereAndAreNoSpikes() {
        long judgedFrom = scenario.start().plus(Duration.ofDays(21)).toEpochMilli();
        int peaks = 0;
        for (NavigableMap<Long, ExpectedCostSeries.Priced> hours : expected.pricedByUseCase.values()) {
            for (var e : hours.tailMap(judgedFrom, true).entrySet()) {
                var start = Instant.ofEpochMilli(e.getKey() - HOUR).atZone(ZoneOffset.UTC);
                ExpectedCostSeries.Priced before = hours.get(e.getKey() - HOUR);
                if (start.getDayOfWeek() == DayOfWeek.MONDAY
                        && start.getHour() == 8
                        && before != null
                        && e.getValue().cost().compareTo(before.cost().multiply(java.math.BigDecimal.valueOf(2))) > 0) {
                    peaks++;
                }
            }
        }
        assertTrue(peaks >= 5, "Monday 08:00 hours over twice the hour before, judged: " + peaks);
    }
}
