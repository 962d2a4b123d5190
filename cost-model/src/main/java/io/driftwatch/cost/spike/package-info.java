/**
 * Spend spikes that know the week: a use case's hourly cost against the same hour of the week in the
 * weeks before ({@link io.driftwatch.cost.spike.CostSpikeCheck}), over the hourly costs kept per use
 * case ({@link io.driftwatch.cost.spike.HourlyCosts}).
 */
package io.driftwatch.cost.spike;
