/**
 * Month-level views of cost: {@link io.driftwatch.cost.projection.MonthEndProjector} (month-to-date,
 * projected month-end over UTC calendar months, budget burn), per-use-case
 * {@link io.driftwatch.cost.projection.UseCaseRatios} (cost per inference, tokens per currency unit,
 * cost-to-value, GPU cost share vs volume share) and {@link io.driftwatch.cost.projection.CostAnomalyCheck}.
 */
package io.driftwatch.cost.projection;
