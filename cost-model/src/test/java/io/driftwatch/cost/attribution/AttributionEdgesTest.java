package io.driftwatch.cost.attribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.driftwatch.cost.money.Money;
import java.time.Duration;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class AttributionEdgesTest {

    private static final CostKey KEY = new CostKey("search", "m", "v1", "prod");

    @Test
    void onlyUnpricedIsNotPriced() {
        for (CostSource s : CostSource.values()) {
            assertEquals(s != CostSource.UNPRICED, new AttributedCost(KEY, s, Money.ZERO).isPriced(), s.name());
        }
    }

    @Test
    void zeroGpusHaveNoCapacity() {
        assertEquals(
                new IdleCapacity(Money.ZERO, Money.ZERO, Money.ZERO),
                IdleCapacity.of(Money.parse("2.5"), 0, Duration.ofHours(1), 50.0));
        assertThrows(
                IllegalArgumentException.class,
                () -> IdleCapacity.of(Money.parse("2.5"), -1, Duration.ofHours(1), 50.0));
    }

    @Test
    void usageValuesEqualityAndText() {
        UsageDeltas a = UsageDeltas.builder().reportedCost(1.5).inferences(3).build();
        assertEquals(OptionalLong.of(3), a.inferences());
        assertEquals(OptionalLong.empty(), UsageDeltas.NONE.inferences());
        UsageDeltas b = UsageDeltas.builder().reportedCost(2.5).inferences(3).build();
        assertNotEquals(a, b);
        assertNotEquals(a, (Object) "a");
        assertNotEquals(a.hashCode(), b.hashCode());
        assertEquals(
                a.hashCode(),
                UsageDeltas.builder().reportedCost(1.5).inferences(3).build().hashCode());
        assertEquals(
                "UsageDeltas{reportedCost=1.5, durationMillis=null, inputTokens=null, outputTokens=null,"
                        + " totalTokens=null, inferences=3}",
                a.toString());
        // a count observed only on the left stays observed
        UsageDeltas sum =
                UsageDeltas.builder().inferences(3).totalTokens(9).build().plus(UsageDeltas.NONE);
        assertEquals(OptionalLong.of(3), sum.inferences());
        assertEquals(OptionalLong.of(9), sum.totalTokens());
        assertTrue(sum.reportedCost().isEmpty());
        assertFalse(sum.inputTokens().isPresent());
    }
}
