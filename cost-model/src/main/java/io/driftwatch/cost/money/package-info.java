/**
 * Exact money arithmetic: {@link io.driftwatch.cost.money.Money} holds long micro-units of the
 * deployment's single currency and rounds (half-even) only where a non-integral quantity is priced;
 * {@link io.driftwatch.cost.money.LargestRemainder} splits an amount into parts that add up exactly.
 */
package io.driftwatch.cost.money;
