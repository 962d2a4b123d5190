package io.driftwatch.devstack.loadgen;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.DoubleCounter;
import io.opentelemetry.api.metrics.DoubleGauge;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.commons.math3.distribution.BetaDistribution;
import org.apache.commons.math3.distribution.LogNormalDistribution;
import org.apache.commons.math3.random.RandomGenerator;
import org.apache.commons.math3.random.Well19937c;

/**
 * One simulated service process instrumented with the OpenTelemetry SDK: a meter provider and a
 * tracer provider on the {@link SimulatedClock}, with the field report's instruments. A restart
 * replaces both providers (what a new process does), so cumulative points start again from zero
 * with a new start time.
 *
 * <p>Per inference: {@code ml.inference.duration} (histogram, ms, with {@code status} ok/error, 1 %
 * errors), {@code ml.inference.confidence} (histogram, unit 1), {@code ml.inference.tokens.total}
 * (counter, 50–449 per inference), {@code ml.inference.cost.gpu} (counter, EUR: duration × the GPU's
 * hourly price), {@code ml.feature.value} (histogram, one series per {@code feature}:
 * {@code input_length} ~ Normal(120, 30), {@code output_length} ~ Normal(200, 40); after a feature shift Normal(150, 30) and Normal(200, 80)),
 * and a server span
 * {@code inference} with the attributes {@code ml.feature.request_length} (integer, the draw of
 * {@code input_length}), {@code ml.feature.response_length} (double, that of {@code output_length}) and
 * {@code ml.feature.channel} (string: web 60 %, mobile 30 %, api 10 %), sampled by a {@link
 * ConsistentProbabilitySampler}. The span features have their own names because Driftwatch keys a
 * feature by model version and name and fixes its kind (bucketed or numeric) by its first value. Per export: the gauge
 * {@code DCGM_FI_DEV_GPU_UTIL} (percent of the interval the GPU was busy). Every metric point carries
 * {@code model_name}, {@code model_version}, {@code use_case} and {@code environment}.
 */
final class SimulatedService {

    static final String SCOPE = "ml.inference";
    static final String SCOPE_VERSION = "1.0.0";
    static final double INPUT_MEAN = 120;
    static final double INPUT_SD = 30;
    static final double OUTPUT_MEAN = 200;
    static final double OUTPUT_SD = 40;
    private static final double ERROR_RATE = 0.01;
    private static final String[] CHANNELS = {"web", "mobile", "api"};
    private static final double[] CHANNEL_CUMULATIVE = {0.6, 0.9, 1.0};

    final SimulatedModel model;
    private final SimulatedClock clock;
    private final double spanSampleRatio;
    private final long seed;
    private final RandomGenerator rng;
    private final BetaDistribution normal;
    private final BetaDistribution dropped;
    private final LogNormalDistribution duration;
    private final Resource resource;
    private final Attributes labels;
    private final Attributes ok;
    private final Attributes error;
    private final Attributes inputFeature;
    private final Attributes outputFeature;
    private final Attributes gpu;
    private final List<SpanData> finishedSpans = new ArrayList<>();
    private Sdk sdk;
    boolean restarted;

    SimulatedService(SimulatedModel model, SimulatedClock clock, long seed, double spanSampleRatio) {
        this.model = model;
        this.clock = clock;
        this.seed = seed;
        this.spanSampleRatio = spanSampleRatio;
        this.rng = new Well19937c(seed);
        this.normal = new BetaDistribution(rng, model.alpha(), model.beta());
        this.dropped = new BetaDistribution(rng, model.dropAlpha(), model.dropBeta());
        this.duration = new LogNormalDistribution(rng, Math.log(model.durationMedianMs()), 0.6);
        String host = "gpu-node-" + Math.floorMod(model.instanceId().hashCode(), 4);
        this.resource = Resource.getDefault()
                .merge(Resource.create(Attributes.builder()
                        .put("service.name", model.serviceName())
                        .put("service.instance.id", model.instanceId())
                        .put("host.name", host)
                        // What the collector's resourcedetection processor adds on EC2; the cost job's GPU provider
                        // label.
                        .put("cloud.provider", "aws")
                        .build()));
        this.labels = Attributes.builder()
                .put("model_name", model.modelName())
                .put("model_version", model.modelVersion())
                .put("use_case", model.useCase())
                .put("environment", model.environment())
                .build();
        this.ok = labels.toBuilder().put("status", "ok").build();
        this.error = labels.toBuilder().put("status", "error").build();
        this.inputFeature = labels.toBuilder().put("feature", "input_length").build();
        this.outputFeature = labels.toBuilder().put("feature", "output_length").build();
        this.gpu = labels.toBuilder()
                .put("gpu", "0")
                .put("UUID", "GPU-" + Integer.toHexString(model.instanceId().hashCode()))
                .put("modelName", "NVIDIA A100 80GB PCIe")
                .put("Hostname", host)
                .build();
        this.sdk = new Sdk();
    }

