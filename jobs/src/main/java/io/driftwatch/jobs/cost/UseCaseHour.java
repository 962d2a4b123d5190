package io.driftwatch.jobs.cost;

import io.driftwatch.cost.ledger.HourCost;
import io.driftwatch.cost.money.Money;

/**
 * One cost key's priced usage in the hour ending at {@code hourEndMillis}, sent to the use-case
 * level: money in micro-units.
 */
public record UseCaseHour(
        String useCase,
        long hourEndMillis,
        long costMicros,
        long gpuCostMicros,
        long inferences,
        long tokens,
        long failedInferences) {

    /** Without failed inferences. */
    public UseCaseHour(
            String useCase, long hourEndMillis, long costMicros, long gpuCostMicros, long inferences, long tokens) {
        this(useCase, hourEndMillis, costMicros, gpuCostMicros, inferences, tokens, 0);
    }

    static UseCaseHour of(String useCase, long hourEndMillis, HourCost c) {
        return new UseCaseHour(
                useCase,
                hourEndMillis,
                c.cost().micros(),
                c.gpuCost().micros(),
                c.inferences(),
                c.tokens(),
                c.failedInferences());
    }

    HourCost cost() {
        return new HourCost(
                Money.ofMicros(costMicros), Money.ofMicros(gpuCostMicros), inferences, tokens, failedInferences);
    }
}
