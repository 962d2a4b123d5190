package io.driftwatch.devstack.loadgen;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.Gauge;
import io.opentelemetry.proto.metrics.v1.Histogram;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.metrics.v1.Sum;
import io.opentelemetry.proto.resource.v1.Resource;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Replays a {@link CostScenario} as the OpenTelemetry SDK and Collector would produce it: each
 * service keeps cumulative instruments and exports them every export interval as one {@code
 * ExportMetricsServiceRequest} for its resource ({@code otlp_proto} or {@code otlp_json}); each GPU
 * node exports the utilisation gauge of its GPUs (as the collector's prometheus receiver scraping the
 * DCGM exporter would). The first export of every series holds zeros, so every increment is
 * observable. Deterministic for a seed; the {@link CostTruth} holds what was recorded.
 */
public final class CostLoadGenerator {

    private static final long HOUR = 3_600_000L;
    // The collector's otlp_json: enums as integers, no insignificant whitespace.
    private static final JsonFormat.Printer JSON =
            JsonFormat.printer().printingEnumsAsInts().omittingInsignificantWhitespace();
    private static final double[] DURATION_BOUNDS = {5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000};
    private static final double[] TOKEN_BOUNDS = {1, 4, 16, 64, 256, 1024, 4096, 16384};

    private CostLoadGenerator() {}

    public static CostTruth generate(CostScenario scenario, OtlpRecordSink sink) {
        CostTruth truth = new CostTruth();
        SplittableRandom rng = new SplittableRandom(scenario.seed());
        long startMs = scenario.start().toEpochMilli();
        long stepMs = scenario.exportInterval().toMillis();
        List<ServiceState> services = new ArrayList<>();
        for (CostScenario.Service s : scenario.services()) {
            services.add(new ServiceState(s, startMs - stepMs));
        }
        long rounds = scenario.length().toMillis() / stepMs;
        for (long k = 0; k <= rounds; k++) {
            long t = startMs + k * stepMs;
            long hourEnd = Math.floorDiv(t + HOUR - 1, HOUR) * HOUR;
            for (ServiceState s : services) {
                if (k > 0) {
                    double f = scenario.traffic().factor(s.service.useCase(), Instant.ofEpochMilli(hourEnd));
                    s.infer(rng, truth.hour(s.service.key(), hourEnd), f);
                }
                sink.send(s.service.encoding(), s.resourceKey, encode(s.export(t, truth), s.service.encoding()), t);
                if (k == s.service.restartAfterExport()) {
                    s.restart(t);
                }
            }
            Map<String, List<CostScenario.Gpu>> byHost = new LinkedHashMap<>();
            scenario.gpus()
                    .forEach(g -> byHost.computeIfAbsent(g.host(), h -> new ArrayList<>())
                            .add(g));
            for (var host : byHost.entrySet()) {
                Gauge.Builder gauge = Gauge.newBuilder();
                for (CostScenario.Gpu g : host.getValue()) {
                    int u = Math.max(0, Math.min(100, g.meanUtilisation() - 15 + rng.nextInt(31)));
                    truth.utilisation(g.host() + "/" + g.index() + "/" + g.type() + "/" + g.provider(), hourEnd, u);
                    gauge.addDataPoints(NumberDataPoint.newBuilder()
                            .setTimeUnixNano(t * 1_000_000L)
                            .setAsInt(u)
                            .addAttributes(kv("gpu", Integer.toString(g.index())))
                            .addAttributes(kv("modelName", g.type()))
                            .addAttributes(kv("cloud.provider", g.provider())));
                }
                ExportMetricsServiceRequest request = ExportMetricsServiceRequest.newBuilder()
                        .addResourceMetrics(ResourceMetrics.newBuilder()
                                .setResource(Resource.newBuilder().addAttributes(kv("host.name", host.getKey())))
                                .addScopeMetrics(ScopeMetrics.newBuilder()
                                        .setScope(InstrumentationScope.newBuilder()
                                                .setName("otelcol/prometheusreceiver"))
                                        .addMetrics(Metric.newBuilder()
                                                .setName("DCGM_FI_DEV_GPU_UTIL")
                                                .setUnit("%")
                                                .setGauge(gauge))))
                        .build();
                sink.send("otlp_proto", host.getKey().getBytes(StandardCharsets.UTF_8), request.toByteArray(), t);
            }
        }
        return truth;
    }

