package io.driftwatch.devstack.loadgen;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.Histogram;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;

/**
 * Produces a {@link FeatureScenario}'s OTLP records as the OpenTelemetry Collector's kafka exporter
 * writes them ({@code otlp_proto}, keyed by the replica's resource, stamped with the export time), and
 * the {@link FeatureTruth} of every value in them.
 *
 * <p>Histograms are cumulative per replica from the scenario start; the first export (at the start)
 * holds no values, so every later export's increment is exactly the values drawn for its interval. Spans
 * of an export start within the export interval before it.
 */
public final class FeatureTrafficGenerator {

    static final String MODEL = "fraud-detector";
    static final String VERSION = "v2";
    private static final String[] COUNTRIES = {"DE", "FR", "IT", "ES"};
    private static final double[] COUNTRY_CDF = {0.4, 0.7, 0.9, 1.0};
    private static final String[] HISTOGRAM_FEATURES = {"session_length", "basket_size"};
    private static final int REPLICAS = 2;

    private FeatureTrafficGenerator() {}

    /** Writes every record to {@code metrics} or {@code spans}; returns the values written. */
    public static FeatureTruth generate(FeatureScenario scenario, OtlpRecordSink metrics, OtlpRecordSink spans) {
        Random random = new Random(scenario.seed());
        FeatureTruth truth = new FeatureTruth();
        long step = scenario.exportInterval().toMillis();
        long startMillis = scenario.start().toEpochMilli();
        long[][][] cumulative =
                new long[REPLICAS][HISTOGRAM_FEATURES.length][FeatureScenario.HISTOGRAM_BOUNDS.length + 1];
        double[][] sums = new double[REPLICAS][HISTOGRAM_FEATURES.length];
        long spanCounter = 0;
        for (long t = startMillis; t <= scenario.end().toEpochMilli(); t += step) {
            for (int r = 0; r < REPLICAS; r++) {
                byte[] key = ("fraud-scorer-" + r).getBytes(StandardCharsets.UTF_8);
                if (t > startMillis) {
                    for (int f = 0; f < HISTOGRAM_FEATURES.length; f++) {
                        long[] counts = new long[cumulative[r][f].length];
                        for (int i = 0; i < scenario.histogramValuesPerExport(); i++) {
                            double v = histogramValue(HISTOGRAM_FEATURES[f], scenario.shifted(t), random);
                            counts[bucket(v)]++;
                            sums[r][f] += v;
                        }
                        FeatureTruth.Hour hour = truth.hour(HISTOGRAM_FEATURES[f], t);
                        hour.bucketCounts = add(hour.bucketCounts, counts);
                        cumulative[r][f] = add(cumulative[r][f], counts);
                    }
                    ScopeSpans.Builder scope = ScopeSpans.newBuilder()
                            .setScope(InstrumentationScope.newBuilder()
                                    .setName("fraud.scoring")
                                    .setVersion("2.4.0"));
                    for (int i = 0; i < scenario.spansPerExport(); i++) {
                        long spanStart = t - step + 1 + (long) (random.nextDouble() * (step - 1));
                        scope.addSpans(span(r, spanStart, ++spanCounter, scenario.shifted(spanStart), random, truth));
                    }
                    ExportTraceServiceRequest traces = ExportTraceServiceRequest.newBuilder()
                            .addResourceSpans(ResourceSpans.newBuilder()
                                    .setResource(resource(r))
                                    .addScopeSpans(scope))
                            .build();
                    spans.send("otlp_proto", key, traces.toByteArray(), t);
                }
                metrics.send(
                        "otlp_proto",
                        key,
                        histograms(r, startMillis, t, cumulative[r], sums[r]).toByteArray(),
                        t);
            }
        }
        return truth;
    }

    private static double histogramValue(String feature, boolean shifted, Random random) {
        return feature.equals("session_length")
                ? random.nextGaussian() * (shifted ? 1.5 : 1.0)
                : 3 + random.nextGaussian();
    }

