package io.driftwatch.cost.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.driftwatch.cost.money.Money;
import java.math.BigDecimal;
import java.math.RoundingMode;
import org.junit.jupiter.api.Test;

/** Token cost rounding, checked against BigDecimal's half-even rounding of the exact amount. */
class TokenPriceTest {

    /** input and output price per million tokens: 0.000001 and 0.000003 currency units. */
    private static final TokenPrice TINY = new TokenPrice("m", Money.ofMicros(1), Money.ofMicros(3));

    private static Money exact(TokenPrice p, long in, long out) {
        BigDecimal amount = p.inputPerMillion()
                .toBigDecimal()
                .multiply(BigDecimal.valueOf(in))
                .add(p.outputPerMillion().toBigDecimal().multiply(BigDecimal.valueOf(out)))
                .divide(BigDecimal.valueOf(1_000_000));
        return Money.of(amount.setScale(Money.SCALE, RoundingMode.HALF_EVEN));
    }

    @Test
    void halfAMicroRoundsToEven() {
        assertEquals(Money.ofMicros(0), TINY.cost(500_000, 0)); // 0.5 → 0
        assertEquals(Money.ofMicros(2), TINY.cost(1_500_000, 0)); // 1.5 → 2
        assertEquals(Money.ofMicros(2), TINY.cost(2_500_000, 0)); // 2.5 → 2
        assertEquals(Money.ofMicros(4), TINY.cost(3_500_000, 0)); // 3.5 → 4
        assertEquals(Money.ofMicros(1), TINY.cost(500_001, 0)); // just above a half
        assertEquals(Money.ofMicros(0), TINY.cost(499_999, 0)); // just below a half
    }

    @Test
    void matchesExactArithmeticOnAGrid() {
        TokenPrice gpt = new TokenPrice("gpt", Money.parse("2.5"), Money.parse("10"));
        for (long in = 0; in <= 1_000; in += 37) {
            for (long out = 0; out <= 1_000; out += 53) {
                assertEquals(exact(gpt, in, out), gpt.cost(in, out), in + "/" + out);
                assertEquals(exact(TINY, in * 1001, out * 997), TINY.cost(in * 1001, out * 997), in + "/" + out);
            }
        }
    }

    @Test
    void negativeCountsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> TINY.cost(-1, 0));
        assertThrows(IllegalArgumentException.class, () -> TINY.cost(0, -1));
    }
}
