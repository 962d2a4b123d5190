/**
 * Cost attribution: {@link io.driftwatch.cost.attribution.CostAttribution} prices one series key's
 * usage over one interval from the highest-priority source available (reported cost, GPU time,
 * tokens); {@link io.driftwatch.cost.attribution.IdleCapacity} splits provisioned GPU cost into busy
 * and idle parts and allocates the idle part to use cases exactly.
 */
package io.driftwatch.cost.attribution;