    private static Span span(
            int replica, long startMillis, long id, boolean shifted, Random random, FeatureTruth truth) {
        double amount = 100 + 20 * random.nextGaussian() + (shifted ? 5 : 0);
        long age = Math.round(40 + 12 * random.nextGaussian());
        double u = random.nextDouble();
        int c = 0;
        while (u > COUNTRY_CDF[c]) {
            c++;
        }
        long weight = replica == 0 ? 2 : 4;
        FeatureTruth.Hour h = truth.hour("amount", startMillis);
        h.numbers.add(amount);
        h.weights.add(weight);
        h = truth.hour("age", startMillis);
        h.numbers.add((double) age);
        h.weights.add(weight);
        h = truth.hour("country", startMillis);
        h.categories.add(COUNTRIES[c]);
        h.weights.add(weight);
        Span.Builder span = Span.newBuilder()
                .setTraceId(ByteString.copyFrom(
                        ByteBuffer.allocate(16).putLong(replica + 1).putLong(id).array()))
                .setSpanId(
                        ByteString.copyFrom(ByteBuffer.allocate(8).putLong(id).array()))
                .setName("predict")
                .setKind(Span.SpanKind.SPAN_KIND_SERVER)
                .setStartTimeUnixNano(startMillis * 1_000_000L)
                .setEndTimeUnixNano((startMillis + 20) * 1_000_000L)
                .addAttributes(kv("ml.feature.amount", AnyValue.newBuilder().setDoubleValue(amount)))
                .addAttributes(kv("ml.feature.age", AnyValue.newBuilder().setIntValue(age)))
                .addAttributes(kv("ml.feature.country", AnyValue.newBuilder().setStringValue(COUNTRIES[c])));
        if (replica == 0) {
            span.setTraceState("ot=th:8"); // consistent probability sampling at 1/2
        } else {
            span.addAttributes(kv("sampling.probability", AnyValue.newBuilder().setDoubleValue(0.25)));
        }
        return span.build();
    }

    private static Resource resource(int replica) {
        return Resource.newBuilder()
                .addAttributes(kv("service.name", AnyValue.newBuilder().setStringValue("fraud-scorer")))
                .addAttributes(
                        kv("service.instance.id", AnyValue.newBuilder().setStringValue("fraud-scorer-" + replica)))
                .addAttributes(kv("model_name", AnyValue.newBuilder().setStringValue(MODEL)))
                .addAttributes(kv("model_version", AnyValue.newBuilder().setStringValue(VERSION)))
                .build();
    }

    private static ExportMetricsServiceRequest histograms(
            int replica, long startMillis, long t, long[][] counts, double[] sums) {
        ScopeMetrics.Builder scope = ScopeMetrics.newBuilder()
                .setScope(InstrumentationScope.newBuilder()
                        .setName("fraud.scoring")
                        .setVersion("2.4.0"));
        Histogram.Builder histogram = Histogram.newBuilder()
                .setAggregationTemporality(AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE);
        for (int f = 0; f < HISTOGRAM_FEATURES.length; f++) {
            HistogramDataPoint.Builder p = HistogramDataPoint.newBuilder()
                    .addAttributes(kv("feature", AnyValue.newBuilder().setStringValue(HISTOGRAM_FEATURES[f])))
                    .setStartTimeUnixNano(startMillis * 1_000_000L)
                    .setTimeUnixNano(t * 1_000_000L)
                    .setCount(Arrays.stream(counts[f]).sum())
                    .setSum(sums[f]);
            for (double b : FeatureScenario.HISTOGRAM_BOUNDS) {
                p.addExplicitBounds(b);
            }
            for (long c : counts[f]) {
                p.addBucketCounts(c);
            }
            histogram.addDataPoints(p);
        }
        scope.addMetrics(Metric.newBuilder()
                .setName("ml.feature.value")
                .setUnit("1")
                .setDescription("Input feature values")
                .setHistogram(histogram));
        return ExportMetricsServiceRequest.newBuilder()
                .addResourceMetrics(ResourceMetrics.newBuilder()
                        .setResource(resource(replica))
                        .addScopeMetrics(scope))
                .build();
    }

    /** OTLP explicit buckets: bucket i holds (bounds[i-1], bounds[i]]. */
    static int bucket(double v) {
        int i = Arrays.binarySearch(FeatureScenario.HISTOGRAM_BOUNDS, v);
        return i >= 0 ? i : -i - 1;
    }

    private static long[] add(long[] a, long[] b) {
        long[] sum = a == null ? new long[b.length] : a.clone();
        for (int i = 0; i < b.length; i++) {
            sum[i] += b[i];
        }
        return sum;
    }

    private static KeyValue kv(String key, AnyValue.Builder value) {
        return KeyValue.newBuilder().setKey(key).setValue(value).build();
    }
}
