package io.driftwatch.cost.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.driftwatch.cost.attribution.AttributedCost;
import io.driftwatch.cost.attribution.CostKey;
import io.driftwatch.cost.attribution.CostSource;
import io.driftwatch.cost.attribution.UsageDeltas;
import io.driftwatch.cost.money.Money;
import org.junit.jupiter.api.Test;

class HourCostTest {

    private static final CostKey KEY = new CostKey("search", "m", "v1", "prod");
    private static final Money COST = Money.parse("1.25");

    private static HourCost of(CostSource source, UsageDeltas usage) {
        return HourCost.of(new AttributedCost(KEY, source, source == CostSource.UNPRICED ? Money.ZERO : COST), usage);
    }

    @Test
    void gpuCostIsTheWholeCostForReportedAndGpuTimeAndNoneForTokens() {
        UsageDeltas usage = UsageDeltas.builder().inferences(4).totalTokens(70).build();
        assertEquals(new HourCost(COST, COST, 4, 70), of(CostSource.REPORTED, usage));
        assertEquals(new HourCost(COST, COST, 4, 70), of(CostSource.GPU_TIME, usage));
        assertEquals(new HourCost(COST, Money.ZERO, 4, 70), of(CostSource.TOKENS, usage));
        assertEquals(new HourCost(Money.ZERO, Money.ZERO, 4, 70), of(CostSource.UNPRICED, usage));
    }

    @Test
    void tokensAreTheSplitCountsWhenEitherIsObservedElseTheTotal() {
        UsageDeltas both = UsageDeltas.builder()
                .inputTokens(30)
                .outputTokens(12)
                .totalTokens(1000)
                .build();
        assertEquals(42, of(CostSource.TOKENS, both).tokens());
        UsageDeltas inputOnly =
                UsageDeltas.builder().inputTokens(30).totalTokens(1000).build();
        assertEquals(30, of(CostSource.TOKENS, inputOnly).tokens());
        UsageDeltas outputOnly =
                UsageDeltas.builder().outputTokens(12).totalTokens(1000).build();
        assertEquals(12, of(CostSource.TOKENS, outputOnly).tokens());
        UsageDeltas totalOnly = UsageDeltas.builder().totalTokens(1000).build();
        assertEquals(1000, of(CostSource.TOKENS, totalOnly).tokens());
        assertEquals(new HourCost(COST, Money.ZERO, 0, 0), of(CostSource.TOKENS, UsageDeltas.NONE));
    }

    @Test
    void minusUndoesPlus() {
        HourCost a = new HourCost(Money.ofMicros(500), Money.ofMicros(300), 7, 11);
        HourCost b = new HourCost(Money.ofMicros(120), Money.ofMicros(20), 2, 5);
        assertEquals(new HourCost(Money.ofMicros(380), Money.ofMicros(280), 5, 6), a.minus(b));
        assertEquals(a, a.plus(b).minus(b));
        assertTrue(a.minus(a).isZero());
    }

    @Test
    void isZeroOnlyWhenEveryPartIsZero() {
        assertTrue(HourCost.ZERO.isZero());
        assertFalse(new HourCost(Money.ofMicros(1), Money.ZERO, 0, 0).isZero());
        assertFalse(new HourCost(Money.ZERO, Money.ofMicros(1), 0, 0).isZero());
        assertFalse(new HourCost(Money.ZERO, Money.ZERO, 1, 0).isZero());
        assertFalse(new HourCost(Money.ZERO, Money.ZERO, 0, 1).isZero());
    }
}
