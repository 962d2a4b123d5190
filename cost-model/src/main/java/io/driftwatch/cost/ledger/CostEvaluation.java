package io.driftwatch.cost.ledger;

import io.driftwatch.cost.catalog.PriceCatalog;
import io.driftwatch.cost.money.Money;
import io.driftwatch.cost.projection.MonthEndProjection;
import io.driftwatch.cost.projection.MonthEndProjector;
import io.driftwatch.cost.projection.UseCaseRatios;
import io.driftwatch.cost.projection.UseCaseUsage;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The cost figures of one subject (one model version of a use case, or a whole use case) at the end
 * {@code T} of an hour, from its {@link CostLedger}:
 *
 * <ul>
 *   <li>{@link #hour()}: the priced usage of the hour {@code (T − 1 h, T]};
 *   <li>{@link #window()}: the priced usage of the ledger's window {@code (T − W, T]} (24 h by default);
 *   <li>{@link #ratios()}: over the window, cost per inference, tokens per currency unit and
 *       cost per successful inference and cost-to-value (cost ÷ the use case's catalog value of the
 *       successful inferences), as defined by
 *       {@link UseCaseRatios};
 *   <li>{@link #projection()}: month-to-date and projected month-end cost at {@code T}, as defined by
 *       {@link MonthEndProjector}, over the ledger's daily costs (an hour counts for the UTC day it lies
 *       in, so at 00:00 on the first of a month the new month has cost nothing yet).
 * </ul>
 */
public record CostEvaluation(
        long hourEndMillis, HourCost hour, HourCost window, UseCaseRatios ratios, MonthEndProjection projection) {

    public CostEvaluation {
        Objects.requireNonNull(hour, "hour");
        Objects.requireNonNull(window, "window");
        Objects.requireNonNull(ratios, "ratios");
        Objects.requireNonNull(projection, "projection");
    }

    /** Evaluates {@code ledger} at {@code hourEndMillis} for use case {@code useCase} of {@code catalog}. */
    public static CostEvaluation of(
            long hourEndMillis, CostLedger ledger, String useCase, PriceCatalog catalog, MonthEndProjector projector) {
        HourCost window = ledger.window(hourEndMillis);
        UseCaseUsage usage = new UseCaseUsage(
                useCase,
                window.cost(),
                window.gpuCost(),
                window.inferences(),
                window.tokens(),
                window.successfulInferences());
        UseCaseRatios ratios = UseCaseRatios.of(List.of(usage), catalog).get(0);
        MonthEndProjection projection = projector.project(Instant.ofEpochMilli(hourEndMillis), ledger.dailyCosts());
        return new CostEvaluation(hourEndMillis, ledger.hour(hourEndMillis), window, ratios, projection);
    }

    /** The use case's usage over the window, for comparisons across use cases. */
    public UseCaseUsage windowUsage() {
        return new UseCaseUsage(
                ratios.useCase(),
                window.cost(),
                window.gpuCost(),
                window.inferences(),
                window.tokens(),
                window.successfulInferences());
    }

    /** {@code month-to-date ÷ monthly budget}, NaN when the budget is 0. */
    public double budgetBurnRatio(Money monthlyBudget) {
        return projection.burnRatio(monthlyBudget);
    }
}
