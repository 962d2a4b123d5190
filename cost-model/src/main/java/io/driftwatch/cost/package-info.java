/**
 * Cost model: price catalog, cost attribution, idle capacity, month-end projections and cost ratios
 * for ML inference services (pure Java, no Flink).
 *
 * <ul>
 *   <li>{@link io.driftwatch.cost.money} — exact money arithmetic ({@code Money}: long micro-units of
 *       the deployment's single currency) and exact apportioning ({@code LargestRemainder}).
 *   <li>{@link io.driftwatch.cost.catalog} — the YAML price catalog and its validation.
 *   <li>{@link io.driftwatch.cost.attribution} — which cost source prices an interval's usage, and idle
 *       GPU capacity with its allocation to use cases.
 *   <li>{@link io.driftwatch.cost.projection} — month-to-date, projected month-end and budget burn,
 *       per-use-case ratios and cost anomalies.
 * </ul>
 */
package io.driftwatch.cost;
