package io.driftwatch.cost.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.driftwatch.cost.attribution.UsageDeltas;
import io.driftwatch.cost.catalog.CatalogReader;
import io.driftwatch.cost.catalog.PriceCatalog;
import io.driftwatch.cost.money.Money;
import io.driftwatch.cost.projection.CostAnomaly;
import io.driftwatch.cost.projection.CostAnomalyCheck;
import io.driftwatch.cost.projection.MonthEndProjector;
import io.driftwatch.cost.projection.UseCaseUsage;
import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Failed inferences: kept through the usage and ledger forms, priced, but no value delivered. */
class FailedInferencesTest {

    private static final long HOUR = 3_600_000L;
    private static final long T0 = Instant.parse("2026-03-10T00:00:00Z").toEpochMilli();

    @Test
    void usageKeepsFailuresAndItsFormWithoutThemIsUnchanged() {
        UsageDeltas plain = UsageDeltas.builder().inferences(5).build();
        UsageDeltas failing =
                UsageDeltas.builder().inferences(5).failedInferences(2).build();
        assertEquals(9, plain.toBytes().length);
        assertEquals(17, failing.toBytes().length);
        assertEquals(failing, UsageDeltas.fromBytes(failing.toBytes()));
        assertEquals(
                UsageDeltas.builder().inferences(8).failedInferences(2).build(),
                plain.plus(UsageDeltas.builder().inferences(3).build())
                        .plus(UsageDeltas.builder().failedInferences(2).build()));
    }

    @Test
    void theLedgerWritesVersionTwoOnlyWhenSomeHourFailed() {
        CostLedger ledger = new CostLedger(24);
        ledger.record(T0 + HOUR, new HourCost(Money.ofMicros(100), Money.ofMicros(100), 4, 0));
        assertEquals(1, ledger.toBytes()[0], "no failures: the version-1 form");
        ledger.record(T0 + 2 * HOUR, new HourCost(Money.ofMicros(300), Money.ofMicros(300), 6, 0, 5));
        byte[] bytes = ledger.toBytes();
        assertEquals(2, bytes[0]);
        CostLedger back = CostLedger.fromBytes(bytes);
        assertEquals(new HourCost(Money.ofMicros(400), Money.ofMicros(400), 10, 0, 5), back.window(T0 + 2 * HOUR));
        assertEquals(5, back.window(T0 + 2 * HOUR).successfulInferences());
    }

    /** Cost per successful inference and cost-to-value on successes, against BigDecimal arithmetic. */
    @Test
    void ratiosCountOnlySuccessesAsValue() throws Exception {
        PriceCatalog catalog = new CatalogReader()
                .parse("use-cases: [{name: u, value-per-inference: 0.002, monthly-budget: 10}]", "t.yaml");
        CostLedger ledger = new CostLedger(24);
        ledger.record(T0 + HOUR, new HourCost(Money.parse("0.123457"), Money.ZERO, 120, 0, 23));
        ledger.record(T0 + 2 * HOUR, new HourCost(Money.parse("0.5"), Money.ZERO, 80, 0, 80));
        CostEvaluation e = CostEvaluation.of(T0 + 2 * HOUR, ledger, "u", catalog, new MonthEndProjector(7));
        BigDecimal cost = new BigDecimal("0.623457");
        assertEquals(
                cost.divide(BigDecimal.valueOf(200), MathContext.DECIMAL64).doubleValue(),
                e.ratios().costPerInference().getAsDouble(),
                1e-15);
        assertEquals(
                cost.divide(BigDecimal.valueOf(97), MathContext.DECIMAL64).doubleValue(),
                e.ratios().costPerSuccessfulInference().getAsDouble(),
                1e-15);
        assertEquals(
                cost.divide(new BigDecimal("0.194"), MathContext.DECIMAL64).doubleValue(),
                e.ratios().costToValue().getAsDouble(),
                1e-12);
        assertEquals(97, e.windowUsage().successfulInferences());
        // only failures: no ratio on successes
        CostLedger failed = new CostLedger(24);
        failed.record(T0 + HOUR, new HourCost(Money.parse("0.1"), Money.ZERO, 3, 0, 3));
        CostEvaluation f = CostEvaluation.of(T0 + HOUR, failed, "u", catalog, new MonthEndProjector(7));
        assertTrue(f.ratios().costPerSuccessfulInference().isEmpty());
        assertTrue(f.ratios().costToValue().isEmpty());
    }

    /** cost_above_value compares the cost with the value of the successful inferences only. */
    @Test
    void costAboveValueCountsOnlySuccesses() throws Exception {
        PriceCatalog catalog = new CatalogReader()
                .parse("use-cases: [{name: u, value-per-inference: 0.2, monthly-budget: 1000}]", "t.yaml");
        CostAnomalyCheck check = new CostAnomalyCheck();
        UseCaseUsage allFine = new UseCaseUsage("u", Money.parse("10"), Money.ZERO, 100, 0);
        assertEquals(List.of(), check.check(List.of(allFine), catalog, Map.of()));
        // 10 > 40 × 0.2 = 8
        UseCaseUsage failing = new UseCaseUsage("u", Money.parse("10"), Money.ZERO, 100, 0, 40);
        List<CostAnomaly> anomalies = check.check(List.of(failing), catalog, Map.of());
        assertEquals(1, anomalies.size());
        assertEquals(CostAnomaly.Kind.COST_ABOVE_VALUE, anomalies.get(0).kind());
        assertEquals(
                "cost 10.000000 over 100 inferences is above their value 0.200000 each for the 40 successful ones",
                anomalies.get(0).detail());
        // exactly at the value: 10 = 50 × 0.2, not above
        assertEquals(
                List.of(),
                check.check(
                        List.of(new UseCaseUsage("u", Money.parse("10"), Money.ZERO, 100, 0, 50)), catalog, Map.of()));
    }
}
