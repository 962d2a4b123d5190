package io.driftwatch.cost.projection;

import io.driftwatch.cost.money.Money;
import java.time.Duration;
import java.time.YearMonth;
import java.util.Objects;

/**
 * Month-to-date cost and its projection to the end of the calendar month (UTC), as computed by
 * {@link MonthEndProjector}.
 *
 * @param month the calendar month (UTC) containing the projection instant
 * @param monthToDate cost from the first of the month, 00:00 UTC, up to the projection instant
 * @param recentDailyRate {@code sum of the rate window ÷ rateDays}, rounded to micro-units (for
 *     display: the projection uses the exact quotient)
 * @param rateDays number of full days in the rate window
 * @param remaining time from the projection instant to the first of the next month, 00:00 UTC
 * @param projectedMonthEnd {@code monthToDate + window sum × remaining ÷ (rateDays × 24 h)}, computed
 *     exactly and rounded once to micro-units (half-even)
 */
public record MonthEndProjection(
        YearMonth month,
        Money monthToDate,
        Money recentDailyRate,
        int rateDays,
        Duration remaining,
        Money projectedMonthEnd) {

    public MonthEndProjection {
        Objects.requireNonNull(month, "month");
        Objects.requireNonNull(monthToDate, "monthToDate");
        Objects.requireNonNull(recentDailyRate, "recentDailyRate");
        Objects.requireNonNull(remaining, "remaining");
        Objects.requireNonNull(projectedMonthEnd, "projectedMonthEnd");
    }

    /** {@code monthToDate ÷ budget}, or {@code NaN} when the budget is zero. */
    public double burnRatio(Money monthlyBudget) {
        return monthToDate.ratioTo(monthlyBudget);
    }

    /** {@code projectedMonthEnd ÷ budget}, or {@code NaN} when the budget is zero. */
    public double projectedBurnRatio(Money monthlyBudget) {
        return projectedMonthEnd.ratioTo(monthlyBudget);
    }

    /** Whether the projected month-end cost is strictly above {@code monthlyBudget}. */
    public boolean projectedOverBudget(Money monthlyBudget) {
        return projectedMonthEnd.compareTo(monthlyBudget) > 0;
    }
}
