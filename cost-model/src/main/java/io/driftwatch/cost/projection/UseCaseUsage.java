package io.driftwatch.cost.projection;

import io.driftwatch.cost.money.Money;
import java.util.Objects;

/**
 * One use case's usage over a period (all use cases of one comparison must cover the same period).
 *
 * @param useCase the {@code use_case} label, matched against the catalog's {@code use-cases[].name}
 * @param cost the use case's total attributed cost, all sources
 * @param gpuCost the part of {@code cost} spent on GPUs (the caller's choice of sources, typically
 *     reported GPU cost and GPU time, plus any allocated idle capacity)
 * @param inferences number of inferences (the volume)
 * @param tokens number of tokens processed, input and output
 * @param successfulInferences the part of {@code inferences} that did not end in an error: only
 *     they deliver the use case's value
 */
public record UseCaseUsage(
        String useCase, Money cost, Money gpuCost, long inferences, long tokens, long successfulInferences) {

    /** Usage in which every inference succeeded. */
    public UseCaseUsage(String useCase, Money cost, Money gpuCost, long inferences, long tokens) {
        this(useCase, cost, gpuCost, inferences, tokens, inferences);
    }

    public UseCaseUsage {
        Objects.requireNonNull(useCase, "useCase");
        Objects.requireNonNull(cost, "cost");
        Objects.requireNonNull(gpuCost, "gpuCost");
        if (cost.isNegative() || gpuCost.isNegative() || inferences < 0 || tokens < 0) {
            throw new IllegalArgumentException("usage of " + useCase + " must not be negative: cost " + cost
                    + ", gpuCost " + gpuCost + ", inferences " + inferences + ", tokens " + tokens);
        }
        if (successfulInferences < 0 || successfulInferences > inferences) {
            throw new IllegalArgumentException("successful inferences of " + useCase + " must be in [0, " + inferences
                    + "], got " + successfulInferences);
        }
    }
}
