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

class OtlpDeserializationSchemaTest {

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
    private static final byte[] METRICS = request(gauge(
                    "ml.inference.queue",
                    number(T0 + MINUTE).setAsInt(7).addAttributes(attr("status", "ok")),
                    number(T0).setAsInt(3).addAttributes(attr("status", "ok"))))
            .toByteArray();
    private static final byte[] SPANS = OtlpTracesDecoderTest.FULL.toByteArray();

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

    private static <T extends OtlpItem> List<DecodedOtlp<T>> deserialize(
            OtlpDeserializationSchema<T> schema, List<ConsumerRecord<byte[], byte[]>> records) throws Exception {
        ListCollector<DecodedOtlp<T>> out = new ListCollector<>();
        for (ConsumerRecord<byte[], byte[]> r : records) {
            schema.deserialize(r, out);
        }
        return out.items;
    }

    @Test
    void decodesAMetricsRecordAndKeepsItsSourceCoordinatesAndBytes() throws Exception {
        OtlpDeserializationSchema<MetricPoint> schema = OtlpDeserializationSchema.metrics(OtlpRecordDecoder.builder()
                .topic("otlp_metrics", OtlpEncoding.OTLP_PROTO)
                .decoderOptions(OPTIONS)
                .build());

        List<DecodedOtlp<MetricPoint>> out = deserialize(schema, List.of(consumerRecord("otlp_metrics", METRICS)));

        assertEquals(1, out.size());
        DecodedOtlp<MetricPoint> d = out.get(0);
        assertEquals(new OtlpRecord("otlp_metrics", 3, 42, 1_700_000_000_123L, KEY, METRICS), d.record());
        assertSame(METRICS, d.record().value(), "bytes are passed through, not copied");
        assertEquals(
                List.of("ml.inference.queue=7.0@1700000060000", "ml.inference.queue=3.0@1700000000000"),
                d.result().accepted().stream()
                        .map(p -> p.name() + "=" + p.value() + "@" + p.timeMillis())
                        .toList());
        assertEquals(baseLabels("status", "ok"), d.result().accepted().get(0).labels());
        assertEquals(List.of(), d.result().rejections());
        assertEquals(1_700_000_060_000L, d.eventTimeMillis(), "the later point's time, not the Kafka timestamp");
        assertSame(DecodedOtlpSerializer.METRICS_TYPE_INFO, schema.getProducedType());
    }

    @Test
    void neverThrowsOnMetricsContentAndEmitsOneRecordPerKafkaRecord() throws Exception {
        OtlpDeserializationSchema<MetricPoint> schema =
                OtlpDeserializationSchema.metrics(Map.of("otlp_metrics", OtlpEncoding.OTLP_PROTO), OPTIONS);
        ConsumerRecord<byte[], byte[]> tombstone = new ConsumerRecord<>("otlp_metrics", 0, 43L, null, null);

        List<DecodedOtlp<MetricPoint>> out = deserialize(
                schema,
                List.of(
                        tombstone,
                        consumerRecord("otlp_metrics", new byte[] {0x0a, 0x7f, 0x01}),
                        consumerRecord("otlp_spans", METRICS)));

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
        for (DecodedOtlp<MetricPoint> d : out) {
            assertEquals(List.of(), d.result().accepted());
            assertEquals(Long.MIN_VALUE, d.eventTimeMillis());
        }
    }

    @Test
    void survivesJavaSerializationAsFlinkShipsItToTheTaskManagers() throws Exception {
        OtlpDeserializationSchema<MetricPoint> schema =
                OtlpDeserializationSchema.metrics(Map.of("otlp_metrics", OtlpEncoding.OTLP_PROTO), OPTIONS);
        List<ConsumerRecord<byte[], byte[]>> input =
                List.of(consumerRecord("otlp_metrics", METRICS), consumerRecord("other", METRICS));

        OtlpDeserializationSchema<MetricPoint> copy = InstantiationUtil.clone(schema);

        assertEquals(
                Map.of("otlp_metrics", OtlpEncoding.OTLP_PROTO), copy.decoder().topics());
        assertEquals(deserialize(schema, input), deserialize(copy, input));
        assertEquals(2, deserialize(copy, input).get(0).result().accepted().size());
    }

    @Test
    void decodesASpansRecordAndKeepsItsSourceCoordinatesAndBytes() throws Exception {
        OtlpDeserializationSchema<SpanRecord> schema =
                OtlpDeserializationSchema.spans(Map.of("otlp_spans", OtlpEncoding.OTLP_PROTO), OPTIONS);

        List<DecodedOtlp<SpanRecord>> out = deserialize(schema, List.of(consumerRecord("otlp_spans", SPANS)));

        assertEquals(1, out.size());
        DecodedOtlp<SpanRecord> d = out.get(0);
        assertEquals(new OtlpRecord("otlp_spans", 3, 42, 1_700_000_000_123L, KEY, SPANS), d.record());
        assertSame(SPANS, d.record().value(), "bytes are passed through, not copied");
        assertEquals(List.of(OtlpTracesDecoderTest.fullExpected()), d.result().accepted());
        assertSame(DecodedOtlpSerializer.SPANS_TYPE_INFO, schema.getProducedType());
    }

    @Test
    void neverThrowsOnSpansContentAndEmitsOneRecordPerKafkaRecord() throws Exception {
        OtlpDeserializationSchema<SpanRecord> schema = InstantiationUtil.clone(
                OtlpDeserializationSchema.spans(Map.of("otlp_spans", OtlpEncoding.OTLP_PROTO), OPTIONS));

        List<DecodedOtlp<SpanRecord>> out = deserialize(
                schema,
                List.of(
                        consumerRecord("otlp_spans", new byte[] {(byte) 0xff, 0x01}),
                        consumerRecord("elsewhere", SPANS),
                        consumerRecord("otlp_spans", SPANS)));

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
