package io.driftwatch.jobs.cost;

/** A use case's cost of the hour ending {@code hourEndMillis}, micro-units, as evaluated at that hour. */
public record UseCaseHourCost(String useCase, long hourEndMillis, long costMicros) {}
