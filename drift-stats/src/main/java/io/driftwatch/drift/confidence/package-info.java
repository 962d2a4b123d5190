/**
 * Confidence baselines: the aggregates of a confidence histogram series per slot, one slot being one
 * evaluation interval of configurable length ({@link io.driftwatch.drift.confidence.SlotAggregate},
 * with {@link io.driftwatch.drift.confidence.BucketShare} for the share at or below a low threshold), a
 * bounded store of the last slots ({@link
 * io.driftwatch.drift.confidence.SlotRing}), the mergeable baseline statistics ({@link
 * io.driftwatch.drift.confidence.BaselineAccumulator}) and the evaluation of a current window against them
 * ({@link io.driftwatch.drift.confidence.ConfidenceEvaluation}). Pure Java, no Flink; every stateful class
 * has a versioned byte form for Flink state.
 */
package io.driftwatch.drift.confidence;
