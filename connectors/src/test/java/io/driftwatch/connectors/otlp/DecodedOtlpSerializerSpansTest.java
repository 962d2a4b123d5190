package io.driftwatch.connectors.otlp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeHint;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.SerializerTestBase;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

/** Flink's serializer contract tests (copy, snapshot, sequences, reuse) plus type extraction, for spans. */
class DecodedOtlpSerializerSpansTest extends SerializerTestBase<DecodedOtlp<SpanRecord>> {

    @Override
    protected TypeSerializer<DecodedOtlp<SpanRecord>> createSerializer() {
        return new DecodedOtlpSerializer<>(new SpanRecordSerializer());
    }

    @Override
    protected int getLength() {
        return -1;
    }

    @Override
    @SuppressWarnings("unchecked")
    protected Class<DecodedOtlp<SpanRecord>> getTypeClass() {
        return (Class<DecodedOtlp<SpanRecord>>) (Class<?>) DecodedOtlp.class;
    }

    @Override
    protected DecodedOtlp<SpanRecord>[] getTestData() {
        return testData();
    }

    @SuppressWarnings("unchecked")
    private static DecodedOtlp<SpanRecord>[] testData() {
        SpanRecord full = OtlpTracesDecoderTest.fullExpected();
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put("ünïcödé", "☃");
        attributes.put("nan", Double.NaN);
        attributes.put("min", Long.MIN_VALUE);
        attributes.put("off", false);
        SpanRecord bare = SpanRecord.builder()
                .startTimeNanos(-1)
                .endTimeNanos(Long.MAX_VALUE)
                .kind(SpanRecord.Kind.CONSUMER)
                .status(SpanRecord.StatusCode.OK)
                .parentSpanId("00f067aa0ba902b7")
                .attributes(attributes)
                .build();
        List<SpanRecord> many = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            many.add(SpanRecord.builder()
                    .name("s" + i)
                    .startTimeNanos(full.startTimeNanos() + i * 1_000_000L)
                    .labels(full.labels())
                    .build());
        }
        return new DecodedOtlp[] {
            new DecodedOtlp<>(
                    new OtlpRecord("otlp_spans", 0, 0, -1, null, null), new DecodeResult<>(List.of(), List.of(), 0)),
            new DecodedOtlp<>(
                    new OtlpRecord("otlp_spans", 1, 2, 3L, new byte[] {1}, new byte[] {2, 3}),
                    new DecodeResult<>(
                            List.of(full, bare),
                            List.of(
                                    new Rejection(RejectReason.ABSURD_TIMESTAMP, "span #2 — ☃", 1),
                                    new Rejection(RejectReason.UNDECODABLE, "", 0)),
                            0)),
            new DecodedOtlp<>(
                    new OtlpRecord("tópico", -1, Long.MAX_VALUE, Long.MIN_VALUE, new byte[0], new byte[10_000]),
                    new DecodeResult<>(many, List.of(), 7)),
        };
    }

    @Test
    void flinkExtractsTheCustomTypeInformation() {
        assertSame(
                DecodedOtlpSerializer.SPANS_TYPE_INFO, TypeInformation.of(new TypeHint<DecodedOtlp<SpanRecord>>() {}));
    }

    @Test
    void attributeTypesAndTheEventTimeSurviveTheRoundTrip() throws Exception {
        DataOutputSerializer out = new DataOutputSerializer(1024);
        for (DecodedOtlp<SpanRecord> d : testData()) {
            DecodedOtlpSerializer.SPANS.serialize(d, out);
        }
        DataInputDeserializer in = new DataInputDeserializer(out.getCopyOfBuffer());
        List<DecodedOtlp<SpanRecord>> back = new ArrayList<>();
        for (int i = 0; i < testData().length; i++) {
            back.add(DecodedOtlpSerializer.SPANS.deserialize(in));
        }

        Map<String, Object> attributes = back.get(1).result().accepted().get(1).attributes();
        assertEquals(
                List.of(String.class, Double.class, Long.class, Boolean.class),
                attributes.values().stream().map(Object::getClass).toList());
        long fullStart = Math.floorDiv(OtlpTracesDecoderTest.fullExpected().startTimeNanos(), 1_000_000L);
        assertEquals(
                List.of(Long.MIN_VALUE, fullStart, fullStart + 299),
                back.stream().map(DecodedOtlp::eventTimeMillis).toList());
    }
}
