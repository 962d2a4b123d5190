package io.driftwatch.devstack.topics;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.driftwatch.devstack.servers.EmbeddedKafka;
import io.driftwatch.jobs.config.DriftwatchConfig;
import io.driftwatch.jobs.pipeline.KafkaTopics;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The start-up topic check against a real broker (which, like many production ones, creates no topic on demand). */
class KafkaTopicsITCase {

    static EmbeddedKafka kafka;

    @BeforeAll
    static void start() throws Exception {
        kafka = EmbeddedKafka.start();
        kafka.createTopics(1, "metrics_a", "driftwatch.dead-letters", "driftwatch.remote-write.dead-letters");
    }

    @AfterAll
    static void stop() throws Exception {
        if (kafka != null) {
            kafka.close();
        }
    }

    static DriftwatchConfig config(String bootstrap, String... more) {
        List<String> overrides = new ArrayList<>(List.of(
                "kafka.bootstrap-servers=" + bootstrap,
                "kafka.inputs[0].topic=metrics_a",
                "kafka.inputs[1].topic=metrics_b"));
        overrides.addAll(List.of(more));
        return DriftwatchConfig.load(null, overrides);
    }

    @Test
    void requiredNamesEveryTopicWithItsKey() {
        DriftwatchConfig c = config(kafka.bootstrapServers(), "drift.spans.enabled=true", "cost.enabled=false");
        assertEquals(
                Map.of(
                        "metrics_a", "kafka.inputs[0].topic, read",
                        "metrics_b", "kafka.inputs[1].topic, read",
                        "otlp_spans", "drift.spans.inputs[0].topic, read",
                        "driftwatch.dead-letters", "kafka.dead-letter-topic, written",
                        "driftwatch.remote-write.dead-letters", "remote-write.dead-letter-topic, written",
                        "ml.drift.events", "output.events-topic, written"),
                KafkaTopics.required(c));
        // Confidence alone publishes confidence_drift events; without an analysis the topic is not needed.
        assertTrue(KafkaTopics.required(config(kafka.bootstrapServers(), "drift.enabled=false"))
                .containsKey("ml.drift.events"));
        assertFalse(KafkaTopics.required(
                        config(kafka.bootstrapServers(), "drift.enabled=false", "confidence.enabled=false"))
                .containsKey("ml.drift.events"));
    }

    @Test
    void missingTopicsAreAllNamedWithTheirKeys() {
        IllegalStateException e = assertThrows(
                IllegalStateException.class,
                () -> KafkaTopics.check(
                        config(kafka.bootstrapServers(), "drift.spans.enabled=true"), Duration.ofSeconds(20)));
        String m = e.getMessage();
        assertTrue(m.contains("Kafka at " + kafka.bootstrapServers() + " (kafka.bootstrap-servers) lacks topics"), m);
        assertTrue(m.contains("  metrics_b (kafka.inputs[1].topic, read): does not exist"), m);
        assertTrue(m.contains("  otlp_spans (drift.spans.inputs[0].topic, read): does not exist"), m);
        assertTrue(m.contains("  ml.drift.events (output.events-topic, written): does not exist"), m);
        assertFalse(m.contains("metrics_a") || m.contains("driftwatch.dead-letters ("), m);
        assertTrue(m.contains("kafka.check-topics=false"), m);
    }

    @Test
    void presentTopicsPass() throws Exception {
        kafka.createTopics(1, "metrics_c", "events_c");
        DriftwatchConfig present =
                config(kafka.bootstrapServers(), "kafka.inputs[1].topic=metrics_c", "output.events-topic=events_c");
        assertTrue(KafkaTopics.required(present).keySet().containsAll(List.of("metrics_a", "metrics_c", "events_c")));
        assertDoesNotThrow(() -> KafkaTopics.check(present, Duration.ofSeconds(20)));
        // The same configuration with one topic that was never created fails, naming only that one.
        IllegalStateException e = assertThrows(
                IllegalStateException.class,
                () -> KafkaTopics.check(
                        config(
                                kafka.bootstrapServers(),
                                "kafka.inputs[1].topic=metrics_c",
                                "output.events-topic=events_d"),
                        Duration.ofSeconds(20)));
        assertTrue(
                e.getMessage().contains("  events_d (output.events-topic, written): does not exist"), e.getMessage());
        assertFalse(e.getMessage().contains("metrics_c"), e.getMessage());
    }

    @Test
    void anUnreachableBrokerIsNamed() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        String servers = "127.0.0.1:" + port;
        IllegalStateException e = assertThrows(
                IllegalStateException.class, () -> KafkaTopics.check(config(servers), Duration.ofSeconds(3)));
        assertTrue(
                e.getMessage()
                        .startsWith("driftwatch: cannot check the Kafka topics at " + servers
                                + " (kafka.bootstrap-servers) as principal User:ANONYMOUS"),
                e.getMessage());
    }
}