    /** One service's cumulative SDK state. */
    private static final class ServiceState {
        final CostScenario.Service service;
        final byte[] resourceKey;
        final Resource resource;
        final List<KeyValue> attributes;
        final Map<String, String> promLabels;
        long startNanos;
        final long[] durBuckets = new long[DURATION_BOUNDS.length + 1];
        long count;
        long durationMs;
        long costMicros;
        long totalTokens;
        final long[] inBuckets = new long[TOKEN_BOUNDS.length + 1];
        final long[] outBuckets = new long[TOKEN_BOUNDS.length + 1];
        long inTokens;
        long outTokens;

        ServiceState(CostScenario.Service service, long startMillis) {
            this.service = service;
            String instance = service.useCase() + "-" + service.model() + "-" + service.version() + "-0";
            this.resourceKey = instance.getBytes(StandardCharsets.UTF_8);
            this.resource = Resource.newBuilder()
                    .addAttributes(kv("service.name", service.useCase()))
                    .addAttributes(kv("service.instance.id", instance))
                    .build();
            boolean genai = service.reporting() == CostScenario.Reporting.GENAI_TOKENS;
            this.attributes = List.of(
                    kv(genai ? "gen_ai.request.model" : "model_name", service.model()),
                    kv("model_version", service.version()),
                    kv("use_case", service.useCase()),
                    kv(genai ? "deployment.environment.name" : "environment", service.environment()));
            this.promLabels = Map.of(
                    "model_name",
                    service.model(),
                    "model_version",
                    service.version(),
                    "use_case",
                    service.useCase(),
                    "environment",
                    service.environment());
            this.startNanos = startMillis * 1_000_000L;
        }

        void infer(SplittableRandom rng, CostTruth.Hour hour, double trafficFactor) {
            long mean = trafficFactor == 1
                    ? service.inferencesPerExport()
                    : Math.round(service.inferencesPerExport() * trafficFactor);
            int n = vary(rng, mean, 0.2);
            for (int i = 0; i < n; i++) {
                long d = vary(rng, service.durationMs(), 0.25);
                durBuckets[bucket(DURATION_BOUNDS, d)]++;
                count++;
                durationMs += d;
                hour.inferences++;
                hour.durationMs += d;
                switch (service.reporting()) {
                    case COST_COUNTER -> {
                        long c = vary(rng, service.costMicrosPerInference(), 0.2);
                        costMicros += c;
                        hour.reportedCostMicros += c;
                    }
                    case GENAI_TOKENS -> {
                        long in = vary(rng, service.inputTokens(), 0.2);
                        long out = vary(rng, service.outputTokens(), 0.2);
                        inBuckets[bucket(TOKEN_BOUNDS, in)]++;
                        outBuckets[bucket(TOKEN_BOUNDS, out)]++;
                        inTokens += in;
                        outTokens += out;
                        hour.inputTokens += in;
                        hour.outputTokens += out;
                    }
                    case TOKEN_COUNTER -> {
                        long tok = vary(rng, service.inputTokens(), 0.2);
                        totalTokens += tok;
                        hour.totalTokens += tok;
                    }
                    case DURATION -> {}
                }
            }
        }

        void restart(long atMillis) {
            startNanos = atMillis * 1_000_000L;
            Arrays.fill(durBuckets, 0);
            Arrays.fill(inBuckets, 0);
            Arrays.fill(outBuckets, 0);
            count = durationMs = costMicros = totalTokens = inTokens = outTokens = 0;
        }

