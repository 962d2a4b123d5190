package io.driftwatch.cost.attribution;

import io.driftwatch.cost.catalog.PriceCatalog;
import io.driftwatch.cost.catalog.TokenPrice;
import io.driftwatch.cost.money.Money;
import java.math.BigDecimal;
import java.util.Objects;
import java.util.Optional;

/**
 * Prices one {@link CostKey}'s usage over one interval from the first source, in this order, whose
 * input was observed and which the catalog can price:
 *
 * <ol>
 *   <li>{@link CostSource#REPORTED}: the service's own counter {@code ml.inference.cost.gpu}; its delta
 *       is taken as is (already in the catalog currency), converted from {@code double} through its
 *       shortest decimal representation ({@link BigDecimal#valueOf(double)}) and rounded to micro-units.
 *   <li>{@link CostSource#GPU_TIME}: {@code durationMillis × hourly ÷ 3,600,000}, where {@code hourly} is
 *       the rate of the GPU type and provider that {@code gpu.models} maps the model to. Needs the model
 *       in {@code gpu.models}. This prices busy GPU time only; idle capacity is {@link IdleCapacity}'s job.
 *   <li>{@link CostSource#TOKENS}: {@code (input × inputPrice + output × outputPrice) ÷ 1,000,000} with
 *       the model's prices per million tokens. If either split count ({@code gen_ai.token.type}
 *       input/output) was observed, only the split counts are used (a missing side counts as 0) and
 *       {@code ml.inference.tokens.total} is ignored, so no token is priced twice. Otherwise
 *       {@code ml.inference.tokens.total} is priced entirely at the <em>output</em> price: the counter
 *       does not say how the tokens split, and output prices are the higher ones in hosted-LLM price
 *       tables, so the estimate errs on the side of spending, never hides it.
 * </ol>
 *
 * A higher-priority source whose input was observed but cannot be priced (e.g. durations of a model
 * missing from {@code gpu.models}) falls through to the next. When none applies the result is
 * {@link CostSource#UNPRICED} with a zero cost, for the caller to count. The deltas already cover the
 * interval, so the interval itself plays no part in the computation.
 */
public final class CostAttribution {

    private static final long MILLIS_PER_HOUR = 3_600_000L;

    private final PriceCatalog catalog;

    public CostAttribution(PriceCatalog catalog) {
        this.catalog = Objects.requireNonNull(catalog, "catalog");
    }

    /**
     * Prices {@code usage} of {@code key} as defined above.
     *
     * @throws ArithmeticException if the cost does not fit {@link Money}'s range (about 9.2 × 10<sup>12</sup>
     *     currency units): only absurd deltas get there, and the caller should treat them as bad input
     */
    public AttributedCost attribute(CostKey key, UsageDeltas usage) {
        if (usage.reportedCost().isPresent()) {
            return new AttributedCost(
                    key,
                    CostSource.REPORTED,
                    Money.ofRounded(BigDecimal.valueOf(usage.reportedCost().getAsDouble())));
        }
        Optional<Money> hourly = catalog.gpuHourlyRate(key.model());
        if (usage.durationMillis().isPresent() && hourly.isPresent()) {
            Money cost = hourly.get()
                    .timesRatio(BigDecimal.valueOf(usage.durationMillis().getAsDouble()), MILLIS_PER_HOUR);
            return new AttributedCost(key, CostSource.GPU_TIME, cost);
        }
        Optional<TokenPrice> prices = catalog.tokenPrice(key.model());
        if (prices.isPresent()) {
            if (usage.inputTokens().isPresent() || usage.outputTokens().isPresent()) {
                Money cost = prices.get()
                        .cost(
                                usage.inputTokens().orElse(0),
                                usage.outputTokens().orElse(0));
                return new AttributedCost(key, CostSource.TOKENS, cost);
            }
            if (usage.totalTokens().isPresent()) {
                return new AttributedCost(
                        key,
                        CostSource.TOKENS,
                        prices.get().cost(0, usage.totalTokens().getAsLong()));
            }
        }
        return new AttributedCost(key, CostSource.UNPRICED, Money.ZERO);
    }
}
