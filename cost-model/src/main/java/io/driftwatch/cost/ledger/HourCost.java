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
 * @param failedInferences the part of {@code inferences} that ended in an error: priced, no value
 */
public record HourCost(Money cost, Money gpuCost, long inferences, long tokens, long failedInferences) {

    public static final HourCost ZERO = new HourCost(Money.ZERO, Money.ZERO, 0, 0);

    public HourCost {
        Objects.requireNonNull(cost, "cost");
        Objects.requireNonNull(gpuCost, "gpuCost");
    }

    /** Usage without failed inferences. */
    public HourCost(Money cost, Money gpuCost, long inferences, long tokens) {
        this(cost, gpuCost, inferences, tokens, 0);
    }

    /** {@code inferences − failedInferences}. */
    public long successfulInferences() {
        return Math.subtractExact(inferences, failedInferences);
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
                tokens,
                usage.failedInferences().orElse(0));
    }

    public HourCost plus(HourCost o) {
        return new HourCost(
                cost.plus(o.cost),
                gpuCost.plus(o.gpuCost),
                Math.addExact(inferences, o.inferences),
                Math.addExact(tokens, o.tokens),
                Math.addExact(failedInferences, o.failedInferences));
    }

    public HourCost minus(HourCost o) {
        return new HourCost(
                cost.minus(o.cost),
                gpuCost.minus(o.gpuCost),
                Math.subtractExact(inferences, o.inferences),
                Math.subtractExact(tokens, o.tokens),
                Math.subtractExact(failedInferences, o.failedInferences));
    }

    public boolean isZero() {
        return cost.isZero() && gpuCost.isZero() && inferences == 0 && tokens == 0 && failedInferences == 0;
    }
}