        ExportMetricsServiceRequest export(long t, CostTruth truth) {
            long timeNanos = t * 1_000_000L;
            ScopeMetrics.Builder scope = ScopeMetrics.newBuilder()
                    .setScope(InstrumentationScope.newBuilder()
                            .setName("ml.inference")
                            .setVersion("1.0.0"));
            scope.addMetrics(Metric.newBuilder()
                    .setName("ml.inference.duration")
                    .setUnit("ms")
                    .setHistogram(Histogram.newBuilder()
                            .setAggregationTemporality(AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE)
                            .addDataPoints(
                                    histogram(attributes, timeNanos, count, durationMs, DURATION_BOUNDS, durBuckets))));
            truth.counter("ml_inference_duration_milliseconds_sum", promLabels, t, durationMs);
            truth.counter("ml_inference_duration_milliseconds_count", promLabels, t, count);
            switch (service.reporting()) {
                case COST_COUNTER -> {
                    // From the exact micro-units, never a running double sum: the exported value is the true one.
                    double eur = costMicros / 1e6;
                    scope.addMetrics(counter(
                            "ml.inference.cost.gpu",
                            "EUR",
                            NumberDataPoint.newBuilder().setAsDouble(eur),
                            timeNanos));
                    truth.counter("ml_inference_cost_gpu_EUR_total", promLabels, t, eur);
                }
                case GENAI_TOKENS -> {
                    List<KeyValue> in = new ArrayList<>(attributes);
                    in.add(kv("gen_ai.token.type", "input"));
                    List<KeyValue> out = new ArrayList<>(attributes);
                    out.add(kv("gen_ai.token.type", "output"));
                    scope.addMetrics(Metric.newBuilder()
                            .setName("gen_ai.client.token.usage")
                            .setUnit("{token}")
                            .setHistogram(Histogram.newBuilder()
                                    .setAggregationTemporality(
                                            AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE)
                                    .addDataPoints(histogram(in, timeNanos, count, inTokens, TOKEN_BOUNDS, inBuckets))
                                    .addDataPoints(
                                            histogram(out, timeNanos, count, outTokens, TOKEN_BOUNDS, outBuckets))));
                    Map<String, String> inLabels = new LinkedHashMap<>(promLabels);
                    inLabels.put("gen_ai_token_type", "input");
                    Map<String, String> outLabels = new LinkedHashMap<>(promLabels);
                    outLabels.put("gen_ai_token_type", "output");
                    truth.counter("gen_ai_client_token_usage_sum", inLabels, t, inTokens);
                    truth.counter("gen_ai_client_token_usage_sum", outLabels, t, outTokens);
                }
                case TOKEN_COUNTER -> {
                    scope.addMetrics(counter(
                            "ml.inference.tokens.total",
                            "1",
                            NumberDataPoint.newBuilder().setAsInt(totalTokens),
                            timeNanos));
                    truth.counter("ml_inference_tokens_total", promLabels, t, totalTokens);
                }
                case DURATION -> {}
            }
            return ExportMetricsServiceRequest.newBuilder()
                    .addResourceMetrics(
                            ResourceMetrics.newBuilder().setResource(resource).addScopeMetrics(scope))
                    .build();
        }

        private HistogramDataPoint histogram(
                List<KeyValue> attrs, long timeNanos, long n, long sum, double[] bounds, long[] buckets) {
            HistogramDataPoint.Builder p = HistogramDataPoint.newBuilder()
                    .addAllAttributes(attrs)
                    .setStartTimeUnixNano(startNanos)
                    .setTimeUnixNano(timeNanos)
                    .setCount(n)
                    .setSum(sum);
            for (double b : bounds) {
                p.addExplicitBounds(b);
            }
            for (long c : buckets) {
                p.addBucketCounts(c);
            }
            return p.build();
        }

        private Metric counter(String name, String unit, NumberDataPoint.Builder point, long timeNanos) {
            point.addAllAttributes(attributes).setStartTimeUnixNano(startNanos).setTimeUnixNano(timeNanos);
            return Metric.newBuilder()
                    .setName(name)
                    .setUnit(unit)
                    .setSum(Sum.newBuilder()
                            .setAggregationTemporality(AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE)
                            .setIsMonotonic(true)
                            .addDataPoints(point))
                    .build();
        }
    }

    /** The record value the collector's kafka exporter writes for {@code encoding}. */
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

    /** Uniform within ±{@code spread} of {@code mean}, whole units. */
    private static int vary(SplittableRandom rng, long mean, double spread) {
        long lo = Math.round(mean * (1 - spread));
        long hi = Math.round(mean * (1 + spread));
        return (int) (lo + rng.nextLong(hi - lo + 1));
    }

    private static int bucket(double[] bounds, double v) {
        int i = Arrays.binarySearch(bounds, v);
        return i >= 0 ? i : -i - 1;
    }

    private static KeyValue kv(String key, String value) {
        return KeyValue.newBuilder()
                .setKey(key)
                .setValue(AnyValue.newBuilder().setStringValue(value))
                .build();
    }
}
