package io.driftwatch.cost.spike;

import java.math.BigDecimal;

/**
 * An hour whose cost is a spike for its hour of the week.
 *
 * @param hourEndMillis the hour's end
 * @param costMicros its cost
 * @param weeks the past weeks compared
 * @param mean their mean cost of the same hour of the week, currency units (exact)
 * @param stddev their population standard deviation, currency units (rounded to 10⁻⁶)
 */
public record CostSpike(long hourEndMillis, long costMicros, int weeks, BigDecimal mean, BigDecimal stddev) {}