    /** The resource this service's telemetry is exported under. */
    Resource resource() {
        return resource;
    }

    /** The process restarted at {@code epochNanos}: fresh providers, nothing exported from the old ones. */
    void restart(long epochNanos) {
        clock.set(epochNanos);
        sdk.shutdown();
        sdk = new Sdk();
        restarted = true;
    }

    /**
     * Records {@code n} inferences spread evenly over {@code (fromNanos, toNanos)}, handing each
     * confidence value to {@code recorded} exactly as it went into the histogram; {@code season} scales
     * each confidence value by its inference time.
     */
    void infer(
            long fromNanos,
            long toNanos,
            int n,
            boolean confidenceDropped,
            boolean featuresShifted,
            Seasonality season,
            ConfidenceListener recorded) {
        long busyNanos = 0;
        for (int i = 0; i < n; i++) {
            long end = fromNanos + (toNanos - fromNanos) * (i + 1) / (n + 1);
            clock.set(end);
            double confidence =
                    (confidenceDropped ? dropped : normal).sample() * season.confidenceFactor(end / 1_000_000L);
            double durationMs = duration.sample();
            boolean failed = rng.nextDouble() < ERROR_RATE;
            long tokens = 50 + rng.nextInt(400);
            long input = Math.max(
                    1, Math.round(INPUT_MEAN + (featuresShifted ? INPUT_SD : 0) + rng.nextGaussian() * INPUT_SD));
            double output = Math.max(1, OUTPUT_MEAN + rng.nextGaussian() * OUTPUT_SD * (featuresShifted ? 2 : 1));
            String channel = channel(rng.nextDouble());

            sdk.confidence.record(confidence, labels);
            recorded.recorded(confidence);
            sdk.duration.record(durationMs, failed ? error : ok);
            sdk.tokens.add(tokens, labels);
            sdk.cost.add(durationMs / 3_600_000.0 * model.gpuEurPerHour(), labels);
            sdk.feature.record(input, inputFeature);
            sdk.feature.record(output, outputFeature);

            long durationNanos = (long) (durationMs * 1_000_000);
            busyNanos += durationNanos;
            Span span = sdk.tracer
                    .spanBuilder("inference")
                    .setSpanKind(SpanKind.SERVER)
                    .setNoParent()
                    .setStartTimestamp(end - durationNanos, TimeUnit.NANOSECONDS)
                    .setAllAttributes(labels)
                    .setAttribute("ml.feature.request_length", input)
                    .setAttribute("ml.feature.response_length", output)
                    .setAttribute(AttributeKey.stringKey("ml.feature.channel"), channel)
                    .startSpan();
            if (failed) {
                span.setStatus(StatusCode.ERROR, "inference failed");
            }
            span.end(end, TimeUnit.NANOSECONDS);
        }
        clock.set(toNanos);
        double utilisation = Math.min(100, 100.0 * busyNanos / Math.max(1, toNanos - fromNanos));
        sdk.gpuUtil.set(Math.round(utilisation * 10) / 10.0, gpu);
    }

    /** A uniform integer in [0, bound) from this service's random stream. */
    int randomInt(int bound) {
        return rng.nextInt(bound);
    }

    /** What the SDK's metric reader collects at the clock's current time. */
    Collection<MetricData> collectMetrics() {
        return sdk.reader.collect();
    }

