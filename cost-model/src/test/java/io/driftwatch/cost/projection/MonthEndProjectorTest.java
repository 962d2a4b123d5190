package io.driftwatch.cost.projection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.driftwatch.cost.money.Money;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MonthEndProjectorTest {

    private final MonthEndProjector projector = new MonthEndProjector();

    /** A cost of {@code day-of-month + month/100} per day, so every day's cost is distinct and known. */
    private static Map<LocalDate, Money> distinctDailyCosts(LocalDate from, LocalDate to) {
        Map<LocalDate, Money> costs = new HashMap<>();
        for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) {
            costs.put(d, Money.parse(d.getDayOfMonth() + "." + String.format("%02d", d.getMonthValue())));
        }
        return costs;
    }

    /** The definition, computed independently with BigDecimal and the calendar length of the month. */
    private static BigDecimal expectedProjection(
            Map<LocalDate, Money> costs, Instant now, int windowDays, LocalDate windowEnd) {
        LocalDate today = LocalDate.ofInstant(now, java.time.ZoneOffset.UTC);
        BigDecimal mtd = BigDecimal.ZERO;
        for (int d = 1; d <= today.getDayOfMonth(); d++) {
            mtd = mtd.add(
                    costs.getOrDefault(today.withDayOfMonth(d), Money.ZERO).toBigDecimal());
        }
        BigDecimal window = BigDecimal.ZERO;
        for (int i = 0; i < windowDays; i++) {
            window = window.add(
                    costs.getOrDefault(windowEnd.minusDays(i), Money.ZERO).toBigDecimal());
        }
        long monthLength = YearMonth.from(today).lengthOfMonth();
        // millis left = (days after today) × 1 day + the rest of today
        long restOfToday = 86_400_000L - (now.toEpochMilli() % 86_400_000L);
        BigDecimal daysLeft = BigDecimal.valueOf((monthLength - today.getDayOfMonth()) * 86_400_000L + restOfToday)
                .divide(BigDecimal.valueOf(86_400_000L), 30, RoundingMode.HALF_EVEN);
        return mtd.add(window.multiply(daysLeft).divide(BigDecimal.valueOf(windowDays), 30, RoundingMode.HALF_EVEN))
                .setScale(6, RoundingMode.HALF_EVEN);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        // now,                       window days, window's last day, days left incl. rest of today
        "2024-01-15T12:00:00Z,        7, 2024-01-14, 16.5", // 31-day month
        "2024-04-20T00:00:00Z,        7, 2024-04-19, 11", // 30-day month
        "2023-02-20T06:00:00Z,        7, 2023-02-19, 8.75", // February, 28 days
        "2024-02-20T06:00:00Z,        7, 2024-02-19, 9.75", // February, leap year, 29 days
        "2024-02-29T18:00:00Z,        7, 2024-02-28, 0.25", // leap day, last day of the month
        "2024-03-01T06:00:00Z,        7, 2024-02-29, 30.75", // first day: last 7 days of February
        "2025-01-01T00:00:00Z,        7, 2024-12-31, 31", // first instant of a year
        "2024-03-03T12:00:00Z,        2, 2024-03-02, 28.5", // third day: only March 1 and 2
        "2024-12-31T23:59:59.999Z,    7, 2024-12-30, 0.00000001157407407407407407407407"
    })
    void projectsToTheCalendarMonthEnd(String nowText, int windowDays, LocalDate windowEnd, BigDecimal daysLeft) {
        Instant now = Instant.parse(nowText);
        Map<LocalDate, Money> costs = distinctDailyCosts(LocalDate.parse("2023-01-01"), LocalDate.parse("2025-12-31"));
        MonthEndProjection p = projector.project(now, costs);
        assertEquals(windowDays, p.rateDays());
        assertEquals(YearMonth.from(LocalDate.ofInstant(now, java.time.ZoneOffset.UTC)), p.month());
        assertEquals(
                0,
                daysLeft.compareTo(BigDecimal.valueOf(p.remaining().toMillis())
                        .divide(BigDecimal.valueOf(86_400_000L), 32, RoundingMode.HALF_EVEN)),
                () -> "remaining " + p.remaining());
        assertEquals(
                expectedProjection(costs, now, windowDays, windowEnd),
                p.projectedMonthEnd().toBigDecimal());
    }

    @Test
    void constantSpendProjectsToSpendTimesMonthLength() {
        Map<LocalDate, Money> costs = new HashMap<>();
        for (LocalDate d = LocalDate.parse("2024-01-20");
                d.isBefore(LocalDate.parse("2024-02-10"));
                d = d.plusDays(1)) {
            costs.put(d, Money.parse("10"));
        }
        // Feb 10 at 00:00: days 1–9 full, today empty so far; 20 days left of a 29-day month.
        MonthEndProjection p = projector.project(Instant.parse("2024-02-10T00:00:00Z"), costs);
        assertEquals(Money.parse("90"), p.monthToDate());
        assertEquals(Money.parse("10"), p.recentDailyRate());
        assertEquals(Money.parse("290"), p.projectedMonthEnd());
        assertEquals(Duration.ofDays(20), p.remaining());
        assertEquals(0.45, p.burnRatio(Money.parse("200")), 1e-12);
        assertEquals(1.45, p.projectedBurnRatio(Money.parse("200")), 1e-12);
        assertTrue(p.projectedOverBudget(Money.parse("289.99")));
        assertFalse(p.projectedOverBudget(Money.parse("290")));
        assertTrue(Double.isNaN(p.burnRatio(Money.ZERO)));
    }

    @Test
    void missingDaysCostNothingAndFutureDaysAreIgnored() {
        Map<LocalDate, Money> costs = Map.of(
                LocalDate.parse("2024-06-10"), Money.parse("7"),
                LocalDate.parse("2024-06-12"), Money.parse("1"),
                LocalDate.parse("2024-06-13"), Money.parse("100"));
        // June 12 at 12:00; window June 5–11 holds 7 → rate 1/day; 18.5 days left.
        MonthEndProjection p = projector.project(Instant.parse("2024-06-12T12:00:00Z"), costs);
        assertEquals(Money.parse("8"), p.monthToDate());
        assertEquals(Money.parse("1"), p.recentDailyRate());
        assertEquals(Money.parse("26.5"), p.projectedMonthEnd());
    }

    @Test
    void windowLengthIsConfigurable() {
        Map<LocalDate, Money> costs = Map.of(
                LocalDate.parse("2024-06-11"), Money.parse("3"), LocalDate.parse("2024-06-10"), Money.parse("5"));
        MonthEndProjection p = new MonthEndProjector(1).project(Instant.parse("2024-06-12T00:00:00Z"), costs);
        assertEquals(1, p.rateDays());
        assertEquals(Money.parse("3"), p.recentDailyRate());
        assertEquals(Money.parse("8").plus(Money.parse("3").times(19)), p.projectedMonthEnd());
        assertThrows(IllegalArgumentException.class, () -> new MonthEndProjector(0));
    }
}
