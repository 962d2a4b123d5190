package io.driftwatch.cost.attribution;

import java.util.Objects;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * The usage one {@link CostKey} recorded over one interval, as deltas of the input metrics; each is
 * absent when the metric was not observed in the interval (which differs from an observed 0).
 *
 * <ul>
 *   <li>{@link #reportedCost()}: Δ of the counter {@code ml.inference.cost.gpu}, in the catalog currency;
 *   <li>{@link #durationMillis()}: Δ of the sum of the histogram {@code ml.inference.duration}, in ms;
 *   <li>{@link #inputTokens()}, {@link #outputTokens()}: Δ of the sum of the histogram
 *       {@code gen_ai.client.token.usage} with {@code gen_ai.token.type} = {@code input} / {@code output};
 *   <li>{@link #totalTokens()}: Δ of the counter {@code ml.inference.tokens.total} (not split by type).
 * </ul>
 *
 * All values are finite and {@code >= 0}: deltas come after reset-aware cumulative-to-delta conversion.
 */
public final class UsageDeltas {

    private final Double reportedCost;
    private final Double durationMillis;
    private final Long inputTokens;
    private final Long outputTokens;
    private final Long totalTokens;

    private UsageDeltas(Builder b) {
        this.reportedCost = b.reportedCost;
        this.durationMillis = b.durationMillis;
        this.inputTokens = b.inputTokens;
        this.outputTokens = b.outputTokens;
        this.totalTokens = b.totalTokens;
    }

    public static Builder builder() {
        return new Builder();
    }

    public OptionalDouble reportedCost() {
        return reportedCost == null ? OptionalDouble.empty() : OptionalDouble.of(reportedCost);
    }

    public OptionalDouble durationMillis() {
        return durationMillis == null ? OptionalDouble.empty() : OptionalDouble.of(durationMillis);
    }

    public OptionalLong inputTokens() {
        return inputTokens == null ? OptionalLong.empty() : OptionalLong.of(inputTokens);
    }

    public OptionalLong outputTokens() {
        return outputTokens == null ? OptionalLong.empty() : OptionalLong.of(outputTokens);
    }

    public OptionalLong totalTokens() {
        return totalTokens == null ? OptionalLong.empty() : OptionalLong.of(totalTokens);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof UsageDeltas u && Objects.equals(reportedCost, u.reportedCost)
                && Objects.equals(durationMillis, u.durationMillis) && Objects.equals(inputTokens, u.inputTokens)
                && Objects.equals(outputTokens, u.outputTokens) && Objects.equals(totalTokens, u.totalTokens);
    }

    @Override
    public int hashCode() {
        return Objects.hash(reportedCost, durationMillis, inputTokens, outputTokens, totalTokens);
    }

    @Override
    public String toString() {
        return "UsageDeltas{reportedCost=" + reportedCost + ", durationMillis=" + durationMillis + ", inputTokens="
                + inputTokens + ", outputTokens=" + outputTokens + ", totalTokens=" + totalTokens + '}';
    }

    /** Builds {@link UsageDeltas}; each setter refuses a negative or non-finite value with {@link IllegalArgumentException}. */
    public static final class Builder {
        private Double reportedCost;
        private Double durationMillis;
        private Long inputTokens;
        private Long outputTokens;
        private Long totalTokens;

        private Builder() {}

        public Builder reportedCost(double cost) {
            this.reportedCost = nonNegative("reportedCost", cost);
            return this;
        }

        public Builder durationMillis(double millis) {
            this.durationMillis = nonNegative("durationMillis", millis);
            return this;
        }

        public Builder inputTokens(long tokens) {
            this.inputTokens = nonNegative("inputTokens", tokens);
            return this;
        }

        public Builder outputTokens(long tokens) {
            this.outputTokens = nonNegative("outputTokens", tokens);
            return this;
        }

        public Builder totalTokens(long tokens) {
            this.totalTokens = nonNegative("totalTokens", tokens);
            return this;
        }

        public UsageDeltas build() {
            return new UsageDeltas(this);
        }

        private static double nonNegative(String what, double v) {
            if (!(v >= 0) || Double.isInfinite(v)) {
                throw new IllegalArgumentException(what + " must be finite and >= 0, got " + v);
            }
            return v;
        }

        private static long nonNegative(String what, long v) {
            if (v < 0) {
                throw new IllegalArgumentException(what + " must be >= 0, got " + v);
            }
            return v;
        }
    }
}
