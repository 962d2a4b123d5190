/**
 * Streaming feature drift: the per-feature summary ({@link io.driftwatch.drift.feature.FeatureSummary}
 * over numeric, categorical or histogram values), the comparison of a current window with a baseline
 * by every applicable method, and the alert decision with hysteresis ({@link
 * io.driftwatch.drift.feature.DriftPolicy}).
 */
package io.driftwatch.drift.feature;