    /** The spans that ended (and were sampled) since the last call. */
    List<SpanData> drainSpans() {
        List<SpanData> out = List.copyOf(finishedSpans);
        finishedSpans.clear();
        return out;
    }

    void shutdown() {
        sdk.shutdown();
    }

    private static String channel(double u) {
        for (int i = 0; i < CHANNELS.length; i++) {
            if (u < CHANNEL_CUMULATIVE[i]) {
                return CHANNELS[i];
            }
        }
        return CHANNELS[CHANNELS.length - 1];
    }

    /** Receives each confidence value as it is recorded. */
    @FunctionalInterface
    interface ConfidenceListener {
        void recorded(double confidence);
    }

    /** One process's providers and instruments. */
    private final class Sdk {
        final OnDemandMetricReader reader = new OnDemandMetricReader();
        final SdkMeterProvider meterProvider;
        final SdkTracerProvider tracerProvider;
        final DoubleHistogram confidence;
        final DoubleHistogram duration;
        final LongCounter tokens;
        final DoubleCounter cost;
        final DoubleHistogram feature;
        final DoubleGauge gpuUtil;
        final Tracer tracer;

        Sdk() {
            meterProvider = SdkMeterProvider.builder()
                    .setClock(clock)
                    .setResource(resource)
                    .registerMetricReader(reader)
                    .build();
            // A new process draws new ids: derive this provider's seed from the restart time too.
            tracerProvider = SdkTracerProvider.builder()
                    .setClock(clock)
                    .setResource(resource)
                    .setIdGenerator(new SeededIdGenerator(seed * 31 + clock.now()))
                    .setSampler(
                            spanSampleRatio == 0
                                    ? Sampler.alwaysOff()
                                    : new ConsistentProbabilitySampler(spanSampleRatio))
                    .addSpanProcessor(SimpleSpanProcessor.create(new BufferingExporter()))
                    .build();
            Meter meter = meterProvider
                    .meterBuilder(SCOPE)
                    .setInstrumentationVersion(SCOPE_VERSION)
                    .build();
            confidence = meter.histogramBuilder("ml.inference.confidence")
                    .setDescription("Confidence score distribution")
                    .setUnit("1")
                    .setExplicitBucketBoundariesAdvice(LoadScenario.CONFIDENCE_BOUNDS)
                    .build();
            duration = meter.histogramBuilder("ml.inference.duration")
                    .setDescription("Inference duration in milliseconds")
                    .setUnit("ms")
                    .setExplicitBucketBoundariesAdvice(LoadScenario.DURATION_BOUNDS)
                    .build();
            tokens = meter.counterBuilder("ml.inference.tokens.total")
                    .setDescription("Total tokens generated")
                    .setUnit("1")
                    .build();
            cost = meter.counterBuilder("ml.inference.cost.gpu")
                    .setDescription("Cumulative estimated GPU cost in euros")
                    .setUnit("EUR")
                    .ofDoubles()
                    .build();
            feature = meter.histogramBuilder("ml.feature.value")
                    .setDescription("Input feature values, one series per feature")
                    .setUnit("1")
                    .setExplicitBucketBoundariesAdvice(LoadScenario.FEATURE_BOUNDS)
                    .build();
            gpuUtil = meter.gaugeBuilder("DCGM_FI_DEV_GPU_UTIL")
                    .setDescription("GPU utilisation (in %), as NVIDIA's DCGM exporter reports it")
                    .setUnit("%")
                    .build();
            tracer = tracerProvider.get(SCOPE, SCOPE_VERSION);
        }

        void shutdown() {
            meterProvider.shutdown().join(10, TimeUnit.SECONDS);
            tracerProvider.shutdown().join(10, TimeUnit.SECONDS);
        }
    }

    /** Keeps the sampled spans until the generator exports them at the next round. */
    private final class BufferingExporter implements SpanExporter {
        @Override
        public CompletableResultCode export(Collection<SpanData> spans) {
            finishedSpans.addAll(spans);
            return CompletableResultCode.ofSuccess();
        }

        @Override
        public CompletableResultCode flush() {
            return CompletableResultCode.ofSuccess();
        }

        @Override
        public CompletableResultCode shutdown() {
            return CompletableResultCode.ofSuccess();
        }
    }
}
