package io.driftwatch.connectors.events;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;

/**
 * Writes {@link EventRecord}s to the events topic: key and value as UTF-8 (the value is the JSON
 * document), and headers {@value #EVENT_ID} and {@value #EVENT_TYPE} repeating the document's {@code
 * event_id} and {@code type}. The record timestamp is left to the producer (the time of publishing):
 * a backfill publishes events weeks old in event time, and the topic's retention must not delete them
 * at once. The event time is in the document.
 */
public final class EventRecordSerializationSchema implements KafkaRecordSerializationSchema<EventRecord> {

    private static final long serialVersionUID = 1L;

    public static final String EVENT_ID = "driftwatch.event.id";
    public static final String EVENT_TYPE = "driftwatch.event.type";

    private final String topic;

    /** @param topic the events topic, e.g. {@code ml.drift.events} */
    public EventRecordSerializationSchema(String topic) {
        this.topic = Objects.requireNonNull(topic, "topic");
        if (topic.isBlank()) {
            throw new IllegalArgumentException("events topic must not be blank");
        }
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(EventRecord e, KafkaSinkContext context, Long timestamp) {
        List<Header> headers = List.of(
                new RecordHeader(EVENT_ID, e.eventId().getBytes(StandardCharsets.UTF_8)),
                new RecordHeader(EVENT_TYPE, e.type().getBytes(StandardCharsets.UTF_8)));
        return new ProducerRecord<>(
                topic,
                null,
                null,
                e.key().getBytes(StandardCharsets.UTF_8),
                e.json().getBytes(StandardCharsets.UTF_8),
                headers);
    }
}
