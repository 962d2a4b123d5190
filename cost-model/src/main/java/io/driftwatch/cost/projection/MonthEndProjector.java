package io.driftwatch.cost.projection;

import io.driftwatch.cost.money.Money;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.Map;

/**
 * Projects a cost to the end of the calendar month, in UTC.
 *
 * <p>Input: the cost of each UTC calendar day ({@code LocalDate → Money}; a missing day costs 0; the
 * day containing the projection instant {@code now} holds its cost so far; days after it are
 * ignored). Definitions, with {@code today} the UTC date of {@code now}:
 * <ul>
 *   <li><b>month-to-date</b> = sum of the days from the first of today's month up to and including today;
 *   <li><b>rate window</b> = the last {@code N} full days before today ({@code N} = {@link #recentDays()},
 *       default 7), clipped to today's month, so on the {@code d}-th of a month only
 *       {@code min(N, d − 1)} days count; on the first of a month, which has no full day yet, the
 *       window is the last {@code N} days of the previous month instead;
 *   <li><b>recent daily rate</b> = window sum ÷ number of days in the window;
 *   <li><b>projected month-end</b> = month-to-date + recent daily rate × days left, where days left is the
 *       exact time from {@code now} to the first of the next month 00:00 UTC, in days (fractional:
 *       the rest of today counts, since month-to-date has only today's cost so far).
 * </ul>
 * Calendar months have their real lengths (28, 29, 30 or 31 days; leap years by the ISO calendar).
 */
public final class MonthEndProjector {

    /** Default number of full days in the rate window. */
    public static final int DEFAULT_RECENT_DAYS = 7;

    private static final long MILLIS_PER_DAY = 86_400_000L;

    private final int recentDays;

    public MonthEndProjector() {
        this(DEFAULT_RECENT_DAYS);
    }

    /** @throws IllegalArgumentException if {@code recentDays} is not within [1, 31] */
    public MonthEndProjector(int recentDays) {
        if (recentDays < 1 || recentDays > 31) {
            throw new IllegalArgumentException("recentDays must be within [1, 31], got " + recentDays);
        }
        this.recentDays = recentDays;
    }

    public int recentDays() {
        return recentDays;
    }

    /** Projects as defined above. */
    public MonthEndProjection project(Instant now, Map<LocalDate, Money> dailyCost) {
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        YearMonth month = YearMonth.from(today);
        LocalDate first = month.atDay(1);

        Money monthToDate = Money.ZERO;
        for (LocalDate d = first; !d.isAfter(today); d = d.plusDays(1)) {
            monthToDate = monthToDate.plus(dailyCost.getOrDefault(d, Money.ZERO));
        }

        int windowDays = today.equals(first) ? recentDays : Math.min(recentDays, today.getDayOfMonth() - 1);
        Money windowSum = Money.ZERO;
        for (int i = 1; i <= windowDays; i++) {
            windowSum = windowSum.plus(dailyCost.getOrDefault(today.minusDays(i), Money.ZERO));
        }

        Instant monthEnd =
                month.plusMonths(1).atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        Duration remaining = Duration.between(now, monthEnd);
        // Whole milliseconds: finer precision of now changes a projection by far less than a micro-unit.
        Money rest = windowSum.timesRatio(remaining.toMillis(), Math.multiplyExact(windowDays, MILLIS_PER_DAY));
        Money rate = windowSum.timesRatio(1, windowDays);
        return new MonthEndProjection(month, monthToDate, rate, windowDays, remaining, monthToDate.plus(rest));
    }
}
