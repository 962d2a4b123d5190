package io.driftwatch.connectors.otlp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.SerializerTestBase;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

/** Flink's own serializer contract tests (copy, snapshot, sequences, reuse) plus size and type extraction. */
class MetricPointSerializerTest extends SerializerTestBase<MetricPoint> {

    @Override
    protected TypeSerializer<MetricPoint> createSerializer() {
        return new MetricPointSerializer();
    }

    @Override
    protected int getLength() {
        return -1;
    }

    @Override
    protected Class<MetricPoint> getTypeClass() {
        return MetricPoint.class;
    }

    @Override
    protected MetricPoint[] getTestData() {
        Labels labels = Labels.of("service.name", "checkout", "model_name", "m1", "ünïcödé", "😀 ☃");
        return new MetricPoint[] {
            MetricPoint.builder("g", MetricKind.GAUGE).timeNanos(1).build(),
            MetricPoint.builder("ml.inference.queue", MetricKind.GAUGE)
                    .labels(labels)
                    .timeNanos(Long.MAX_VALUE)
                    .value(-0.0)
                    .build(),
            MetricPoint.builder("nan", MetricKind.GAUGE)
                    .value(Double.NaN)
                    .timeNanos(-1)
                    .build(),
            MetricPoint.builder("tokens", MetricKind.SUM)
                    .unit("1")
                    .temporality(Temporality.CUMULATIVE)
                    .monotonic(true)
                    .labels(labels)
                    .startTimeNanos(5)
                    .timeNanos(10)
                    .value(1e300)
                    .build(),
            MetricPoint.builder("duration", MetricKind.HISTOGRAM)
                    .unit("ms")
                    .temporality(Temporality.DELTA)
                    .labels(labels)
                    .timeNanos(10)
                    .count(Long.MAX_VALUE)
                    .sum(-3.5)
                    .min(Double.NEGATIVE_INFINITY)
                    .max(7)
                    .explicitBounds(new double[] {1, 2.5, Double.POSITIVE_INFINITY})
                    .bucketCounts(new long[] {0, 1, Long.MAX_VALUE - 1, -1})
                    .build(),
            MetricPoint.builder("confidence", MetricKind.EXPONENTIAL_HISTOGRAM)
                    .temporality(Temporality.DELTA)
                    .timeNanos(10)
                    .count(7)
                    .sum(1.75)
                    .scale(-10)
                    .zeroCount(1)
                    .zeroThreshold(1e-9)
                    .positive(-2, new long[] {1, 2})
                    .negative(Integer.MIN_VALUE, new long[] {3})
                    .build(),
            MetricPoint.builder("summary", MetricKind.SUMMARY)
                    .timeNanos(10)
                    .count(10)
                    .sum(42)
                    .quantiles(new double[] {0.5, 0.99}, new double[] {3, Double.NaN})
                    .build(),
            // Fields that do not belong to the kind still round-trip.
            MetricPoint.builder("odd", MetricKind.GAUGE)
                    .timeNanos(10)
                    .count(3)
                    .scale(4)
                    .positive(0, new long[] {1})
                    .build(),
        };
    }

    @Test
    void flinkExtractsTheCustomTypeInformation() {
        TypeInformation<MetricPoint> info = TypeInformation.of(MetricPoint.class);

        assertSame(MetricPointTypeInfo.INSTANCE, info);
        assertEquals(
                MetricPointSerializer.INSTANCE,
                info.createSerializer(new org.apache.flink.api.common.serialization.SerializerConfigImpl()));
    }

    @Test
    void aGaugeWithStartTimeCostsItsStringsPlus27Bytes() throws IOException {
        MetricPoint p = MetricPoint.builder("ml.inference.queue", MetricKind.GAUGE)
                .labels(Labels.of("model_name", "m1", "status", "ok"))
                .startTimeNanos(5)
                .timeNanos(10)
                .value(3)
                .build();
        DataOutputSerializer out = new DataOutputSerializer(64);

        new MetricPointSerializer().serialize(p, out);

        // Flink's StringValue: a 1-byte length for short strings, then 1 byte per ASCII char.
        int strings = 0;
        for (String s : new String[] {"ml.inference.queue", "model_name", "m1", "status", "ok"}) {
            strings += 1 + s.getBytes(StandardCharsets.US_ASCII).length;
        }
        int fixed = 1 /* header */ + 1 /* mask */ + 1 /* label count */ + 8 /* time */ + 8 /* start */ + 8 /* value */;
        assertEquals(strings + fixed, out.length());
    }
}
