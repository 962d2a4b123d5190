package io.driftwatch.cost.ledger;

import io.driftwatch.cost.attribution.AttributedCost;
import io.driftwatch.cost.attribution.CostSource;
import io.driftwatch.cost.attribution.UsageDeltas;
import io.driftwatch.cost.money.Money;
import java.util.Objects;

/**
 * Priced usage over one interval (or a sum of intervals).
 *
 * @param cost the attributed cost, all sources
 * @param gpuCost the part of {@code cost} spent on GPUs: all of it when it came from {@link
 *     CostSource#REPORTED} (the service's GPU cost counter) or {@link CostSource#GPU_TIME}, none of it
 *     when it came from {@link CostSource#TOKENS}
 * @param inferences the number of inferences
 * @param tokens the number of tokens, input and output
 */
public record HourCost(Money cost, Money gpuCost, long inferences, long tokens) {

    public static final HourCost ZERO = new HourCost(Money.ZERO, Money.ZERO, 0, 0);

    public HourCost {
        Objects.requireNonNull(cost, "cost");
        Objects.requireNonNull(gpuCost, "gpuCost");
    }

    /** The priced form of {@code usage}: tokens are the split counts when observed, else the total. */
    public static HourCost of(AttributedCost attributed, UsageDeltas usage) {
        boolean gpu = attributed.source() == CostSource.REPORTED || attributed.source() == CostSource.GPU_TIME;
        long tokens = usage.inputTokens().isPresent() || usage.outputTokens().isPresent()
                ? Math.addExact(
                        usage.inputTokens().orElse(0), usage.outputTokens().orElse(0))
                : usage.totalTokens().orElse(0);
        return new HourCost(
                attributed.cost(),
                gpu ? attributed.cost() : Money.ZERO,
                usage.inferences().orElse(0),
                tokens);
    }

    public HourCost plus(HourCost o) {
        return new HourCost(
                cost.plus(o.cost),
                gpuCost.plus(o.gpuCost),
                Math.addExact(inferences, o.inferences),
                Math.addExact(tokens, o.tokens));
    }

    public HourCost minus(HourCost o) {
        return new HourCost(
                cost.minus(o.cost),
                gpuCost.minus(o.gpuCost),
                Math.subtractExact(inferences, o.inferences),
                Math.subtractExact(tokens, o.tokens));
    }

    public boolean isZero() {
        return cost.isZero() && gpuCost.isZero() && inferences == 0 && tokens == 0;
    }
}
