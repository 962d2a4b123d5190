package io.driftwatch.connectors.otlp;

/** The OTLP metric data kinds. */
public enum MetricKind {
    GAUGE,
    SUM,
    HISTOGRAM,
    EXPONENTIAL_HISTOGRAM,
    SUMMARY
}
