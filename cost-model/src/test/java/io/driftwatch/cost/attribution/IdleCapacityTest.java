package io.driftwatch.cost.attribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.driftwatch.cost.money.Money;
import java.time.Duration;
import java.util.Map;
import java.util.SortedMap;
import org.junit.jupiter.api.Test;

class IdleCapacityTest {

    @Test
    void provisionedMinusBusy() {
        // 4 GPUs × 1 h × 2.50 = 10.00 provisioned; 35 % busy = 3.50; idle 6.50
        IdleCapacity c = IdleCapacity.of(Money.parse("2.50"), 4, Duration.ofHours(1), 35.0);
        assertEquals(new IdleCapacity(Money.parse("10"), Money.parse("3.5"), Money.parse("6.5")), c);
        assertEquals(
                Money.ZERO,
                IdleCapacity.of(Money.parse("2.50"), 4, Duration.ofHours(1), 100.0)
                        .idle());
        assertEquals(
                Money.parse("10"),
                IdleCapacity.of(Money.parse("2.50"), 4, Duration.ofHours(1), 0.0)
                        .idle());
        // 1 GPU × 10 s at 2.50/h = 0.006944… → 0.006944; 33.3 % busy = 0.00231250 → 0.002312 (half-even)
        IdleCapacity odd = IdleCapacity.of(Money.parse("2.50"), 1, Duration.ofSeconds(10), 33.3);
        assertEquals(Money.ofMicros(6_944), odd.provisioned());
        assertEquals(Money.ofMicros(2_312), odd.busy());
        assertEquals(Money.ofMicros(4_632), odd.idle());
    }

    @Test
    void idleAllocationAddsUpExactly() {
        IdleCapacity c = IdleCapacity.of(Money.parse("2.50"), 3, Duration.ofMinutes(7), 41.7);
        Map<String, Money> usage = Map.of(
                "a", Money.parse("0.333333"), "b", Money.parse("0.333333"), "c", Money.parse("0.1"), "d", Money.ZERO);
        SortedMap<String, Money> parts = c.allocateIdle(usage);
        assertEquals(c.idle(), parts.values().stream().reduce(Money.ZERO, Money::plus));
        assertEquals(Money.ZERO, parts.get("d"));
        assertEquals(parts.get("a").micros(), parts.get("b").micros(), 1);
    }

    @Test
    void refusesBadInput() {
        assertThrows(
                IllegalArgumentException.class, () -> IdleCapacity.of(Money.parse("1"), 1, Duration.ofHours(1), 100.5));
        assertThrows(
                IllegalArgumentException.class,
                () -> IdleCapacity.of(Money.parse("1"), 1, Duration.ofHours(1), Double.NaN));
        assertThrows(
                IllegalArgumentException.class, () -> IdleCapacity.of(Money.parse("1"), -1, Duration.ofHours(1), 5));
        assertThrows(
                IllegalArgumentException.class, () -> IdleCapacity.of(Money.parse("1"), 1, Duration.ofHours(-1), 5));
    }
}
