/**
 * The streaming cost history of one subject: {@link io.driftwatch.cost.ledger.HourCost} (an hour's
 * priced usage), {@link io.driftwatch.cost.ledger.CostLedger} (the rolling window's hours and the
 * recent days, with a compact serialised form for stream-processor state) and
 * {@link io.driftwatch.cost.ledger.CostEvaluation} (the figures at the end of an hour).
 */
package io.driftwatch.cost.ledger;
