package io.driftwatch.cost.money;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class MoneyTest {

    @Test
    void millionSmallCostsSumExactly() {
        SplittableRandom random = new SplittableRandom(42);
        Money sum = Money.ZERO;
        BigDecimal expected = BigDecimal.ZERO;
        double naive = 0.0;
        for (int i = 0; i < 1_000_000; i++) {
            // Between 0.000001 and 0.009999: typical per-inference costs.
            String amount = "0.00" + String.format("%04d", random.nextInt(1, 10_000));
            sum = sum.plus(Money.parse(amount));
            expected = expected.add(new BigDecimal(amount));
            naive += Double.parseDouble(amount);
        }
        assertEquals(expected.setScale(Money.SCALE), sum.toBigDecimal());
        // The same sum in double arithmetic drifts: that is what Money avoids.
        assertNotEquals(0, expected.compareTo(new BigDecimal(naive)));
    }

    @Test
    void rateTimesDurationRoundsOnceHalfEven() {
        Money hourly = Money.parse("2.50");
        // 1 s at 2.50/h = 0.000694444… → 0.000694; 1 ms = 0.694 micro-units → 1
        assertEquals(Money.ofMicros(694), hourly.timesRatio(1_000, 3_600_000));
        assertEquals(Money.ofMicros(1), hourly.timesRatio(1, 3_600_000));
        // 2.5 micro-units → ties to even → 2; 3.5 → 4
        assertEquals(Money.ofMicros(2), Money.ofMicros(5).timesRatio(1, 2));
        assertEquals(Money.ofMicros(4), Money.ofMicros(7).timesRatio(1, 2));
        assertEquals(Money.ofMicros(2), Money.parse("2.50").times(new BigDecimal("0.000001")));
        BigDecimal exact = new BigDecimal("2.50")
                .multiply(BigDecimal.valueOf(123_456_789))
                .divide(BigDecimal.valueOf(3_600_000), 6, RoundingMode.HALF_EVEN);
        assertEquals(exact, hourly.timesRatio(123_456_789, 3_600_000).toBigDecimal());
    }

    @Test
    void refusesSubMicroAmountsAndOverflow() {
        assertThrows(ArithmeticException.class, () -> Money.parse("0.0000001"));
        assertEquals(Money.ofMicros(0), Money.ofRounded(new BigDecimal("0.0000005")));
        assertEquals(Money.ofMicros(2), Money.ofRounded(new BigDecimal("0.0000015")));
        assertThrows(
                ArithmeticException.class, () -> Money.ofMicros(Long.MAX_VALUE).plus(Money.ofMicros(1)));
        assertThrows(IllegalArgumentException.class, () -> Money.ZERO.timesRatio(1, 0));
    }

    @Test
    void valueSemantics() {
        assertEquals(Money.parse("1.5"), Money.parse("1.500000"));
        assertEquals("1.500000", Money.parse("1.5").toString());
        assertEquals(Money.parse("0.25"), Money.parse("1").minus(Money.parse("0.75")));
        assertEquals(Money.ZERO, Money.parse("-1").max(Money.ZERO));
    }
}
