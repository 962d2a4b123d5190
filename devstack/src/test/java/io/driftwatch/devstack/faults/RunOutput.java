package io.driftwatch.devstack.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.driftwatch.connectors.deadletter.DeadLetterSerializationSchema;
import io.driftwatch.connectors.events.EventRecordSerializationSchema;
import io.driftwatch.devstack.servers.EmbeddedKafka;
import io.driftwatch.devstack.servers.VictoriaMetricsServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/**
 * What a run left behind: every raw sample in its VictoriaMetrics, and its events and dead letters as
 * a {@code read_committed} consumer sees them. Each event is its key, headers and document (no field
 * depends on the run: {@code event_id} derives from subject, state and event time); the record
 * timestamp (the time of publishing) and the interleaving of keys are left out.
 */
record RunOutput(SampleExport samples, List<String> events, List<String> deadLetters) {

    static RunOutput read(VictoriaMetricsServer vm, EmbeddedKafka kafka, String run) throws IOException {
        return new RunOutput(
                SampleExport.of(vm),
                texts(kafka.readCommitted(FaultInput.eventsTopic(run))),
                texts(kafka.readCommitted(FaultInput.deadLetterTopic(run))));
    }

    /**
     * For an unbounded run: waits until VictoriaMetrics holds at least as many samples, and the events
     * topic as many committed events, as {@code reference}, then three checkpoint intervals more, so
     * that anything beyond them, a duplicate, would be there too; or until {@code timeout} passed (the
     * comparison then shows what is missing).
     */
    static void awaitAsMuchAs(
            RunOutput reference, VictoriaMetricsServer vm, EmbeddedKafka kafka, String run, Duration timeout)
            throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (SampleExport.of(vm).samples() >= reference.samples.samples()
                    && kafka.readCommitted(FaultInput.eventsTopic(run)).size() >= reference.events.size()) {
                Thread.sleep(6_000);
                return;
            }
            Thread.sleep(1_000);
        }
    }

    /**
     * Every sample of {@code reference} exactly once with its value and nothing else; every event and
     * dead letter exactly once. {@code what} names the run in the messages.
     */
    void assertSameAs(RunOutput reference, String what) throws IOException {
        assertEquals(0, samples.duplicates(), what + ": samples stored twice");
        assertEquals("", samples.diff(reference.samples), what + ": samples against the uninterrupted run");
        assertEquals(reference.events, events, what + ": events against the uninterrupted run");
        Set<String> ids = new HashSet<>();
        ObjectMapper json = new ObjectMapper();
        for (String e : events) {
            String id =
                    json.readTree(e.substring(e.indexOf('{'))).get("event_id").asText();
            assertTrue(ids.add(id), what + ": event " + id + " twice");
        }
        assertEquals(reference.deadLetters, deadLetters, what + ": dead letters");
    }

    /** Not vacuous: the uninterrupted run wrote series, events and the one dead letter. */
    void assertNotEmpty() {
        assertTrue(samples.samples() > 10_000, samples.samples() + " samples");
        assertTrue(events.size() >= 5, events.size() + " events");
        assertTrue(events.stream().anyMatch(e -> e.contains("\"cost_anomaly\"")), "a cost anomaly");
        assertTrue(events.stream().anyMatch(e -> e.contains("\"feature_drift\"")), "a feature drift");
        assertEquals(1, deadLetters.size(), "the undecodable record");
        assertTrue(deadLetters.get(0).endsWith(Arrays.toString(FaultInput.GARBAGE)), deadLetters.get(0));
    }

    /** Key, headers and value of each record, sorted. */
    private static List<String> texts(List<ConsumerRecord<byte[], byte[]>> records) {
        List<String> out = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : records) {
            StringBuilder text = new StringBuilder();
            text.append(r.key() == null ? "" : new String(r.key(), StandardCharsets.UTF_8))
                    .append(' ');
            for (Header h : r.headers()) {
                String value = new String(h.value(), StandardCharsets.UTF_8);
                if (h.key().equals(DeadLetterSerializationSchema.SOURCE_TOPIC)) {
                    value = value.substring(0, value.lastIndexOf('.')); // each run has its own input topics
                }
                text.append(h.key()).append('=').append(value).append(' ');
            }
            boolean event = r.headers().lastHeader(EventRecordSerializationSchema.EVENT_ID) != null;
            text.append(event ? new String(r.value(), StandardCharsets.UTF_8) : Arrays.toString(r.value()));
            out.add(text.toString());
        }
        out.sort(null);
        return out;
    }
}
