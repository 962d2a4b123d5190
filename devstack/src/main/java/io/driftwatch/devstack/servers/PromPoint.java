package io.driftwatch.devstack.servers;

/**
 * One sample read back from VictoriaMetrics.
 *
 * @param timestampMs Unix epoch milliseconds
 * @param value the value; {@code ±Infinity} and {@code NaN} are read from Prometheus' {@code +Inf},
 *     {@code -Inf}, {@code NaN}
 */
public record PromPoint(long timestampMs, double value) {}
