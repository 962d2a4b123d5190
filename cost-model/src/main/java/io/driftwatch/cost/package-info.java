/**
 * Cost model: price catalog, cost attribution, aggregates and projections (pure Java, no Flink).
 *
 * <p>Populated by the cost analytics work; the module exists now so that the build layout is the
 * one {@code DESIGN.md} fixes.
 */
package io.driftwatch.cost;
