package io.driftwatch.jobs.loadgen;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.Histogram;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.metrics.v1.Sum;
import io.opentelemetry.proto.resource.v1.Resource;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.commons.math3.distribution.BetaDistribution;
import org.apache.commons.math3.distribution.LogNormalDistribution;
import org.apache.commons.math3.random.RandomGenerator;
import org.apache.commons.math3.random.Well19937c;

/**
 * Replays a {@link ConfidenceScenario} as the OpenTelemetry SDK and Collector would produce it:
 * each service keeps cumulative instruments (the SDK's default temporality) and exports them every
 * export interval as one {@code ExportMetricsServiceRequest} per resource, encoded as {@code
 * otlp_proto} or {@code otlp_json}.
 *
 * <p>Instruments, from the field report: {@code ml.inference.confidence} (histogram, unit 1),
 * {@code ml.inference.duration} (histogram, ms), {@code ml.inference.tokens.total} (counter) and
 * {@code ml.inference.cost.gpu} (counter, EUR). The generator is deterministic for a seed.
 */
public final class OtlpLoadGenerator {

    private static final JsonFormat.Printer JSON = JsonFormat.printer()
            .printingEnumsAsInts()
            .omittingInsignificantWhitespace();
    private static final double GPU_EUR_PER_HOUR = 2.50;

    private OtlpLoadGenerator() {}

    /** Generates the whole scenario into {@code sink} and returns what was recorded. */
    public static ConfidenceTruth generate(ConfidenceScenario scenario, OtlpRecordSink sink) {
        return generate(scenario, sink, (exported, total) -> {});
    }

    /** As {@link #generate(ConfidenceScenario, OtlpRecordSink)}, reporting progress per export round. */
    public static ConfidenceTruth generate(ConfidenceScenario scenario, OtlpRecordSink sink, Progress progress) {
        ConfidenceTruth truth = new ConfidenceTruth(scenario.truthInterval().toMillis());
        RandomGenerator rng = new Well19937c(scenario.seed());
        List<ServiceState> services = new ArrayList<>();
        for (SimulatedModel m : scenario.models()) {
            services.add(new ServiceState(m, rng, scenario.start().toEpochMilli() * 1_000_000L - 60_000_000_000L));
        }
        long startMs = scenario.start().toEpochMilli();
        long stepMs = scenario.exportInterval().toMillis();
        long rounds = scenario.length().toMillis() / stepMs;
        int mean = scenario.meanInferencesPerInterval();
        for (long k = 0; k <= rounds; k++) {
            long t = startMs + k * stepMs;
            for (ServiceState s : services) {
                if (s.model.restartAt() != null && !s.restarted && t >= s.model.restartAt().toEpochMilli()) {
                    // The process restarted between the previous export and this one.
                    s.reset((t - stepMs / 2) * 1_000_000L);
                    s.restarted = true;
                }
                boolean dropped = s.model.dropAt() != null && t > s.model.dropAt().toEpochMilli();
                BetaDistribution conf = dropped ? s.dropped : s.normal;
                int n = mean / 2 + rng.nextInt(mean + 1);
                for (int i = 0; i < n; i++) {
                    double c = conf.sample();
                    double durationMs = s.duration.sample();
                    long tokens = 50 + rng.nextInt(400);
                    s.recordConfidence(c);
                    s.recordDuration(durationMs);
                    s.tokens += tokens;
                    s.costEur += durationMs / 3_600_000.0 * GPU_EUR_PER_HOUR;
                    if (k > 0) {
                        truth.record(s.model.groupKey(), t, c, c <= scenario.lowThreshold());
                    }
                }
                ExportMetricsServiceRequest request = s.export(t * 1_000_000L);
                sink.send(s.model.encoding(), s.key, encode(request, s.model.encoding()), t);
            }
            progress.exported(k + 1, rounds + 1);
        }
        return truth;
    }

