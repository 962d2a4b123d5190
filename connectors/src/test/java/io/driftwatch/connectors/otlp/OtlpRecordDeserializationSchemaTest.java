package io.driftwatch.connectors.otlp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

class OtlpRecordDeserializationSchemaTest {

    private static final class ListCollector<T> implements Collector<T> {
        final List<T> items = new ArrayList<>();

        @Override
        public void collect(T record) {
            items.add(record);
        }

        @Override
        public void close() {
        }
    }

    @Test
    void wrapsAnyRecordWithoutLookingAtItsContent() throws Exception {
        byte[] key = {1};
        byte[] value = {(byte) 0xde, (byte) 0xad};
        ConsumerRecord<byte[], byte[]> record = new ConsumerRecord<>("otlp_metrics", 3, 42L, 1_700_000_000_000L,
                TimestampType.CREATE_TIME, 1, 2, key, value, new RecordHeaders(), Optional.empty());
        ConsumerRecord<byte[], byte[]> tombstone = new ConsumerRecord<>("otlp_metrics", 0, 43L, null, null);
        ListCollector<OtlpRecord> out = new ListCollector<>();
        OtlpRecordDeserializationSchema schema = new OtlpRecordDeserializationSchema();

        schema.deserialize(record, out);
        schema.deserialize(tombstone, out);

        assertEquals(List.of(new OtlpRecord("otlp_metrics", 3, 42, 1_700_000_000_000L, key, value),
                new OtlpRecord("otlp_metrics", 0, 43, -1, null, null)), out.items);
        assertSame(value, out.items.get(0).value(), "bytes are passed through, not copied");
        assertSame(OtlpRecordSerializer.TYPE_INFO, schema.getProducedType());
    }
}
