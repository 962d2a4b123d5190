package io.driftwatch.connectors.otlp;

import static io.driftwatch.connectors.otlp.OtlpTestData.MINUTE;
import static io.driftwatch.connectors.otlp.OtlpTestData.OPTIONS;
import static io.driftwatch.connectors.otlp.OtlpTestData.T0;
import static io.driftwatch.connectors.otlp.OtlpTestData.attr;
import static io.driftwatch.connectors.otlp.OtlpTestData.baseLabels;
import static io.driftwatch.connectors.otlp.OtlpTestData.gauge;
import static io.driftwatch.connectors.otlp.OtlpTestData.number;
import static io.driftwatch.connectors.otlp.OtlpTestData.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

class OtlpMetricsDeserializationSchemaTest {

    private static final class ListCollector<T> implements Collector<T> {
        final List<T> items = new ArrayList<>();

        @Override
        public void collect(T record) {
            items.add(record);
        }

        @Override
        public void close() {}
    }

    private static final byte[] KEY = {1};
    private static final byte[] VALUE = request(gauge(
                    "ml.inference.queue",
                    number(T0 + MINUTE).setAsInt(7).addAttributes(attr("status", "ok")),
                    number(T0).setAsInt(3).addAttributes(attr("status", "ok"))))
            .toByteArray();

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

    private static List<DecodedOtlpRecord> deserialize(
            OtlpMetricsDeserializationSchema schema, List<ConsumerRecord<byte[], byte[]>> records) throws Exception {
        ListCollector<DecodedOtlpRecord> out = new ListCollector<>();
        for (ConsumerRecord<byte[], byte[]> r : records) {
            schema.deserialize(r, out);
        }
        return out.items;
    }

    @Test
    void decodesAKafkaRecordAndKeepsItsSourceCoordinatesAndBytes() throws Exception {
        OtlpMetricsDeserializationSchema schema = new OtlpMetricsDeserializationSchema(OtlpRecordDecoder.builder()
                .topic("otlp_metrics", OtlpEncoding.OTLP_PROTO)
                .decoderOptions(OPTIONS)
                .build());

        List<DecodedOtlpRecord> out = deserialize(schema, List.of(consumerRecord("otlp_metrics", VALUE)));

        assertEquals(1, out.size());
        DecodedOtlpRecord d = out.get(0);
        assertEquals(new OtlpRecord("otlp_metrics", 3, 42, 1_700_000_000_123L, KEY, VALUE), d.record());
        assertSame(VALUE, d.record().value(), "bytes are passed through, not copied");
        assertEquals(
                List.of("ml.inference.queue=7.0@1700000060000", "ml.inference.queue=3.0@1700000000000"),
                d.result().accepted().stream()
                        .map(p -> p.name() + "=" + p.value() + "@" + p.timeMillis())
                        .toList());
        assertEquals(baseLabels("status", "ok"), d.result().accepted().get(0).labels());
        assertEquals(List.of(), d.result().rejections());
        assertEquals(1_700_000_060_000L, d.eventTimeMillis(), "the later point's time, not the Kafka timestamp");
        assertSame(DecodedOtlpRecordSerializer.TYPE_INFO, schema.getProducedType());
    }

    @Test
    void neverThrowsOnContentAndEmitsOneRecordPerKafkaRecord() throws Exception {
        OtlpMetricsDeserializationSchema schema =
                new OtlpMetricsDeserializationSchema(Map.of("otlp_metrics", OtlpEncoding.OTLP_PROTO), OPTIONS);
        ConsumerRecord<byte[], byte[]> tombstone = new ConsumerRecord<>("otlp_metrics", 0, 43L, null, null);

        List<DecodedOtlpRecord> out = deserialize(
                schema,
                List.of(
                        tombstone,
                        consumerRecord("otlp_metrics", new byte[] {0x0a, 0x7f, 0x01}),
                        consumerRecord("otlp_spans", VALUE)));

        assertEquals(3, out.size());
        assertEquals(
                new OtlpRecord("otlp_metrics", 0, 43, -1, null, null),
                out.get(0).record());
        assertEquals(
                RejectReason.UNDECODABLE,
                out.get(0).result().rejections().get(0).reason());
        assertTrue(
                out.get(0)
                        .result()
                        .rejections()
                        .get(0)
                        .detail()
                        .startsWith("otlp_proto: the record has no value (null)"),
                out.get(0)::toString);
        assertEquals(
                RejectReason.UNDECODABLE,
                out.get(1).result().rejections().get(0).reason());
        assertEquals(
                List.of(new Rejection(
                        RejectReason.UNKNOWN_TOPIC,
                        "topic \"otlp_spans\" has no configured OTLP encoding (configured: [otlp_metrics])",
                        0)),
                out.get(2).result().rejections());
        for (DecodedOtlpRecord d : out) {
            assertEquals(List.of(), d.result().accepted());
            assertEquals(Long.MIN_VALUE, d.eventTimeMillis());
        }
    }

    @Test
    void survivesJavaSerializationAsFlinkShipsItToTheTaskManagers() throws Exception {
        OtlpMetricsDeserializationSchema schema =
                new OtlpMetricsDeserializationSchema(Map.of("otlp_metrics", OtlpEncoding.OTLP_PROTO), OPTIONS);
        List<ConsumerRecord<byte[], byte[]>> input =
                List.of(consumerRecord("otlp_metrics", VALUE), consumerRecord("other", VALUE));

        OtlpMetricsDeserializationSchema copy = InstantiationUtil.clone(schema);

        assertEquals(
                Map.of("otlp_metrics", OtlpEncoding.OTLP_PROTO), copy.decoder().topics());
        assertEquals(deserialize(schema, input), deserialize(copy, input));
        assertEquals(2, deserialize(copy, input).get(0).result().accepted().size());
    }
}
