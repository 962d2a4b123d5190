package io.driftwatch.connectors.otlp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeHint;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.SerializerTestBase;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

/** Flink's serializer contract tests (copy, snapshot, sequences, reuse) plus type extraction, for metrics. */
class DecodedOtlpSerializerMetricsTest extends SerializerTestBase<DecodedOtlp<MetricPoint>> {

    @Override
    protected TypeSerializer<DecodedOtlp<MetricPoint>> createSerializer() {
        return new DecodedOtlpSerializer<>(new MetricPointSerializer());
    }

    @Override
    protected int getLength() {
        return -1;
    }

    @Override
    @SuppressWarnings("unchecked")
    protected Class<DecodedOtlp<MetricPoint>> getTypeClass() {
        return (Class<DecodedOtlp<MetricPoint>>) (Class<?>) DecodedOtlp.class;
    }

    @Override
    protected DecodedOtlp<MetricPoint>[] getTestData() {
        return testData();
    }

    @SuppressWarnings("unchecked")
    private static DecodedOtlp<MetricPoint>[] testData() {
        Labels labels = Labels.of("service.name", "checkout", "status", "ünïcödé");
        MetricPoint gauge = MetricPoint.builder("ml.inference.queue", MetricKind.GAUGE)
                .labels(labels)
                .timeNanos(1_700_000_000_123_456_789L)
                .value(3)
                .build();
        MetricPoint histogram = MetricPoint.builder("duration", MetricKind.HISTOGRAM)
                .unit("ms")
                .temporality(Temporality.DELTA)
                .timeNanos(1_700_000_060_000_000_000L)
                .count(3)
                .sum(4.5)
                .explicitBounds(new double[] {1, 2})
                .bucketCounts(new long[] {1, 1, 1})
                .build();
        List<MetricPoint> many = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            many.add(gauge.toBuilder().timeNanos(gauge.timeNanos() + i).value(i).build());
        }
        return new DecodedOtlp[] {
            new DecodedOtlp<>(
                    new OtlpRecord("otlp_metrics", 0, 0, -1, null, null), new DecodeResult<>(List.of(), List.of(), 0)),
            new DecodedOtlp<>(
                    new OtlpRecord("otlp_spans", 1, 2, 3L, null, null),
                    new DecodeResult<>(
                            List.of(),
                            List.of(new Rejection(RejectReason.UNKNOWN_TOPIC, "topic \"otlp_spans\" — ☃", 0)),
                            0)),
            new DecodedOtlp<>(
                    new OtlpRecord(
                            "otlp_metrics", 7, Long.MAX_VALUE, 1_700_000_000_000L, new byte[] {1}, new byte[] {2, 3}),
                    new DecodeResult<>(
                            List.of(gauge, histogram),
                            List.of(
                                    new Rejection(RejectReason.BUCKET_COUNT_MISMATCH, "point #1", 1),
                                    new Rejection(RejectReason.MISSING_NAME, "", 1_000_000)),
                            5,
                            42,
                            1_700_000_000_123_456_789L)),
            new DecodedOtlp<>(
                    new OtlpRecord("tópico", -1, -5, Long.MIN_VALUE, new byte[0], new byte[10_000]),
                    new DecodeResult<>(many, List.of(), Integer.MAX_VALUE)),
        };
    }

    @Test
    void flinkExtractsTheCustomTypeInformation() {
        assertSame(
                DecodedOtlpSerializer.METRICS_TYPE_INFO,
                TypeInformation.of(new TypeHint<DecodedOtlp<MetricPoint>>() {}));
    }

    @Test
    void theEventTimeIsRecomputedFromThePointsReadBack() throws Exception {
        DataOutputSerializer out = new DataOutputSerializer(1024);
        for (DecodedOtlp<MetricPoint> d : testData()) {
            DecodedOtlpSerializer.METRICS.serialize(d, out);
        }
        DataInputDeserializer in = new DataInputDeserializer(out.getCopyOfBuffer());
        List<Long> eventTimes = new ArrayList<>();
        for (int i = 0; i < testData().length; i++) {
            eventTimes.add(DecodedOtlpSerializer.METRICS.deserialize(in).eventTimeMillis());
        }

        assertEquals(List.of(Long.MIN_VALUE, Long.MIN_VALUE, 1_700_000_060_000L, 1_700_000_000_123L), eventTimes);
    }
}
