package io.driftwatch.jobs.cost;

/**
 * One GPU's capacity cost in the hour ending at {@code hourEndMillis} (see {@link
 * io.driftwatch.cost.attribution.IdleCapacity}), money in micro-units.
 */
public record GpuHour(String gpuType, String provider, long hourEndMillis, long provisionedMicros, long idleMicros) {}
