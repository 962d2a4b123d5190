package io.driftwatch.cost.attribution;

import io.driftwatch.cost.money.LargestRemainder;
import io.driftwatch.cost.money.Money;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;

/**
 * Cost of provisioned GPU capacity over an interval, split into busy and idle parts.
 *
 * <p>Definitions, for {@code n} GPUs of one type with hourly rate {@code r} over an interval of
 * {@code t} milliseconds and a mean utilisation {@code u} percent over those GPUs and that interval
 * (e.g. the mean of {@code DCGM_FI_DEV_GPU_UTIL}):
 * <ul>
 *   <li>{@code provisioned = r × n × t ÷ 3,600,000};
 *   <li>{@code busy = r × n × t × u ÷ 100 ÷ 3,600,000};
 *   <li>{@code idle = max(0, provisioned − busy)}.
 * </ul>
 * Each of {@code provisioned} and {@code busy} is computed exactly and rounded once to micro-units
 * (half-even); {@code idle} is their exact difference.
 *
 * @param provisioned cost of all GPUs for the whole interval
 * @param busy cost of the GPU time the utilisation says was used
 * @param idle cost of the unused GPU time, never negative
 */
public record IdleCapacity(Money provisioned, Money busy, Money idle) {

    private static final long MILLIS_PER_HOUR = 3_600_000L;

    public IdleCapacity {
        Objects.requireNonNull(provisioned, "provisioned");
        Objects.requireNonNull(busy, "busy");
        Objects.requireNonNull(idle, "idle");
    }

    /**
     * Computes the split defined above.
     *
     * @throws IllegalArgumentException if {@code gpuCount} or the interval is negative, or the
     *     utilisation is not within [0, 100]
     */
    public static IdleCapacity of(Money hourlyRate, int gpuCount, Duration interval, double meanUtilisationPercent) {
        if (gpuCount < 0) {
            throw new IllegalArgumentException("gpuCount must be >= 0, got " + gpuCount);
        }
        if (interval.isNegative()) {
            throw new IllegalArgumentException("interval must not be negative, got " + interval);
        }
        if (!(meanUtilisationPercent >= 0 && meanUtilisationPercent <= 100)) {
            throw new IllegalArgumentException(
                    "utilisation must be within [0, 100] percent, got " + meanUtilisationPercent);
        }
        long gpuMillis = Math.multiplyExact(gpuCount, interval.toMillis());
        Money provisioned = hourlyRate.timesRatio(gpuMillis, MILLIS_PER_HOUR);
        BigDecimal busyGpuMillis = BigDecimal.valueOf(gpuMillis).multiply(BigDecimal.valueOf(meanUtilisationPercent));
        Money busy = hourlyRate.timesRatio(busyGpuMillis, MILLIS_PER_HOUR * 100);
        return new IdleCapacity(provisioned, busy, provisioned.minus(busy).max(Money.ZERO));
    }

    /**
     * Allocates {@link #idle()} to use cases in proportion to their cost over the same interval (e.g.
     * their attributed GPU cost), with {@link LargestRemainder}: the parts add up to {@code idle}
     * exactly; if every use case cost nothing, idle is split equally. To allocate by busy GPU time
     * instead, call {@code LargestRemainder.allocate(idle(), busyMillisByUseCase)}.
     *
     * @param usageCost each use case's cost, {@code >= 0}
     * @throws IllegalArgumentException if a cost is negative, or there are no use cases while idle is not 0
     */
    public SortedMap<String, Money> allocateIdle(Map<String, Money> usageCost) {
        Map<String, Long> weights = new LinkedHashMap<>();
        usageCost.forEach((useCase, cost) -> weights.put(useCase, cost.micros()));
        return LargestRemainder.allocate(idle, weights);
    }
}
