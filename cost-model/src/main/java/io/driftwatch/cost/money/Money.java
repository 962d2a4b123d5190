package io.driftwatch.cost.money;

import java.io.Serializable;
import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * An amount of money in the deployment's single currency (the price catalog's {@code currency}),
 * held exactly as a {@code long} count of micro-units (10<sup>-6</sup> of the currency unit, e.g.
 * one millionth of a euro).
 *
 * <p>Addition and subtraction are exact and fail with {@link ArithmeticException} on overflow
 * (the range is about ±9.2 × 10<sup>12</sup> currency units), so sums of any number of amounts
 * never drift. The only rounding happens where a non-integral quantity is priced (a rate × a
 * duration, a price per million tokens × a token count, a fraction of an amount): the product is
 * computed exactly and then rounded once to the nearest micro-unit with
 * {@link RoundingMode#HALF_EVEN}, so the error of each priced interval is at most half a
 * micro-unit and unbiased on average.
 *
 * <p>Instances carry no currency: a deployment has exactly one, validated when the catalog is read.
 */
public final class Money implements Comparable<Money>, Serializable {

    private static final long serialVersionUID = 1L;

    /** Number of decimal places held: amounts are integral multiples of 10<sup>-6</sup>. */
    public static final int SCALE = 6;

    /** Micro-units per currency unit. */
    public static final long MICROS_PER_UNIT = 1_000_000L;

    public static final Money ZERO = new Money(0L);

    private final long micros;

    private Money(long micros) {
        this.micros = micros;
    }

    /** The amount of exactly {@code micros} micro-units. */
    public static Money ofMicros(long micros) {
        return micros == 0L ? ZERO : new Money(micros);
    }

    /**
     * The exact amount {@code amount} currency units.
     *
     * @throws ArithmeticException if {@code amount} has a non-zero digit beyond the 6th decimal place
     *     or does not fit the range
     */
    public static Money of(BigDecimal amount) {
        return ofMicros(amount.movePointRight(SCALE)
                .setScale(0, RoundingMode.UNNECESSARY)
                .longValueExact());
    }

    /** {@code amount} currency units rounded to the nearest micro-unit, ties to even. */
    public static Money ofRounded(BigDecimal amount) {
        return ofMicros(
                amount.movePointRight(SCALE).setScale(0, RoundingMode.HALF_EVEN).longValueExact());
    }

    /** Parses a decimal string exactly, as {@link #of(BigDecimal)}. */
    public static Money parse(String amount) {
        return of(new BigDecimal(amount));
    }

    public long micros() {
        return micros;
    }

    /** The exact amount in currency units, with scale {@value #SCALE}. */
    public BigDecimal toBigDecimal() {
        return BigDecimal.valueOf(micros, SCALE);
    }

    /** The amount in currency units as the nearest {@code double}, for metric output only. */
    public double toDouble() {
        return micros / (double) MICROS_PER_UNIT;
    }

    public Money plus(Money other) {
        return ofMicros(Math.addExact(micros, other.micros));
    }

    public Money minus(Money other) {
        return ofMicros(Math.subtractExact(micros, other.micros));
    }

    /** Exact product by an integer. */
    public Money times(long factor) {
        return ofMicros(Math.multiplyExact(micros, factor));
    }

    /** {@code this × factor}, computed exactly and rounded once to micro-units, ties to even. */
    public Money times(BigDecimal factor) {
        return ofRounded(toBigDecimal().multiply(factor));
    }

    /**
     * {@code this × numerator ÷ denominator}, computed exactly and rounded once to micro-units,
     * ties to even.
     *
     * @throws IllegalArgumentException if {@code denominator} is not positive
     * @throws ArithmeticException if the result does not fit the range
     */
    public Money timesRatio(long numerator, long denominator) {
        return timesRatio(BigDecimal.valueOf(numerator), denominator);
    }

    /**
     * {@code this × numerator ÷ denominator} for a decimal {@code numerator} (e.g. a measured duration),
     * computed exactly and rounded once to micro-units, ties to even.
     *
     * @throws IllegalArgumentException if {@code denominator} is not positive
     * @throws ArithmeticException if the result does not fit the range
     */
    public Money timesRatio(BigDecimal numerator, long denominator) {
        if (denominator <= 0) {
            throw new IllegalArgumentException("denominator must be positive, got " + denominator);
        }
        BigDecimal exactMicros = BigDecimal.valueOf(micros).multiply(numerator);
        return ofMicros(exactMicros
                .divide(BigDecimal.valueOf(denominator), 0, RoundingMode.HALF_EVEN)
                .longValueExact());
    }

    public boolean isNegative() {
        return micros < 0;
    }

    public boolean isZero() {
        return micros == 0;
    }

    /** The larger of this and {@code other}. */
    public Money max(Money other) {
        return micros >= other.micros ? this : other;
    }

    /** {@code this ÷ other} as a {@code double}, or {@code NaN} when {@code other} is zero. */
    public double ratioTo(Money other) {
        return other.micros == 0 ? Double.NaN : micros / (double) other.micros;
    }

    @Override
    public int compareTo(Money o) {
        return Long.compare(micros, o.micros);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Money m && m.micros == micros;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(micros);
    }

    /** The plain decimal amount, e.g. {@code 2.500000}. */
    @Override
    public String toString() {
        return toBigDecimal().toPlainString();
    }
}
