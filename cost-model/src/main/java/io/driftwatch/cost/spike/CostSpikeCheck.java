package io.driftwatch.cost.spike;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Whether an hour's cost is a spike for its hour of the week. For the hour ending {@code T} with cost
 * {@code c}, the reference values are the costs {@code x_i} of the hours ending {@code T − i × 168 h},
 * {@code i = 1 … weeks}, that are known ({@link HourlyCosts#cost}: at or after the use case's first
 * hour; 0 when it had no usage then). With {@code n} of them, mean {@code m = Σx / n} and population
 * standard deviation {@code s = √(Σ(x − m)² / n)}, the hour is a spike when
 *
 * <pre>
 *   n ≥ minWeeks  and  c > m + threshold × s  and  c > minRatio × m
 * </pre>
 *
 * The comparison is exact in micro-units: {@code n·c − Σx > 0}, {@code (n·c − Σx)² > threshold² ×
 * (n·Σx² − (Σx)²)} and {@code n·c > minRatio × Σx}, with the two factors taken as the exact values of
 * their doubles. A Monday-morning peak that recurs every Monday has the mean of the Monday mornings
 * and is no spike; the same cost at 3 a.m. on a Saturday is. The ratio keeps a steady hour's small
 * spread (a few per cent) from turning ordinary noise into spikes.
 */
public final class CostSpikeCheck {

    private final int weeks;
    private final int minWeeks;
    private final BigDecimal threshold;
    private final BigDecimal minRatio;

    public CostSpikeCheck(int weeks, int minWeeks, double threshold, double minRatio) {
        if (weeks < 1 || minWeeks < 1 || minWeeks > weeks) {
            throw new IllegalArgumentException("need 1 <= minWeeks <= weeks, got " + minWeeks + ", " + weeks);
        }
        if (!(threshold > 0) || !(minRatio >= 1) || Double.isInfinite(threshold) || Double.isInfinite(minRatio)) {
            throw new IllegalArgumentException(
                    "need threshold > 0 and minRatio >= 1, got " + threshold + ", " + minRatio);
        }
        this.weeks = weeks;
        this.minWeeks = minWeeks;
        this.threshold = new BigDecimal(threshold);
        this.minRatio = new BigDecimal(minRatio);
    }

    /** The spike of the hour ending {@code hourEnd}, whose cost {@code history} holds, if it is one. */
    public Optional<CostSpike> check(HourlyCosts history, long hourEnd) {
        OptionalLong cost = history.cost(hourEnd);
        if (cost.isEmpty()) {
            return Optional.empty();
        }
        long c = cost.getAsLong();
        int n = 0;
        BigInteger sum = BigInteger.ZERO;
        BigInteger squares = BigInteger.ZERO;
        for (int i = 1; i <= weeks; i++) {
            OptionalLong x = history.cost(hourEnd - i * HourlyCosts.WEEK);
            if (x.isPresent()) {
                BigInteger v = BigInteger.valueOf(x.getAsLong());
                n++;
                sum = sum.add(v);
                squares = squares.add(v.multiply(v));
            }
        }
        if (n < minWeeks) {
            return Optional.empty();
        }
        BigInteger nn = BigInteger.valueOf(n);
        BigInteger excess = nn.multiply(BigInteger.valueOf(c)).subtract(sum); // n·c − Σx
        BigInteger spread = nn.multiply(squares).subtract(sum.multiply(sum)); // n²·s²
        boolean above = excess.signum() > 0
                && new BigDecimal(excess.multiply(excess))
                                .compareTo(threshold.multiply(threshold).multiply(new BigDecimal(spread)))
                        > 0
                && new BigDecimal(nn.multiply(BigInteger.valueOf(c))).compareTo(minRatio.multiply(new BigDecimal(sum)))
                        > 0;
        if (!above) {
            return Optional.empty();
        }
        BigDecimal mean = new BigDecimal(sum)
                .divide(new BigDecimal(nn), MathContext.DECIMAL128)
                .movePointLeft(6);
        BigDecimal stddev = new BigDecimal(spread)
                .sqrt(MathContext.DECIMAL128)
                .divide(new BigDecimal(nn), MathContext.DECIMAL128)
                .movePointLeft(6)
                .setScale(6, RoundingMode.HALF_EVEN);
        return Optional.of(new CostSpike(hourEnd, c, n, mean.stripTrailingZeros(), stddev));
    }
}
