package io.driftwatch.devstack.loadgen;

import java.time.Instant;
import java.util.Objects;

/**
 * One simulated inference service: a model version serving one use case in one environment, as
 * the field report instruments it. Build variants with the {@code with…} methods.
 *
 * <p>Confidence scores are drawn from a Beta(alpha, beta) distribution; from {@code dropAt} on
 * (when set) from Beta(dropAlpha, dropBeta) instead. At {@code restartAt} (when set) the service
 * process restarts: its cumulative instruments start again from zero with a new start time.
 * {@code instance} tells replicas of the same service apart ({@code service.instance.id}).
 *
 * <p>Traffic and cost: {@code volume} scales the scenario's mean inferences per export interval;
 * durations are log-normal with median {@code durationMedianMs} (σ 0.6 of the logarithm); every
 * inference holds one GPU for its duration at {@code gpuEurPerHour}. From {@code featureShiftAt} on
 * (when set) the inputs drift: {@code input_length}'s mean moves by one standard deviation and
 * {@code output_length}'s standard deviation doubles (see {@link SimulatedService}).
 */
public record SimulatedModel(
        String modelName,
        String modelVersion,
        String useCase,
        String environment,
        String encoding,
        double alpha,
        double beta,
        Instant dropAt,
        double dropAlpha,
        double dropBeta,
        Instant restartAt,
        int instance,
        double volume,
        double durationMedianMs,
        double gpuEurPerHour,
        Instant featureShiftAt) {

    /** Median inference duration of a stable model, ms. */
    public static final double DEFAULT_DURATION_MEDIAN_MS = 180;
    /** GPU price of a stable model, EUR per GPU hour. */
    public static final double DEFAULT_GPU_EUR_PER_HOUR = 2.50;

    public SimulatedModel {
        Objects.requireNonNull(modelName, "modelName");
        Objects.requireNonNull(modelVersion, "modelVersion");
        Objects.requireNonNull(useCase, "useCase");
        Objects.requireNonNull(environment, "environment");
        if (!"otlp_proto".equals(encoding) && !"otlp_json".equals(encoding)) {
            throw new IllegalArgumentException("encoding must be otlp_proto or otlp_json, got " + encoding);
        }
        if (!(alpha > 0 && beta > 0 && dropAlpha > 0 && dropBeta > 0)) {
            throw new IllegalArgumentException("Beta parameters must be positive");
        }
        if (!(volume > 0 && durationMedianMs > 0 && gpuEurPerHour >= 0)) {
            throw new IllegalArgumentException("need volume > 0, durationMedianMs > 0, gpuEurPerHour >= 0");
        }
    }

    /** A stable model: confidence ~ Beta(alpha, beta) throughout, default volume, latency and GPU price. */
    public static SimulatedModel stable(
            String name, String version, String useCase, String env, String encoding, double alpha, double beta) {
        return new SimulatedModel(
                name,
                version,
                useCase,
                env,
                encoding,
                alpha,
                beta,
                null,
                alpha,
                beta,
                null,
                0,
                1.0,
                DEFAULT_DURATION_MEDIAN_MS,
                DEFAULT_GPU_EUR_PER_HOUR,
                null);
    }

    /** This model, whose confidence drops to Beta(alpha, beta) from {@code at} on. */
    public SimulatedModel withDrop(Instant at, double newAlpha, double newBeta) {
        return new SimulatedModel(
                modelName,
                modelVersion,
                useCase,
                environment,
                encoding,
                alpha,
                beta,
                at,
                newAlpha,
                newBeta,
                restartAt,
                instance,
                volume,
                durationMedianMs,
                gpuEurPerHour,
                featureShiftAt);
    }

    /** This model, whose process restarts (cumulative counters reset) at {@code at}. */
    public SimulatedModel withRestart(Instant at) {
        return new SimulatedModel(
                modelName,
                modelVersion,
                useCase,
                environment,
                encoding,
                alpha,
                beta,
                dropAt,
                dropAlpha,
                dropBeta,
                at,
                instance,
                volume,
                durationMedianMs,
                gpuEurPerHour,
                featureShiftAt);
    }

    /** Replica {@code n} of this service: same labels, its own series. */
    public SimulatedModel withInstance(int n) {
        return new SimulatedModel(
                modelName,
                modelVersion,
                useCase,
                environment,
                encoding,
                alpha,
                beta,
                dropAt,
                dropAlpha,
                dropBeta,
                restartAt,
                n,
                volume,
                durationMedianMs,
                gpuEurPerHour,
                featureShiftAt);
    }

    /** This model with another record encoding. */
    public SimulatedModel withEncoding(String newEncoding) {
        return new SimulatedModel(
                modelName,
                modelVersion,
                useCase,
                environment,
                newEncoding,
                alpha,
                beta,
                dropAt,
                dropAlpha,
                dropBeta,
                restartAt,
                instance,
                volume,
                durationMedianMs,
                gpuEurPerHour,
                featureShiftAt);
    }

    /** This model with another traffic volume (relative), median duration (ms) and GPU price (EUR/h). */
    public SimulatedModel withTraffic(double newVolume, double newDurationMedianMs, double newGpuEurPerHour) {
        return new SimulatedModel(
                modelName,
                modelVersion,
                useCase,
                environment,
                encoding,
                alpha,
                beta,
                dropAt,
                dropAlpha,
                dropBeta,
                restartAt,
                instance,
                newVolume,
                newDurationMedianMs,
                newGpuEurPerHour,
                featureShiftAt);
    }

    /** This model, whose input features drift from {@code at} on. */
    public SimulatedModel withFeatureShift(Instant at) {
        return new SimulatedModel(
                modelName,
                modelVersion,
                useCase,
                environment,
                encoding,
                alpha,
                beta,
                dropAt,
                dropAlpha,
                dropBeta,
                restartAt,
                instance,
                volume,
                durationMedianMs,
                gpuEurPerHour,
                at);
    }

    /** The OpenTelemetry {@code service.instance.id} of this replica. */
    public String instanceId() {
        return serviceName() + "-" + modelVersion + "-" + instance;
    }

    /** The OpenTelemetry {@code service.name} of this model's inference service. */
    public String serviceName() {
        return modelName + "-" + useCase.replace('_', '-') + "-" + environment;
    }

    /** The group key the confidence job aggregates on, in the order of its default group-by. */
    public String groupKey() {
        return modelName + "/" + modelVersion + "/" + useCase + "/" + environment;
    }
}
