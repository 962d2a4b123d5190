/**
 * Alert state over several window scales, shared by feature drift and confidence drift: what one window says at an
 * evaluation ({@link io.driftwatch.drift.alert.ScaleVerdict}) and the one alert per subject that fires on either
 * window and resolves only when both are quiet ({@link io.driftwatch.drift.alert.MultiScaleAlert}). Pure Java, no
 * Flink.
 */
package io.driftwatch.drift.alert;
