package io.driftwatch.connectors.otlp;

import static io.driftwatch.connectors.otlp.OtlpTestData.OPTIONS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.flink.util.Collector;
import org.apache.flink.util.InstantiationUtil;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

class OtlpSpansDeserializationSchemaTest {

    private static final byte[] KEY = {1};
    private static final byte[] VALUE = OtlpTracesDecoderTest.FULL.toByteArray();

    private static ConsumerRecord<byte[], byte[]> consumerRecord(String topic, byte[] value) {
        return new ConsumerRecord<>(
                topic,
                3,
                42L,
                1_700_000_000_123L,
                TimestampType.CREATE_TIME,
                1,
                value.length,
                KEY,
                value,
                new RecordHeaders(),
                Optional.empty());
    }

    private static List<DecodedOtlpSpans> deserialize(
            OtlpSpansDeserializationSchema schema, List<ConsumerRecord<byte[], byte[]>> records) throws Exception {
        List<DecodedOtlpSpans> out = new ArrayList<>();
        Collector<DecodedOtlpSpans> collector = new Collector<>() {
            @Override
            public void collect(DecodedOtlpSpans record) {
                out.add(record);
            }

            @Override
            public void close() {}
        };
        for (ConsumerRecord<byte[], byte[]> r : records) {
            schema.deserialize(r, collector);
        }
        return out;
    }

    @Test
    void decodesAKafkaRecordAndKeepsItsSourceCoordinatesAndBytes() throws Exception {
        OtlpSpansDeserializationSchema schema =
                new OtlpSpansDeserializationSchema(Map.of("otlp_spans", OtlpEncoding.OTLP_PROTO), OPTIONS);

        List<DecodedOtlpSpans> out = deserialize(schema, List.of(consumerRecord("otlp_spans", VALUE)));

        assertEquals(1, out.size());
        DecodedOtlpSpans d = out.get(0);
        assertEquals(new OtlpRecord("otlp_spans", 3, 42, 1_700_000_000_123L, KEY, VALUE), d.record());
        assertSame(VALUE, d.record().value(), "bytes are passed through, not copied");
        assertEquals(List.of(OtlpTracesDecoderTest.fullExpected()), d.result().accepted());
        assertSame(DecodedOtlpSpansSerializer.TYPE_INFO, schema.getProducedType());
    }

    @Test
    void neverThrowsOnContentAndEmitsOneRecordPerKafkaRecord() throws Exception {
        OtlpSpansDeserializationSchema schema = InstantiationUtil.clone(
                new OtlpSpansDeserializationSchema(Map.of("otlp_spans", OtlpEncoding.OTLP_PROTO), OPTIONS));

        List<DecodedOtlpSpans> out = deserialize(
                schema,
                List.of(
                        consumerRecord("otlp_spans", new byte[] {(byte) 0xff, 0x01}),
                        consumerRecord("elsewhere", VALUE),
                        consumerRecord("otlp_spans", VALUE)));

        assertEquals(
                List.of(List.of(RejectReason.UNDECODABLE), List.of(RejectReason.UNKNOWN_TOPIC), List.of()),
                out.stream()
                        .map(d -> d.result().rejections().stream()
                                .map(Rejection::reason)
                                .toList())
                        .toList());
        assertEquals(1, out.get(2).result().accepted().size());
    }
}
