package io.driftwatch.cost.projection;

import io.driftwatch.cost.catalog.PriceCatalog;
import io.driftwatch.cost.catalog.UseCase;
import io.driftwatch.cost.money.Money;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Cost ratios of one use case within a set of use cases over the same period, as {@code double}s for
 * metric output (exact comparisons are {@link CostAnomalyCheck}'s).
 *
 * @param useCase the use case
 * @param costPerInference {@code cost ÷ inferences}; empty when there were no inferences
 * @param tokensPerCurrencyUnit {@code tokens ÷ cost}; empty when the cost is zero
 * @param costToValue {@code cost ÷ (successful inferences × value per inference)} from the catalog:
 *     failed inferences are priced but deliver no value (without failures this is {@code
 *     costPerInference ÷ value}); above 1 the use case costs more than it brings; empty without
 *     successful inferences or without a positive catalog value
 * @param gpuCostShare {@code gpuCost ÷ Σ gpuCost} over the set; 0 when the set's GPU cost is 0
 * @param volumeShare {@code inferences ÷ Σ inferences} over the set; 0 when the set has no inferences
 * @param costPerSuccessfulInference {@code cost ÷ successful inferences}; empty without successes
 */
public record UseCaseRatios(
        String useCase,
        OptionalDouble costPerInference,
        OptionalDouble tokensPerCurrencyUnit,
        OptionalDouble costToValue,
        double gpuCostShare,
        double volumeShare,
        OptionalDouble costPerSuccessfulInference) {

    public UseCaseRatios {
        Objects.requireNonNull(useCase, "useCase");
        Objects.requireNonNull(costPerInference, "costPerInference");
        Objects.requireNonNull(tokensPerCurrencyUnit, "tokensPerCurrencyUnit");
        Objects.requireNonNull(costToValue, "costToValue");
        Objects.requireNonNull(costPerSuccessfulInference, "costPerSuccessfulInference");
    }

    /** The ratios of every use case in {@code usages}, in the same order, with values from {@code catalog}. */
    public static List<UseCaseRatios> of(List<UseCaseUsage> usages, PriceCatalog catalog) {
        long totalGpuMicros = 0;
        long totalInferences = 0;
        for (UseCaseUsage u : usages) {
            totalGpuMicros = Math.addExact(totalGpuMicros, u.gpuCost().micros());
            totalInferences = Math.addExact(totalInferences, u.inferences());
        }
        List<UseCaseRatios> ratios = new ArrayList<>(usages.size());
        for (UseCaseUsage u : usages) {
            double cost = u.cost().toDouble();
            OptionalDouble perInference =
                    u.inferences() == 0 ? OptionalDouble.empty() : OptionalDouble.of(cost / u.inferences());
            OptionalDouble tokensPerUnit =
                    u.cost().isZero() ? OptionalDouble.empty() : OptionalDouble.of(u.tokens() / cost);
            Optional<Money> value =
                    catalog.useCase(u.useCase()).map(UseCase::valuePerInference).filter(v -> !v.isZero());
            long successes = u.successfulInferences();
            OptionalDouble perSuccess = successes == 0 ? OptionalDouble.empty() : OptionalDouble.of(cost / successes);
            OptionalDouble costToValue = successes > 0 && value.isPresent()
                    ? OptionalDouble.of(u.cost().micros()
                            / ((double) successes * value.get().micros()))
                    : OptionalDouble.empty();
            double gpuShare = totalGpuMicros == 0 ? 0.0 : u.gpuCost().micros() / (double) totalGpuMicros;
            double volumeShare = totalInferences == 0 ? 0.0 : u.inferences() / (double) totalInferences;
            ratios.add(new UseCaseRatios(
                    u.useCase(), perInference, tokensPerUnit, costToValue, gpuShare, volumeShare, perSuccess));
        }
        return ratios;
    }
}
