package io.driftwatch.cost.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.driftwatch.cost.catalog.CatalogReader;
import io.driftwatch.cost.catalog.PriceCatalog;
import io.driftwatch.cost.money.Money;
import io.driftwatch.cost.projection.MonthEndProjector;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class CostEvaluationTest {

    private static final long HOUR = 3_600_000L;

    @Test
    void ratiosAreOverTheWindowAndTheMonthStartsAfterItsFirstHour() throws Exception {
        PriceCatalog catalog = new CatalogReader()
                .parse("use-cases:\n  - {name: chat, value-per-inference: 0.01, monthly-budget: 100}\n", "c.yaml");
        CostLedger ledger = new CostLedger(24);
        long midnight = Instant.parse("2026-03-01T00:00:00Z").toEpochMilli();
        // every hour of February 28 costs 0.5 for 100 inferences and 1000 tokens
        for (long t = midnight - 23 * HOUR; t <= midnight; t += HOUR) {
            ledger.record(t, new HourCost(Money.parse("0.5"), Money.parse("0.5"), 100, 1000));
        }
        CostEvaluation atMidnight = CostEvaluation.of(midnight, ledger, "chat", catalog, new MonthEndProjector(7));
        assertEquals(Money.parse("12"), atMidnight.window().cost());
        assertEquals(0.005, atMidnight.ratios().costPerInference().getAsDouble(), 1e-12);
        assertEquals(0.5, atMidnight.ratios().costToValue().getAsDouble(), 1e-12);
        assertEquals(2000, atMidnight.ratios().tokensPerCurrencyUnit().getAsDouble(), 1e-9);
        // 00:00 on March 1: nothing spent in March yet; the rate window is the last 7 days of February
        // (one of them with 12): 12 / 7 per day for the 31 days of March.
        assertEquals(Money.ZERO, atMidnight.projection().monthToDate());
        assertEquals(Money.parse("53.142857"), atMidnight.projection().projectedMonthEnd());
        assertEquals(0.0, atMidnight.budgetBurnRatio(Money.parse("100")));

        ledger.record(midnight + HOUR, new HourCost(Money.parse("0.5"), Money.ZERO, 100, 0));
        CostEvaluation next = CostEvaluation.of(midnight + HOUR, ledger, "chat", catalog, new MonthEndProjector(7));
        assertEquals(Money.parse("0.5"), next.projection().monthToDate());
        assertEquals(Money.parse("0.5"), next.hour().cost());
        assertEquals(0.005, next.budgetBurnRatio(Money.parse("100")), 1e-12);
        // the window as usage, for comparisons across use cases: 23 hours of Feb 28 and the first of March
        assertEquals(
                new io.driftwatch.cost.projection.UseCaseUsage(
                        "chat", Money.parse("12"), Money.parse("11.5"), 2400, 23_000),
                next.windowUsage());
    }
}
