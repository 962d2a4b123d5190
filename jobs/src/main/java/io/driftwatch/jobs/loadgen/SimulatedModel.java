package io.driftwatch.jobs.loadgen;

import java.time.Instant;
import java.util.Objects;

/**
 * One simulated inference service: a model version serving one use case in one environment, as
 * the field report instruments it.
 *
 * <p>Confidence scores are drawn from a Beta(alpha, beta) distribution; from {@code dropAt} on
 * (when set) from Beta(dropAlpha, dropBeta) instead. At {@code restartAt} (when set) the service
 * process restarts: its cumulative instruments start again from zero with a new start time.
 * {@code instance} tells replicas of the same service apart ({@code service.instance.id}).
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
        int instance) {

    public SimulatedModel {
        Objects.requireNonNull(modelName, "modelName");
        Objects.requireNonNull(modelVersion, "modelVersion");
        Objects.requireNonNull(useCase, "useCase");
        Objects.requireNonNull(environment, "environment");
        if (!"otlp_proto".equals(encoding) && !"otlp_json".equals(encoding)) {
            throw new IllegalArgumentException("encoding must be otlp_proto or otlp_json, got " + encoding);
        }
        if (!(alpha > 0 && beta > 0)) {
            throw new IllegalArgumentException("Beta parameters must be positive");
        }
    }

    /** A stable model: confidence ~ Beta(alpha, beta) throughout. */
    public static SimulatedModel stable(String name, String version, String useCase, String env,
            String encoding, double alpha, double beta) {
        return new SimulatedModel(name, version, useCase, env, encoding, alpha, beta, null, alpha, beta, null, 0);
    }

    /** This model, whose confidence drops to Beta(alpha, beta) from {@code at} on. */
    public SimulatedModel withDrop(Instant at, double newAlpha, double newBeta) {
        return new SimulatedModel(modelName, modelVersion, useCase, environment, encoding, alpha, beta,
                at, newAlpha, newBeta, restartAt, instance);
    }

    /** This model, whose process restarts (cumulative counters reset) at {@code at}. */
    public SimulatedModel withRestart(Instant at) {
        return new SimulatedModel(modelName, modelVersion, useCase, environment, encoding, alpha, beta,
                dropAt, dropAlpha, dropBeta, at, instance);
    }

    /** Replica {@code n} of this service: same labels, its own series. */
    public SimulatedModel withInstance(int n) {
        return new SimulatedModel(modelName, modelVersion, useCase, environment, encoding, alpha, beta,
                dropAt, dropAlpha, dropBeta, restartAt, n);
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
