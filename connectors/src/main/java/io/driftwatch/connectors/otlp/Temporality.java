package io.driftwatch.connectors.otlp;

/** OTLP aggregation temporality; {@link #UNSPECIFIED} for gauges and summaries. */
public enum Temporality {
    UNSPECIFIED,
    DELTA,
    CUMULATIVE
}
