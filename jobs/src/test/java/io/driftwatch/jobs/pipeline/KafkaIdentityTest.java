package io.driftwatch.jobs.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.Map;
import org.junit.jupiter.api.Test;

class KafkaIdentityTest {

    @Test
    void aScramUserIsNamedWithoutItsPassword() {
        KafkaIdentity id = KafkaIdentity.of(Map.of(
                "security.protocol",
                "sasl_ssl",
                "sasl.mechanism",
                "SCRAM-SHA-512",
                "sasl.jaas.config",
                "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"driftwatch\""
                        + " password=\"pw-1\";"));
        assertEquals("principal User:driftwatch (SASL_SSL, SCRAM-SHA-512)", id.describe());
        assertFalse(id.toString().contains("pw-1"), id.toString());
    }

    @Test
    void withoutSaslTheBrokerSeesAnonymousOrTheCertificate() {
        assertEquals(
                "principal User:ANONYMOUS (security.protocol PLAINTEXT, no authentication)",
                KafkaIdentity.of(Map.of()).describe());
        assertEquals(
                "principal the principal of the TLS client certificate (kafka.properties.\"ssl.keystore.location\")",
                KafkaIdentity.of(Map.of("security.protocol", "SSL")).describe());
        assertEquals(
                "principal the GSSAPI principal of kafka.properties.\"sasl.jaas.config\" (SASL_PLAINTEXT, GSSAPI)",
                KafkaIdentity.of(Map.of("security.protocol", "SASL_PLAINTEXT")).describe());
    }
}
