package io.driftwatch.connectors.otlp;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Wraps every Kafka record as an {@link OtlpRecord} without looking at its content, so it never fails:
 * decoding, and dead-lettering of what does not decode, happen downstream in {@link
 * OtlpMetricsDecodeFunction}. Use with {@code KafkaSource.builder().setDeserializer(new
 * OtlpRecordDeserializationSchema())}.
 */
public final class OtlpRecordDeserializationSchema implements KafkaRecordDeserializationSchema<OtlpRecord> {

    private static final long serialVersionUID = 1L;

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<OtlpRecord> out) {
        out.collect(new OtlpRecord(record.topic(), record.partition(), record.offset(), record.timestamp(),
                record.key(), record.value()));
    }

    @Override
    public TypeInformation<OtlpRecord> getProducedType() {
        return OtlpRecordSerializer.TYPE_INFO;
    }
}
