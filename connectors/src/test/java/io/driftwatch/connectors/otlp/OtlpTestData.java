package io.driftwatch.connectors.otlp;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageOrBuilder;
import com.google.protobuf.util.JsonFormat;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.ArrayValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.common.v1.KeyValueList;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.ExponentialHistogram;
import io.opentelemetry.proto.metrics.v1.ExponentialHistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Gauge;
import io.opentelemetry.proto.metrics.v1.Histogram;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.metrics.v1.Sum;
import io.opentelemetry.proto.metrics.v1.Summary;
import io.opentelemetry.proto.metrics.v1.SummaryDataPoint;
import io.opentelemetry.proto.resource.v1.Resource;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

/** OTLP messages and settings shared by the tests. */
final class OtlpTestData {

    /** 2023-11-14T22:13:20Z in epoch nanoseconds. */
    static final long T0 = 1_700_000_000_000_000_000L;

    static final long MINUTE = 60_000_000_000L;
    static final Instant NOW = Instant.parse("2024-01-01T00:00:00Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    static final DecoderOptions OPTIONS = DecoderOptions.builder().clock(CLOCK).build();

    private OtlpTestData() {}

    static KeyValue attr(String key, String value) {
        return KeyValue.newBuilder()
                .setKey(key)
                .setValue(AnyValue.newBuilder().setStringValue(value))
                .build();
    }

    static KeyValue attr(String key, long value) {
        return KeyValue.newBuilder()
                .setKey(key)
                .setValue(AnyValue.newBuilder().setIntValue(value))
                .build();
    }

    static KeyValue attr(String key, double value) {
        return KeyValue.newBuilder()
                .setKey(key)
                .setValue(AnyValue.newBuilder().setDoubleValue(value))
                .build();
    }

    static KeyValue attr(String key, boolean value) {
        return KeyValue.newBuilder()
                .setKey(key)
                .setValue(AnyValue.newBuilder().setBoolValue(value))
                .build();
    }

    static KeyValue attr(String key, AnyValue value) {
        return KeyValue.newBuilder().setKey(key).setValue(value).build();
    }

    static AnyValue bytesValue(byte... bytes) {
        return AnyValue.newBuilder().setBytesValue(ByteString.copyFrom(bytes)).build();
    }

    static AnyValue arrayValue(AnyValue... values) {
        return AnyValue.newBuilder()
                .setArrayValue(ArrayValue.newBuilder().addAllValues(List.of(values)))
                .build();
    }

    static AnyValue kvlistValue(KeyValue... values) {
        return AnyValue.newBuilder()
                .setKvlistValue(KeyValueList.newBuilder().addAllValues(List.of(values)))
                .build();
    }

    static AnyValue str(String s) {
        return AnyValue.newBuilder().setStringValue(s).build();
    }

    static AnyValue num(long v) {
        return AnyValue.newBuilder().setIntValue(v).build();
    }

    /** Resource {service.name=checkout, model_name=m1}, scope io.driftwatch.test 1.0, the given metrics. */
    static ExportMetricsServiceRequest request(Metric... metrics) {
        return ExportMetricsServiceRequest.newBuilder()
                .addResourceMetrics(ResourceMetrics.newBuilder()
                        .setResource(Resource.newBuilder()
                                .addAttributes(attr("service.name", "checkout"))
                                .addAttributes(attr("model_name", "m1")))
                        .addScopeMetrics(ScopeMetrics.newBuilder()
                                .setScope(InstrumentationScope.newBuilder()
                                        .setName("io.driftwatch.test")
                                        .setVersion("1.0"))
                                .addAllMetrics(List.of(metrics))))
                .build();
    }

    /** The labels every point of {@link #request} carries, plus {@code extra} name/value pairs. */
    static Labels baseLabels(String... extra) {
        String[] all = new String[8 + extra.length];
        String[] base = {
            "service.name",
            "checkout",
            "model_name",
            "m1",
            "otel_scope_name",
            "io.driftwatch.test",
            "otel_scope_version",
            "1.0"
        };
        System.arraycopy(base, 0, all, 0, 8);
        System.arraycopy(extra, 0, all, 8, extra.length);
        return Labels.of(all);
    }

    static NumberDataPoint.Builder number(long time) {
        return NumberDataPoint.newBuilder().setTimeUnixNano(time);
    }

    static Metric gauge(String name, NumberDataPoint.Builder... points) {
        Gauge.Builder g = Gauge.newBuilder();
        for (NumberDataPoint.Builder p : points) {
            g.addDataPoints(p);
        }
        return Metric.newBuilder().setName(name).setGauge(g).build();
    }

    static Metric sum(String name, AggregationTemporality t, boolean monotonic, NumberDataPoint.Builder... points) {
        Sum.Builder s = Sum.newBuilder().setAggregationTemporality(t).setIsMonotonic(monotonic);
        for (NumberDataPoint.Builder p : points) {
            s.addDataPoints(p);
        }
        return Metric.newBuilder().setName(name).setSum(s).build();
    }

    static HistogramDataPoint.Builder histogramPoint(long count, double[] bounds, long... buckets) {
        HistogramDataPoint.Builder p =
                HistogramDataPoint.newBuilder().setTimeUnixNano(T0).setCount(count);
        for (double b : bounds) {
            p.addExplicitBounds(b);
        }
        for (long c : buckets) {
            p.addBucketCounts(c);
        }
        return p;
    }

    static Metric histogram(String name, HistogramDataPoint.Builder... points) {
        Histogram.Builder h = Histogram.newBuilder()
                .setAggregationTemporality(AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE);
        for (HistogramDataPoint.Builder p : points) {
            h.addDataPoints(p);
        }
        return Metric.newBuilder().setName(name).setHistogram(h).build();
    }

    static ExponentialHistogramDataPoint.Builder expPoint(
            long count, long zeroCount, int posOffset, long[] pos, int negOffset, long[] neg) {
        ExponentialHistogramDataPoint.Buckets.Builder p =
                ExponentialHistogramDataPoint.Buckets.newBuilder().setOffset(posOffset);
        for (long c : pos) {
            p.addBucketCounts(c);
        }
        ExponentialHistogramDataPoint.Buckets.Builder n =
                ExponentialHistogramDataPoint.Buckets.newBuilder().setOffset(negOffset);
        for (long c : neg) {
            n.addBucketCounts(c);
        }
        return ExponentialHistogramDataPoint.newBuilder()
                .setTimeUnixNano(T0)
                .setCount(count)
                .setZeroCount(zeroCount)
                .setScale(3)
                .setPositive(p)
                .setNegative(n);
    }

    static Metric expHistogram(String name, ExponentialHistogramDataPoint.Builder... points) {
        ExponentialHistogram.Builder h = ExponentialHistogram.newBuilder()
                .setAggregationTemporality(AggregationTemporality.AGGREGATION_TEMPORALITY_DELTA);
        for (ExponentialHistogramDataPoint.Builder p : points) {
            h.addDataPoints(p);
        }
        return Metric.newBuilder().setName(name).setExponentialHistogram(h).build();
    }

    static SummaryDataPoint.Builder summaryPoint(long count, double sum, double... quantilesAndValues) {
        SummaryDataPoint.Builder p = SummaryDataPoint.newBuilder()
                .setTimeUnixNano(T0)
                .setCount(count)
                .setSum(sum);
        for (int i = 0; i < quantilesAndValues.length; i += 2) {
            p.addQuantileValues(SummaryDataPoint.ValueAtQuantile.newBuilder()
                    .setQuantile(quantilesAndValues[i])
                    .setValue(quantilesAndValues[i + 1]));
        }
        return p;
    }

    static Metric summary(String name, SummaryDataPoint.Builder... points) {
        Summary.Builder s = Summary.newBuilder();
        for (SummaryDataPoint.Builder p : points) {
            s.addDataPoints(p);
        }
        return Metric.newBuilder().setName(name).setSummary(s).build();
    }

    /** The protobuf JSON mapping as {@link JsonFormat#printer()} writes it: 64-bit ints as strings, enum names. */
    static byte[] printedJson(MessageOrBuilder message) {
        try {
            return JsonFormat.printer().print(message).getBytes(StandardCharsets.UTF_8);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static byte[] resource(String name) {
        try (InputStream in = OtlpTestData.class.getResourceAsStream("/otlp-examples/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource otlp-examples/" + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
