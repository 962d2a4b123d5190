package io.driftwatch.cost.projection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.driftwatch.cost.catalog.CatalogReader;
import io.driftwatch.cost.catalog.PriceCatalog;
import io.driftwatch.cost.money.Money;
import io.driftwatch.cost.projection.CostAnomaly.Kind;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The field report's scenario: a small use case eating the GPU budget, and one that loses money. */
class CostAnomalyCheckTest {

    private static PriceCatalog catalog;

    @BeforeAll
    static void catalog() throws Exception {
        catalog = new CatalogReader().parse("""
                use-cases:
                  - {name: maintenance_assistant, value-per-inference: 0.50, monthly-budget: 2000}
                  - {name: document_search, value-per-inference: 0.02, monthly-budget: 500}
                  - {name: image_inspection, value-per-inference: 0.10, monthly-budget: 10000}
                """, "scenario.yaml");
    }

    // 100,000 inferences and 1,000.00 of GPU cost in all.
    private static final UseCaseUsage MAINTENANCE =
            new UseCaseUsage("maintenance_assistant", Money.parse("400"), Money.parse("400"), 60_000, 9_000_000);
    private static final UseCaseUsage SEARCH =
            new UseCaseUsage("document_search", Money.parse("250"), Money.parse("250"), 35_000, 3_500_000);
    private static final UseCaseUsage INSPECTION =
            new UseCaseUsage("image_inspection", Money.parse("350"), Money.parse("350"), 5_000, 0);

    @Test
    void smallUseCaseWithLargeGpuShareAndMoneyLosingUseCaseAreFlagged() {
        List<CostAnomaly> anomalies =
                new CostAnomalyCheck().check(List.of(MAINTENANCE, SEARCH, INSPECTION), catalog, Map.of());
        // image_inspection: 5 % of the volume, 35 % of the GPU cost > 3 × 5 %. Its 0.07 per inference is below its
        // 0.10.
        // document_search: 0.00714… per inference, below its 0.02; 25 % of the GPU cost for 35 % of the volume.
        // maintenance_assistant: 400 / 60,000 = 0.00667 per inference, far below 0.50.
        assertEquals(
                List.of(Kind.GPU_COST_SHARE_ABOVE_VOLUME_SHARE),
                anomalies.stream().map(CostAnomaly::kind).toList());
        assertEquals("image_inspection", anomalies.get(0).useCase());
        assertEquals(
                "GPU cost share 0.3500 above 3.0 × volume share 0.0500",
                anomalies.get(0).detail());

        UseCaseUsage losing = new UseCaseUsage("document_search", Money.parse("800"), Money.parse("250"), 35_000, 1);
        List<CostAnomaly> withLoss =
                new CostAnomalyCheck().check(List.of(MAINTENANCE, losing, INSPECTION), catalog, Map.of());
        assertEquals(
                List.of(
                        new CostAnomaly(
                                "document_search",
                                Kind.COST_ABOVE_VALUE,
                                "cost 800.000000 over 35000 inferences is above their value 0.020000 each"),
                        new CostAnomaly(
                                "image_inspection",
                                Kind.GPU_COST_SHARE_ABOVE_VOLUME_SHARE,
                                "GPU cost share 0.3500 above 3.0 × volume share 0.0500")),
                withLoss);
    }

    @Test
    void ratiosMatchTheScenario() {
        List<UseCaseRatios> r = UseCaseRatios.of(List.of(MAINTENANCE, SEARCH, INSPECTION), catalog);
        UseCaseRatios inspection = r.get(2);
        assertEquals(0.35, inspection.gpuCostShare(), 1e-15);
        assertEquals(0.05, inspection.volumeShare(), 1e-15);
        assertEquals(0.07, inspection.costPerInference().getAsDouble(), 1e-15);
        assertEquals(0.7, inspection.costToValue().getAsDouble(), 1e-12);
        assertEquals(0.0, inspection.tokensPerCurrencyUnit().getAsDouble());
        assertEquals(9_000_000 / 400.0, r.get(0).tokensPerCurrencyUnit().getAsDouble(), 1e-9);
        assertEquals(400.0 / 60_000 / 0.5, r.get(0).costToValue().getAsDouble(), 1e-15);

        UseCaseRatios idle = UseCaseRatios.of(
                        List.of(new UseCaseUsage("unknown", Money.ZERO, Money.ZERO, 0, 0)), catalog)
                .get(0);
        assertTrue(idle.costPerInference().isEmpty()
                && idle.tokensPerCurrencyUnit().isEmpty()
                && idle.costToValue().isEmpty());
        assertEquals(0.0, idle.gpuCostShare());
    }

    @Test
    void boundariesAreExact() {
        // Exactly 3 × the volume share is not above it; one micro-unit more is.
        UseCaseUsage a = new UseCaseUsage("a", Money.parse("0.3"), Money.parse("0.3"), 10, 0);
        UseCaseUsage b = new UseCaseUsage("b", Money.parse("0.7"), Money.parse("0.7"), 90, 0);
        assertEquals(List.of(), new CostAnomalyCheck().check(List.of(a, b), catalog, Map.of()));
        UseCaseUsage a2 = new UseCaseUsage("a", Money.parse("0.300001"), Money.parse("0.300001"), 10, 0);
        UseCaseUsage b2 = new UseCaseUsage("b", Money.parse("0.699999"), Money.parse("0.699999"), 90, 0);
        assertEquals(
                List.of("a"),
                new CostAnomalyCheck()
                        .check(List.of(a2, b2), catalog, Map.of()).stream()
                                .map(CostAnomaly::useCase)
                                .toList());
        // A lower factor flags more.
        assertEquals(
                List.of("a"),
                new CostAnomalyCheck(1.2)
                        .check(List.of(a, b), catalog, Map.of()).stream()
                                .map(CostAnomaly::useCase)
                                .toList());
        // Cost exactly equal to value is not a loss.
        UseCaseUsage even = new UseCaseUsage("document_search", Money.parse("20"), Money.ZERO, 1000, 0);
        assertEquals(List.of(), new CostAnomalyCheck().check(List.of(even), catalog, Map.of()));
        assertThrows(IllegalArgumentException.class, () -> new CostAnomalyCheck(0));
        assertThrows(IllegalArgumentException.class, () -> new CostAnomalyCheck(Double.NaN));
    }

    @Test
    void projectedMonthEndAboveBudgetIsFlagged() {
        // 100 a day: month-end of a 30-day month projects to 3000 > 2000 for maintenance_assistant.
        Map<LocalDate, Money> daily = new java.util.HashMap<>();
        for (int d = 1; d <= 10; d++) {
            daily.put(LocalDate.of(2024, 6, d), Money.parse("100"));
        }
        MonthEndProjection p = new MonthEndProjector().project(Instant.parse("2024-06-11T00:00:00Z"), daily);
        assertEquals(Money.parse("3000"), p.projectedMonthEnd());
        List<CostAnomaly> anomalies =
                new CostAnomalyCheck().check(List.of(MAINTENANCE), catalog, Map.of("maintenance_assistant", p));
        assertEquals(
                List.of(new CostAnomaly(
                        "maintenance_assistant",
                        Kind.PROJECTED_OVER_BUDGET,
                        "projected month-end cost 3000.000000 above the monthly budget 2000.000000")),
                anomalies);
    }
}
