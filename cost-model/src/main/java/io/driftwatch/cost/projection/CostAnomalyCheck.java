package io.driftwatch.cost.projection;

import io.driftwatch.cost.catalog.PriceCatalog;
import io.driftwatch.cost.catalog.UseCase;
import io.driftwatch.cost.money.Money;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Flags use cases whose cost looks wrong. Comparisons are exact (integer micro-units and counts,
 * cross-multiplied), so a case on the boundary is decided the same way every time:
 * <ul>
 *   <li>{@link CostAnomaly.Kind#GPU_COST_SHARE_ABOVE_VOLUME_SHARE}: {@code gpuCost ÷ Σ gpuCost >
 *       factor × inferences ÷ Σ inferences} (sums over the use cases compared; default factor
 *       {@value #DEFAULT_SHARE_FACTOR}); never when the total GPU cost is 0; when the set has no
 *       inferences at all, any use case with GPU cost is flagged;
 *   <li>{@link CostAnomaly.Kind#COST_ABOVE_VALUE}: {@code cost > successful inferences × value per
 *       inference} (i.e. cost-to-value ratio above 1; failed inferences are priced but deliver no value),
 *       for use cases with inferences and a catalog value above 0;
 *   <li>{@link CostAnomaly.Kind#PROJECTED_OVER_BUDGET}: the projected month-end cost is strictly above
 *       the catalog's monthly budget, for use cases with a projection and a catalog entry.
 * </ul>
 */
public final class CostAnomalyCheck {

    public static final double DEFAULT_SHARE_FACTOR = 3.0;

    private final BigDecimal shareFactor;

    public CostAnomalyCheck() {
        this(DEFAULT_SHARE_FACTOR);
    }

    /** @throws IllegalArgumentException if {@code shareFactor} is not finite and positive */
    public CostAnomalyCheck(double shareFactor) {
        if (!(shareFactor > 0) || Double.isInfinite(shareFactor)) {
            throw new IllegalArgumentException("shareFactor must be finite and > 0, got " + shareFactor);
        }
        this.shareFactor = BigDecimal.valueOf(shareFactor);
    }

    /**
     * Checks every use case of {@code usages} (one period) and, where given, its month-end projection.
     *
     * @param projections month-end projection per use case name; use cases without one are not checked
     *     against their budget
     * @return the anomalies, in the order of {@code usages}, each use case's in {@link CostAnomaly.Kind} order
     */
    public List<CostAnomaly> check(
            List<UseCaseUsage> usages, PriceCatalog catalog, Map<String, MonthEndProjection> projections) {
        BigInteger totalGpu = BigInteger.ZERO;
        BigInteger totalInferences = BigInteger.ZERO;
        for (UseCaseUsage u : usages) {
            totalGpu = totalGpu.add(BigInteger.valueOf(u.gpuCost().micros()));
            totalInferences = totalInferences.add(BigInteger.valueOf(u.inferences()));
        }
        List<CostAnomaly> anomalies = new ArrayList<>();
        for (UseCaseUsage u : usages) {
            if (shareAboveVolume(u, totalGpu, totalInferences)) {
                anomalies.add(new CostAnomaly(
                        u.useCase(),
                        CostAnomaly.Kind.GPU_COST_SHARE_ABOVE_VOLUME_SHARE,
                        String.format(
                                Locale.ROOT,
                                "GPU cost share %.4f above %s × volume share %.4f",
                                share(u.gpuCost().micros(), totalGpu),
                                shareFactor.toPlainString(),
                                share(u.inferences(), totalInferences))));
            }
            Optional<UseCase> useCase = catalog.useCase(u.useCase());
            Money value = useCase.map(UseCase::valuePerInference).orElse(Money.ZERO);
            if (u.inferences() > 0
                    && !value.isZero()
                    && BigInteger.valueOf(u.cost().micros())
                                    .compareTo(BigInteger.valueOf(value.micros())
                                            .multiply(BigInteger.valueOf(u.successfulInferences())))
                            > 0) {
                anomalies.add(new CostAnomaly(
                        u.useCase(),
                        CostAnomaly.Kind.COST_ABOVE_VALUE,
                        "cost " + u.cost() + " over " + u.inferences() + " inferences is above their value " + value
                                + " each"
                                + (u.successfulInferences() == u.inferences()
                                        ? ""
                                        : " for the " + u.successfulInferences() + " successful ones")));
            }
            MonthEndProjection projection = projections.get(u.useCase());
            if (projection != null
                    && useCase.isPresent()
                    && projection.projectedOverBudget(useCase.get().monthlyBudget())) {
                anomalies.add(new CostAnomaly(
                        u.useCase(),
                        CostAnomaly.Kind.PROJECTED_OVER_BUDGET,
                        "projected month-end cost " + projection.projectedMonthEnd() + " above the monthly budget "
                                + useCase.get().monthlyBudget()));
            }
        }
        return anomalies;
    }

    private boolean shareAboveVolume(UseCaseUsage u, BigInteger totalGpu, BigInteger totalInferences) {
        if (totalGpu.signum() == 0) {
            return false;
        }
        if (totalInferences.signum() == 0) {
            return !u.gpuCost().isZero();
        }
        // gpu/totalGpu > f × inf/totalInf  ⇔  gpu × totalInf > f × inf × totalGpu (denominators > 0)
        BigDecimal left =
                new BigDecimal(BigInteger.valueOf(u.gpuCost().micros()).multiply(totalInferences));
        BigDecimal right = shareFactor.multiply(
                new BigDecimal(BigInteger.valueOf(u.inferences()).multiply(totalGpu)));
        return left.compareTo(right) > 0;
    }

    private static double share(long part, BigInteger total) {
        return total.signum() == 0 ? 0.0 : part / total.doubleValue();
    }
}
