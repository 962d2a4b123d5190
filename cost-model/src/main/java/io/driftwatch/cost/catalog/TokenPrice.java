package io.driftwatch.cost.catalog;

import io.driftwatch.cost.money.Money;
import java.io.Serializable;
import java.math.BigInteger;
import java.util.Objects;

/**
 * Prices of one million input and one million output tokens of {@code model}, in the catalog currency
 * (catalog entry {@code tokens[]}), as hosted-LLM price tables quote them.
 */
public record TokenPrice(String model, Money inputPerMillion, Money outputPerMillion) implements Serializable {

    private static final long MILLION = 1_000_000L;

    public TokenPrice {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(inputPerMillion, "inputPerMillion");
        Objects.requireNonNull(outputPerMillion, "outputPerMillion");
    }

    /**
     * {@code (inputTokens × inputPerMillion + outputTokens × outputPerMillion) ÷ 1,000,000}, computed
     * exactly and rounded once to micro-units (ties to even).
     *
     * @throws IllegalArgumentException if a token count is negative
     */
    public Money cost(long inputTokens, long outputTokens) {
        if (inputTokens < 0 || outputTokens < 0) {
            throw new IllegalArgumentException(
                    "token counts must be >= 0, got input " + inputTokens + ", output " + outputTokens);
        }
        BigInteger microsTimesMillion = BigInteger.valueOf(inputPerMillion.micros())
                .multiply(BigInteger.valueOf(inputTokens))
                .add(BigInteger.valueOf(outputPerMillion.micros()).multiply(BigInteger.valueOf(outputTokens)));
        BigInteger[] qr = microsTimesMillion.divideAndRemainder(BigInteger.valueOf(MILLION));
        long micros = qr[0].longValueExact();
        int twiceRemainder = qr[1].shiftLeft(1).compareTo(BigInteger.valueOf(MILLION));
        if (twiceRemainder > 0 || (twiceRemainder == 0 && (micros & 1L) == 1L)) {
            micros++;
        }
        return Money.ofMicros(micros);
    }
}
