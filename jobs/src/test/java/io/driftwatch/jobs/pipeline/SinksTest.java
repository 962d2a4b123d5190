package io.driftwatch.jobs.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.driftwatch.connectors.remotewrite.KafkaDeadLetterFailureHandler;
import io.driftwatch.jobs.config.DriftwatchConfig;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SinksTest {

    /** On a cluster that needs SASL or TLS, the first rejected batch would otherwise fail the job. */
    @Test
    void theRemoteWriteDeadLetterProducerGetsTheKafkaProperties() {
        DriftwatchConfig config = DriftwatchConfig.load(
                null,
                List.of(
                        "kafka.bootstrap-servers=broker-1:9093",
                        "kafka.properties.security.protocol=SASL_SSL",
                        "kafka.properties.sasl.mechanism=SCRAM-SHA-512",
                        "remote-write.dead-letter-topic=rw.dead"));
        KafkaDeadLetterFailureHandler handler = Sinks.remoteWriteDeadLetters(config);
        assertEquals("rw.dead", handler.topic());
        assertEquals(
                Map.of("security.protocol", "SASL_SSL", "sasl.mechanism", "SCRAM-SHA-512"),
                handler.producerProperties());
    }
}
