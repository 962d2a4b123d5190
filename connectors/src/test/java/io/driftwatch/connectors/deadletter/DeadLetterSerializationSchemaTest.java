package io.driftwatch.connectors.deadletter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.driftwatch.connectors.otlp.OtlpRecord;
import io.driftwatch.connectors.otlp.RejectReason;
import io.driftwatch.connectors.otlp.Rejection;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;

class DeadLetterSerializationSchemaTest {

    @Test
    void writesTheOriginalBytesWithTheDocumentedHeaders() {
        byte[] value = {0x0a, 0x02, (byte) 0x80, 0x7f};
        byte[] key = "resource-hash".getBytes(StandardCharsets.UTF_8);
        DeadLetter letter = DeadLetter.of(
                new OtlpRecord("otlp_metrics", 4, 1234, 1_700_000_000_123L, key, value),
                List.of(
                        new Rejection(RejectReason.BUCKET_COUNT_MISMATCH, "histogram \"h\" point #0: ☃", 1),
                        new Rejection(RejectReason.ABSURD_TIMESTAMP, "gauge \"g\" point #3: time 0", 1)));

        ProducerRecord<byte[], byte[]> record =
                new DeadLetterSerializationSchema("otlp_dead_letters").serialize(letter, null, 99L);

        assertEquals("otlp_dead_letters", record.topic());
        assertSame(value, record.value());
        assertSame(key, record.key());
        assertNull(record.partition());
        assertNull(record.timestamp(), "the producer stamps the time of dead-lettering");
        Map<String, String> headers = new LinkedHashMap<>();
        for (Header h : record.headers()) {
            headers.put(h.key(), new String(h.value(), StandardCharsets.UTF_8));
        }
        assertEquals(
                Map.of(
                        "driftwatch.reason", "bucket_count_mismatch,absurd_timestamp",
                        "driftwatch.detail",
                                "bucket_count_mismatch: histogram \"h\" point #0: ☃\n"
                                        + "absurd_timestamp: gauge \"g\" point #3: time 0",
                        "driftwatch.source.topic", "otlp_metrics",
                        "driftwatch.source.partition", "4",
                        "driftwatch.source.offset", "1234",
                        "driftwatch.source.timestamp", "1700000000123"),
                headers);
    }

    @Test
    void nullKeyAndValueStayNull() {
        DeadLetter letter = DeadLetter.of(
                new OtlpRecord("t", 0, 1, -1, null, null), List.of(new Rejection(RejectReason.UNDECODABLE, "null", 0)));

        ProducerRecord<byte[], byte[]> record = new DeadLetterSerializationSchema("dlq").serialize(letter, null, null);

        assertNull(record.key());
        assertNull(record.value());
        assertEquals(
                "-1",
                new String(
                        record.headers()
                                .lastHeader("driftwatch.source.timestamp")
                                .value(),
                        StandardCharsets.UTF_8));
    }

    @Test
    void blankTopicIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new DeadLetterSerializationSchema(" "));
    }
}
