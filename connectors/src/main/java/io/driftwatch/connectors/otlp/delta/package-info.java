/**
 * Cumulative-to-delta conversion of OTLP points per series, reset- and disorder-aware ({@link
 * io.driftwatch.connectors.otlp.delta.CumulativeToDelta}), with the per-series state in a compact versioned
 * byte form ({@link io.driftwatch.connectors.otlp.delta.SeriesState}). Pure Java, no Flink: the operator
 * that keys by series and keeps the bytes in Flink state is elsewhere.
 */
package io.driftwatch.connectors.otlp.delta;
