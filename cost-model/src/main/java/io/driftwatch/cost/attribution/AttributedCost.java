package io.driftwatch.cost.attribution;

import io.driftwatch.cost.money.Money;
import java.util.Objects;

/**
 * The cost of one {@link CostKey}'s usage over one interval, and the source it was computed from;
 * {@link Money#ZERO} when the source is {@link CostSource#UNPRICED}.
 */
public record AttributedCost(CostKey key, CostSource source, Money cost) {
    public AttributedCost {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(cost, "cost");
    }

    public boolean isPriced() {
        return source != CostSource.UNPRICED;
    }
}
