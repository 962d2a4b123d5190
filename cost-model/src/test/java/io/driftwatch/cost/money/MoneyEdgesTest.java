package io.driftwatch.cost.money;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.SortedMap;
import org.junit.jupiter.api.Test;

class MoneyEdgesTest {

    @Test
    void equalityIsByMicroUnits() {
        assertEquals(Money.parse("1.5"), Money.ofMicros(1_500_000));
        assertEquals(Money.parse("1.5").hashCode(), Money.ofMicros(1_500_000).hashCode());
        assertNotEquals(Money.ofMicros(1), Money.ofMicros(2));
        assertNotEquals(Money.ofMicros(1), (Object) 1L);
        assertNotEquals(Money.ofMicros(1).hashCode(), Money.ofMicros(2).hashCode());
    }

    @Test
    void maxPicksTheLargerEitherWay() {
        Money small = Money.ofMicros(3);
        Money large = Money.ofMicros(4);
        assertSame(large, small.max(large));
        assertSame(large, large.max(small));
        assertEquals(small, small.max(Money.ofMicros(3)));
    }

    @Test
    void largestRemainderGivesTheLeftoverToTheLargestRemainderWhateverTheKeyOrder() {
        // 1 micro over weights 1 and 2: exact 1/3 and 2/3, floors 0 and 0, the micro goes to b.
        assertEquals(
                Map.of("a", Money.ZERO, "b", Money.ofMicros(1)),
                LargestRemainder.allocate(Money.ofMicros(1), Map.of("a", 1L, "b", 2L)));
        // 5 micros over 1, 1, 3: exact 1, 1, 3, no leftover.
        assertEquals(
                Map.of("a", Money.ofMicros(1), "b", Money.ofMicros(1), "c", Money.ofMicros(3)),
                LargestRemainder.allocate(Money.ofMicros(5), Map.of("a", 1L, "b", 1L, "c", 3L)));
    }

    @Test
    void nothingOverNoKeysIsAnEmptyAllocation() {
        SortedMap<String, Money> parts = LargestRemainder.allocate(Money.ZERO, Map.<String, Long>of());
        assertTrue(parts.isEmpty());
    }
}
