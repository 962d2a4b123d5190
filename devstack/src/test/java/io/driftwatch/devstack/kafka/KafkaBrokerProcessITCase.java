package io.driftwatch.devstack.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.driftwatch.devstack.servers.KafkaBrokerProcess;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The broker in its own JVM: what it stores survives SIGKILL, and the secured one lets in only who it should. */
class KafkaBrokerProcessITCase {

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void recordsSurviveSigkillAndRestartOnTheSameLogDirectory() throws Exception {
        try (KafkaBrokerProcess broker = KafkaBrokerProcess.start()) {
            broker.createTopics(2, "kill-test");
            send(broker.adminProperties(), "kill-test", 0, 100);
            broker.kill();
            assertFalse(broker.isRunning());
            broker.restart();
            send(broker.adminProperties(), "kill-test", 100, 200);
            List<String> values = broker.readCommitted("kill-test").stream()
                    .map(r -> new String(r.value(), StandardCharsets.UTF_8))
                    .sorted()
                    .toList();
            assertEquals(200, values.size(), "every record acknowledged before the kill and after the restart");
            assertEquals(200, values.stream().distinct().count());
        }
    }

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void theSecuredBrokerTakesOnlyScramOverTlsAndEnforcesAcls() throws Exception {
        try (KafkaBrokerProcess broker = KafkaBrokerProcess.builder()
                .saslScram(Map.of("alice", "alice-pw"))
                .start()) {
            broker.createTopics(1, "secured");
            send(broker.adminProperties(), "secured", 0, 10);
            assertEquals(10, broker.readCommitted("secured").size());

            Properties alice = client(broker, broker.clientProperties("alice", "alice-pw"));
            ExecutionException noAcl = assertThrows(ExecutionException.class, () -> describe(alice));
            assertInstanceOf(TopicAuthorizationException.class, noAcl.getCause());

            Properties wrong = client(broker, broker.clientProperties("alice", "not-her-password"));
            ExecutionException badPassword = assertThrows(ExecutionException.class, () -> describe(wrong));
            assertInstanceOf(SaslAuthenticationException.class, badPassword.getCause());

            Properties plaintext = client(broker, Map.of());
            plaintext.put("request.timeout.ms", "3000");
            plaintext.put("default.api.timeout.ms", "3000");
            assertThrows(ExecutionException.class, () -> describe(plaintext));
            assertTrue(broker.isRunning());
        }
    }

    static Properties client(KafkaBrokerProcess broker, Map<String, String> properties) {
        Properties p = new Properties();
        p.putAll(properties);
        p.put("bootstrap.servers", broker.bootstrapServers());
        return p;
    }

    static void describe(Properties p) throws Exception {
        try (Admin admin = Admin.create(p)) {
            admin.describeTopics(List.of("secured")).allTopicNames().get(20, TimeUnit.SECONDS);
        }
    }

    static void send(Properties props, String topic, int from, int to) throws Exception {
        Properties p = new Properties();
        p.putAll(props);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, String> producer =
                new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
            for (int i = from; i < to; i++) {
                producer.send(new ProducerRecord<>(topic, Integer.toString(i), "v" + i))
                        .get(30, TimeUnit.SECONDS);
            }
        }
    }
}
