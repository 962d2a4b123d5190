/**
 * Confidence baselines: hourly aggregates of a confidence histogram series ({@link
 * io.driftwatch.drift.confidence.HourAggregate}, with {@link io.driftwatch.drift.confidence.BucketShare} for
 * the share at or below a low threshold), a bounded store of the last hours ({@link
 * io.driftwatch.drift.confidence.WindowRing}), the mergeable baseline statistics ({@link
 * io.driftwatch.drift.confidence.BaselineAccumulator}) and the evaluation of a current window against them
 * ({@link io.driftwatch.drift.confidence.ConfidenceEvaluation}). Pure Java, no Flink; every stateful class
 * has a versioned byte form for Flink state.
 */
package io.driftwatch.drift.confidence;
