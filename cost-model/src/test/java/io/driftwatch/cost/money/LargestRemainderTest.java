package io.driftwatch.cost.money;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Map;
import java.util.SortedMap;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class LargestRemainderTest {

    @Test
    void thirdsAddUpAndLeftoverGoesByRemainderThenKey() {
        SortedMap<String, Money> parts =
                LargestRemainder.allocate(Money.ofMicros(100), Map.of("a", 1L, "b", 1L, "c", 1L));
        assertEquals(Map.of("a", Money.ofMicros(34), "b", Money.ofMicros(33), "c", Money.ofMicros(33)), parts);

        // 10 over weights 1,2,3 (W = 6): exact 1.67, 3.33, 5 → floors 1, 3, 5; remainders 4, 2, 0 → a gets the 1 left.
        assertEquals(
                Map.of("a", Money.ofMicros(2), "b", Money.ofMicros(3), "c", Money.ofMicros(5)),
                LargestRemainder.allocate(Money.ofMicros(10), Map.of("a", 1L, "b", 2L, "c", 3L)));
    }

    @Test
    void randomAllocationsSumExactlyAndStayWithinOneMicroOfTheExactShare() {
        SplittableRandom random = new SplittableRandom(7);
        for (int round = 0; round < 500; round++) {
            Money total = Money.ofMicros(random.nextLong(0, 10_000_000_000L));
            Map<String, Long> weights = new TreeMap<>();
            int n = random.nextInt(1, 12);
            for (int i = 0; i < n; i++) {
                weights.put("uc" + i, random.nextLong(0, 3_600_000_000L));
            }
            SortedMap<String, Money> parts = LargestRemainder.allocate(total, weights);
            long sum = parts.values().stream().mapToLong(Money::micros).sum();
            assertEquals(total.micros(), sum);
            long w = weights.values().stream().mapToLong(Long::longValue).sum();
            for (Map.Entry<String, Long> e : weights.entrySet()) {
                BigDecimal exact = w == 0
                        ? BigDecimal.valueOf(total.micros()).divide(BigDecimal.valueOf(n), MathContext.DECIMAL128)
                        : BigDecimal.valueOf(total.micros())
                                .multiply(BigDecimal.valueOf(e.getValue()))
                                .divide(BigDecimal.valueOf(w), MathContext.DECIMAL128);
                BigDecimal diff = exact.subtract(
                                BigDecimal.valueOf(parts.get(e.getKey()).micros()))
                        .abs();
                assertTrue(
                        diff.compareTo(BigDecimal.ONE) < 0,
                        () -> e + " exact " + exact + " got " + parts.get(e.getKey()));
            }
        }
    }

    @Test
    void zeroWeightsSplitEquallyAndBadInputIsRefused() {
        assertEquals(
                Map.of("a", Money.ofMicros(2), "b", Money.ofMicros(1)),
                LargestRemainder.allocate(Money.ofMicros(3), Map.of("a", 0L, "b", 0L)));
        assertThrows(
                IllegalArgumentException.class, () -> LargestRemainder.allocate(Money.ofMicros(-1), Map.of("a", 1L)));
        assertThrows(
                IllegalArgumentException.class, () -> LargestRemainder.allocate(Money.ofMicros(1), Map.of("a", -1L)));
        assertThrows(
                IllegalArgumentException.class,
                () -> LargestRemainder.allocate(Money.ofMicros(1), Map.<String, Long>of()));
    }
}
