/**
 * Confidence baselines: hourly aggregates of a confidence histogram series ({@link
 * io.driftwatch.drift.baseline.HourAggregate}, with {@link io.driftwatch.drift.baseline.BucketShare} for
 * the share at or below a low threshold), a bounded store of the last hours ({@link
 * io.driftwatch.drift.baseline.WindowRing}), the mergeable baseline statistics ({@link
 * io.driftwatch.drift.baseline.BaselineAccumulator}) and the evaluation of a current window against them
 * ({@link io.driftwatch.drift.baseline.ConfidenceEvaluation}). Pure Java, no Flink; every stateful class
 * has a versioned byte form for Flink state.
 */
package io.driftwatch.drift.baseline;
