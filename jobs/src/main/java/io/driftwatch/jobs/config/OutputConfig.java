package io.driftwatch.jobs.config;

import java.io.Serializable;
import java.util.Objects;

/**
 * How derived series are named (key {@code output}).
 *
 * @param metricPrefix prepended verbatim to every derived series name, e.g. {@code staging_} gives
 *     {@code staging_ml:confidence:drift_ratio}; empty keeps the documented names
 */
public record OutputConfig(String metricPrefix) implements Serializable {

    public OutputConfig {
        Objects.requireNonNull(metricPrefix, "metricPrefix");
    }

    /** {@code name} with {@link #metricPrefix()} prepended. */
    public String seriesName(String name) {
        return metricPrefix + name;
    }
}
