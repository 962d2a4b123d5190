package io.driftwatch.jobs.config;

import java.io.Serializable;
import java.util.Objects;

/**
 * What Driftwatch produces and where (key {@code output}).
 *
 * @param metricPrefix prepended verbatim to every derived series name, e.g. {@code staging_} gives
 *     {@code staging_ml:confidence:drift_ratio}; empty keeps the documented names
 * @param eventsTopic the Kafka topic receiving drift and cost events (JSON, exactly-once)
 */
public record OutputConfig(String metricPrefix, String eventsTopic) implements Serializable {

    public OutputConfig {
        Objects.requireNonNull(metricPrefix, "metricPrefix");
        Objects.requireNonNull(eventsTopic, "eventsTopic");
    }

    /** {@code name} with {@link #metricPrefix()} prepended. */
    public String seriesName(String name) {
        return metricPrefix + name;
    }
}
