package io.driftwatch.devstack.confidence;

import com.google.protobuf.util.JsonFormat;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.Gauge;
import io.opentelemetry.proto.metrics.v1.Histogram;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Records a collector could carry that Driftwatch must reject, each with the reason it must give. */
final class MalformedRecords {

    record Record(String name, String encoding, byte[] value, String reason, long timeMillis) {}

    private MalformedRecords() {}

    static List<Record> all(long timeMillis) throws Exception {
        long t = timeMillis * 1_000_000L;
        HistogramDataPoint threeBucketsOneBound = HistogramDataPoint.newBuilder()
                .setStartTimeUnixNano(t - 60_000_000_000L)
                .setTimeUnixNano(t)
                .setCount(3)
                .setSum(1.5)
                .addExplicitBounds(0.5)
                .addBucketCounts(1)
                .addBucketCounts(1)
                .addBucketCounts(1)
                .build();
        HistogramDataPoint negativeCount = HistogramDataPoint.newBuilder()
                .setStartTimeUnixNano(t - 60_000_000_000L)
                .setTimeUnixNano(t)
                .setCount(-1L)
                .setSum(1.5)
                .addExplicitBounds(0.5)
                .addBucketCounts(-1L)
                .addBucketCounts(0)
                .build();
        NumberDataPoint epochZero =
                NumberDataPoint.newBuilder().setTimeUnixNano(0).setAsDouble(1).build();
        return List.of(
                new Record(
                        "garbage-proto", "otlp_proto", new byte[] {0x0a, 0x7f, 0x01, 0x02}, "undecodable", timeMillis),
                new Record(
                        "not-json",
                        "otlp_json",
                        "{\"resourceMetrics\": [".getBytes(StandardCharsets.UTF_8),
                        "undecodable",
                        timeMillis),
                new Record(
                        "bucket-mismatch-json",
                        "otlp_json",
                        JsonFormat.printer()
                                .print(request(histogram("ml.inference.duration", threeBucketsOneBound)))
                                .getBytes(StandardCharsets.UTF_8),
                        "bucket_count_mismatch",
                        timeMillis),
                new Record(
                        "negative-count-proto",
                        "otlp_proto",
                        request(histogram("ml.inference.duration", negativeCount))
                                .toByteArray(),
                        "negative_count",
                        timeMillis),
                new Record(
                        "epoch-zero-proto",
                        "otlp_proto",
                        request(Metric.newBuilder()
                                        .setName("ml.inference.queue")
                                        .setGauge(Gauge.newBuilder().addDataPoints(epochZero))
                                        .build())
                                .toByteArray(),
                        "absurd_timestamp",
                        timeMillis));
    }

    private static Metric histogram(String name, HistogramDataPoint point) {
        return Metric.newBuilder()
                .setName(name)
                .setHistogram(Histogram.newBuilder()
                        .setAggregationTemporality(AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE)
                        .addDataPoints(point))
                .build();
    }

    private static ExportMetricsServiceRequest request(Metric metric) {
        return ExportMetricsServiceRequest.newBuilder()
                .addResourceMetrics(ResourceMetrics.newBuilder()
                        .addScopeMetrics(ScopeMetrics.newBuilder().addMetrics(metric)))
                .build();
    }
}
