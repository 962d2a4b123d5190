package io.driftwatch.devstack.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.driftwatch.devstack.servers.EmbeddedKafka;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code ./driftwatch.sh events} on a real Kafka broker, with events written in transactions as the
 * job's exactly-once sink writes them: an open transaction's event stays invisible until it commits, an
 * aborted one never shows, {@code --follow} prints an event once it is committed, and a record that is
 * not an event is reported with its offset.
 */
class EventsCommandITCase {

    static final String TOPIC = "events-it";
    static EmbeddedKafka kafka;

    @BeforeAll
    static void start() throws Exception {
        kafka = EmbeddedKafka.start();
        kafka.createTopics(1, TOPIC);
    }

    @AfterAll
    static void stop() throws Exception {
        if (kafka != null) {
            kafka.close();
        }
    }

    static String doc(String id, String time) {
        return EventsCommandTest.DRIFT
                .replace("\"event_id\":\"a\"", "\"event_id\":\"" + id + "\"")
                .replace("2026-11-24T14:00:00Z", time);
    }

    @Test
    void onlyCommittedEventsShowAndFollowPrintsEachOnceCommitted() throws Exception {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "events-it-" + System.nanoTime());
        String committed = doc("c1", "2026-11-24T15:00:00Z");
        String earlier = doc("c0", "2026-11-24T13:00:00Z");
        String aborted = doc("ab", "2026-11-24T16:00:00Z");
        String late = doc("c2", "2026-11-24T17:00:00Z");
        try (KafkaProducer<String, String> producer =
                new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(TOPIC, "k", committed));
            producer.send(new ProducerRecord<>(TOPIC, "k", earlier));
            producer.commitTransaction();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(TOPIC, "k", aborted));
            producer.abortTransaction();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(TOPIC, "k", "not json"));
            producer.send(new ProducerRecord<>(TOPIC, "k", late));
            producer.flush();

            // the last transaction is open: without --follow, the committed events in event-time order
            assertEquals(
                    List.of(earlier, committed),
                    EventsReadBack.command(
                            "--bootstrap-servers", kafka.bootstrapServers(), "--topic", TOPIC, "--format", "json"));

            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            AtomicInteger code = new AtomicInteger(-1);
            Thread follow = new Thread(() -> code.set(EventsCommand.commandLine(
                            new PrintStream(out, true, StandardCharsets.UTF_8),
                            new PrintStream(err, true, StandardCharsets.UTF_8))
                    .execute(
                            "--bootstrap-servers",
                            kafka.bootstrapServers(),
                            "--topic",
                            TOPIC,
                            "--format",
                            "json",
                            "--follow")));
            follow.start();
            waitFor(() -> out.toString(StandardCharsets.UTF_8).contains(committed), "the backlog");
            assertTrue(!out.toString(StandardCharsets.UTF_8).contains(late), "printed before its commit");
            producer.commitTransaction();
            waitFor(() -> out.toString(StandardCharsets.UTF_8).contains(late), "the event once committed");
            follow.interrupt();
            follow.join(Duration.ofSeconds(30).toMillis());
            assertTrue(!follow.isAlive(), "--follow ends when interrupted");
            assertEquals(
                    List.of(earlier, committed, late),
                    EventsReadBack.lines(out.toString(StandardCharsets.UTF_8)),
                    "never the aborted event");
            assertEquals(1, code.get(), "the record that is not an event makes the exit code 1");
            String problems = err.toString(StandardCharsets.UTF_8);
            assertTrue(
                    problems.contains("skipped " + TOPIC + " partition 0 offset ")
                            && problems.contains("not an event document (not JSON"),
                    problems);
        }
    }

    static void waitFor(java.util.function.BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "waited 60 s for " + what);
            Thread.sleep(100);
        }
    }
}
