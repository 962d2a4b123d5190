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
import org.junit.jupiter.api.Test;

class ProjectionEdgesTest {

    private static PriceCatalog catalog() throws Exception {
        return new CatalogReader().parse("""
                use-cases:
                  - {name: search, value-per-inference: 0.02, monthly-budget: 500}
                  - {name: free, value-per-inference: 0, monthly-budget: 500}
                """, "t.yaml");
    }

    @Test
    void costWithoutInferencesIsNotALossAgainstValue() throws Exception {
        UseCaseUsage noInferences = new UseCaseUsage("search", Money.parse("5"), Money.ZERO, 0, 0);
        assertEquals(List.of(), new CostAnomalyCheck().check(List.of(noInferences), catalog(), Map.of()));
    }

    @Test
    void gpuCostWithNoVolumeAtAllIsAboveTheVolumeShare() throws Exception {
        UseCaseUsage spends = new UseCaseUsage("x", Money.parse("1"), Money.parse("1"), 0, 0);
        UseCaseUsage idle = new UseCaseUsage("y", Money.ZERO, Money.ZERO, 0, 0);
        assertEquals(
                List.of(new CostAnomaly(
                        "x",
                        Kind.GPU_COST_SHARE_ABOVE_VOLUME_SHARE,
                        "GPU cost share 1.0000 above 3.0 × volume share 0.0000")),
                new CostAnomalyCheck().check(List.of(spends, idle), catalog(), Map.of()));
    }

    @Test
    void aZeroValuePerInferenceHasNoCostToValue() throws Exception {
        UseCaseRatios free = UseCaseRatios.of(
                        List.of(new UseCaseUsage("free", Money.parse("2"), Money.ZERO, 4, 10)), catalog())
                .get(0);
        assertEquals(0.5, free.costPerInference().getAsDouble());
        assertTrue(free.costToValue().isEmpty());
        UseCaseRatios search = UseCaseRatios.of(
                        List.of(new UseCaseUsage("search", Money.parse("2"), Money.ZERO, 4, 10)), catalog())
                .get(0);
        assertEquals(25.0, search.costToValue().getAsDouble()); // 0.5 per inference ÷ 0.02
    }

    @Test
    void recentDaysRangeIsOneToThirtyOne() {
        assertEquals(1, new MonthEndProjector(1).recentDays());
        assertEquals(31, new MonthEndProjector(31).recentDays());
        assertEquals(MonthEndProjector.DEFAULT_RECENT_DAYS, new MonthEndProjector().recentDays());
        assertThrows(IllegalArgumentException.class, () -> new MonthEndProjector(0));
        assertThrows(IllegalArgumentException.class, () -> new MonthEndProjector(32));
        // one recent day: the rate is yesterday's cost; June 11 00:00 leaves 20 days of June
        MonthEndProjection p = new MonthEndProjector(1)
                .project(
                        Instant.parse("2024-06-11T00:00:00Z"),
                        Map.of(
                                LocalDate.of(2024, 6, 9),
                                Money.parse("100"),
                                LocalDate.of(2024, 6, 10),
                                Money.parse("3")));
        assertEquals(Money.parse("3"), p.recentDailyRate());
        assertEquals(Money.parse("163"), p.projectedMonthEnd());
    }
}
