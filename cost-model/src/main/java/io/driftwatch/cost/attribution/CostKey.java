package io.driftwatch.cost.attribution;

import java.util.Objects;

/** What a cost is attributed to: labels {@code use_case}, {@code model_name}, {@code model_version}, {@code environment}. */
public record CostKey(String useCase, String model, String version, String environment) {
    public CostKey {
        Objects.requireNonNull(useCase, "useCase");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(environment, "environment");
    }
}