    static byte[] encode(ExportMetricsServiceRequest request, String encoding) {
        if ("otlp_proto".equals(encoding)) {
            return request.toByteArray();
        }
        try {
            return JSON.print(request).getBytes(StandardCharsets.UTF_8);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Called after each export round. */
    @FunctionalInterface
    public interface Progress {
        void exported(long rounds, long totalRounds);
    }

    /** One service's cumulative SDK state. */
    private static final class ServiceState {
        final SimulatedModel model;
        final byte[] key;
        final Resource resource;
        final List<KeyValue> attributes;
        final BetaDistribution normal;
        final BetaDistribution dropped;
        final LogNormalDistribution duration;
        long startNanos;
        boolean restarted;
        final long[] confBuckets = new long[ConfidenceScenario.CONFIDENCE_BOUNDS.length + 1];
        long confCount;
        double confSum;
        double confMin = Double.POSITIVE_INFINITY;
        double confMax = Double.NEGATIVE_INFINITY;
        final long[] durBuckets = new long[ConfidenceScenario.DURATION_BOUNDS.length + 1];
        long durCount;
        double durSum;
        long tokens;
        double costEur;

        ServiceState(SimulatedModel model, RandomGenerator rng, long startNanos) {
            this.model = model;
            this.key = model.instanceId().getBytes(StandardCharsets.UTF_8);
            this.resource = Resource.newBuilder()
                    .addAttributes(kv("service.name", model.serviceName()))
                    .addAttributes(kv("service.instance.id", model.instanceId()))
                    .addAttributes(kv("telemetry.sdk.language", "java"))
                    .build();
            this.attributes = List.of(
                    kv("model_name", model.modelName()),
                    kv("model_version", model.modelVersion()),
                    kv("use_case", model.useCase()),
                    kv("environment", model.environment()));
            this.normal = new BetaDistribution(rng, model.alpha(), model.beta());
            this.dropped = new BetaDistribution(rng, model.dropAlpha(), model.dropBeta());
            this.duration = new LogNormalDistribution(rng, Math.log(180), 0.6);
            this.startNanos = startNanos;
        }

        void reset(long newStartNanos) {
            startNanos = newStartNanos;
            Arrays.fill(confBuckets, 0);
            confCount = 0;
            confSum = 0;
            confMin = Double.POSITIVE_INFINITY;
            confMax = Double.NEGATIVE_INFINITY;
            Arrays.fill(durBuckets, 0);
            durCount = 0;
            durSum = 0;
            tokens = 0;
            costEur = 0;
        }

        void recordConfidence(double c) {
            confBuckets[bucket(ConfidenceScenario.CONFIDENCE_BOUNDS, c)]++;
            confCount++;
            confSum += c;
            confMin = Math.min(confMin, c);
            confMax = Math.max(confMax, c);
        }

        void recordDuration(double ms) {
            durBuckets[bucket(ConfidenceScenario.DURATION_BOUNDS, ms)]++;
            durCount++;
            durSum += ms;
        }

        ExportMetricsServiceRequest export(long timeNanos) {
            ScopeMetrics.Builder scope = ScopeMetrics.newBuilder()
                    .setScope(InstrumentationScope.newBuilder().setName("ml.inference").setVersion("1.0.0"));
            HistogramDataPoint.Builder conf = HistogramDataPoint.newBuilder()
                    .addAllAttributes(attributes)
                    .setStartTimeUnixNano(startNanos)
                    .setTimeUnixNano(timeNanos)
                    .setCount(confCount)
                    .setSum(confSum);
            for (double b : ConfidenceScenario.CONFIDENCE_BOUNDS) {
                conf.addExplicitBounds(b);
            }
            for (long c : confBuckets) {
                conf.addBucketCounts(c);
            }
            if (confCount > 0) {
                conf.setMin(confMin).setMax(confMax);
            }
            scope.addMetrics(Metric.newBuilder().setName("ml.inference.confidence")
                    .setDescription("Confidence score distribution").setUnit("1")
                    .setHistogram(Histogram.newBuilder()
                            .setAggregationTemporality(AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE)
                            .addDataPoints(conf)));
            HistogramDataPoint.Builder dur = HistogramDataPoint.newBuilder()
                    .addAllAttributes(attributes)
                    .setStartTimeUnixNano(startNanos)
                    .setTimeUnixNano(timeNanos)
                    .setCount(durCount)
                    .setSum(durSum);
            for (double b : ConfidenceScenario.DURATION_BOUNDS) {
                dur.addExplicitBounds(b);
            }
            for (long c : durBuckets) {
                dur.addBucketCounts(c);
            }
            scope.addMetrics(Metric.newBuilder().setName("ml.inference.duration")
                    .setDescription("Inference duration in milliseconds").setUnit("ms")
                    .setHistogram(Histogram.newBuilder()
                            .setAggregationTemporality(AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE)
                            .addDataPoints(dur)));
            scope.addMetrics(counter("ml.inference.tokens.total", "Total tokens generated", "1",
                    NumberDataPoint.newBuilder().setAsInt(tokens), timeNanos));
            scope.addMetrics(counter("ml.inference.cost.gpu", "Cumulative estimated GPU cost in euros", "EUR",
                    NumberDataPoint.newBuilder().setAsDouble(costEur), timeNanos));
            return ExportMetricsServiceRequest.newBuilder()
                    .addResourceMetrics(ResourceMetrics.newBuilder().setResource(resource).addScopeMetrics(scope))
                    .build();
        }

        private Metric counter(String name, String description, String unit, NumberDataPoint.Builder point, long timeNanos) {
            point.addAllAttributes(attributes).setStartTimeUnixNano(startNanos).setTimeUnixNano(timeNanos);
            return Metric.newBuilder().setName(name).setDescription(description).setUnit(unit)
                    .setSum(Sum.newBuilder()
                            .setAggregationTemporality(AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE)
                            .setIsMonotonic(true)
                            .addDataPoints(point))
                    .build();
        }
    }

    /** OTLP explicit buckets: bucket i holds (bounds[i-1], bounds[i]]. */
    private static int bucket(double[] bounds, double v) {
        int i = Arrays.binarySearch(bounds, v);
        return i >= 0 ? i : -i - 1;
    }

    private static KeyValue kv(String key, String value) {
        return KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setStringValue(value)).build();
    }
}
