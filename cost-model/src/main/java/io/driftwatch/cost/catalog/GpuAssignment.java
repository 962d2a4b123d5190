package io.driftwatch.cost.catalog;

import java.io.Serializable;
import java.util.Objects;

/**
 * Which GPU type at which provider serves {@code model} (catalog entry {@code gpu.models[]}); used to
 * price inference duration.
 */
public record GpuAssignment(String model, String type, String provider) implements Serializable {
    public GpuAssignment {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(provider, "provider");
    }
}
