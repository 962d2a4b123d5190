package io.driftwatch.cost.attribution;

import io.driftwatch.codec.ByteReader;
import io.driftwatch.codec.ByteWriter;
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
 *   <li>{@link #totalTokens()}: Δ of the counter {@code ml.inference.tokens.total} (not split by type);
 *   <li>{@link #inferences()}: the number of inferences, Δ of the count of {@code ml.inference.duration}
 *       (not a cost source: the volume that cost is divided by);
 *   <li>{@link #failedInferences()}: the part of {@link #inferences()} that ended in an error (the
 *       duration histogram's series whose error label has an error value): priced like the others,
 *       but no value delivered.
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
    private final Long inferences;
    private final Long failedInferences;

    private UsageDeltas(Builder b) {
        this.reportedCost = b.reportedCost;
        this.durationMillis = b.durationMillis;
        this.inputTokens = b.inputTokens;
        this.outputTokens = b.outputTokens;
        this.totalTokens = b.totalTokens;
        this.inferences = b.inferences;
        this.failedInferences = b.failedInferences;
    }

    /** Nothing observed. */
    public static final UsageDeltas NONE = builder().build();

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

    public OptionalLong inferences() {
        return inferences == null ? OptionalLong.empty() : OptionalLong.of(inferences);
    }

    public OptionalLong failedInferences() {
        return failedInferences == null ? OptionalLong.empty() : OptionalLong.of(failedInferences);
    }

    /**
     * The usage of two intervals (or two series) together: each delta is the sum of both, observed
     * when either observed it.
     */
    public UsageDeltas plus(UsageDeltas o) {
        Builder b = new Builder();
        b.reportedCost = sum(reportedCost, o.reportedCost);
        b.durationMillis = sum(durationMillis, o.durationMillis);
        b.inputTokens = sum(inputTokens, o.inputTokens);
        b.outputTokens = sum(outputTokens, o.outputTokens);
        b.totalTokens = sum(totalTokens, o.totalTokens);
        b.inferences = sum(inferences, o.inferences);
        b.failedInferences = sum(failedInferences, o.failedInferences);
        return b.build();
    }

    // Explicit ifs: a conditional expression mixing Double and double would unbox a null.
    private static Double sum(Double a, Double b) {
        if (a == null) {
            return b;
        }
        if (b == null) {
            return a;
        }
        return a + b;
    }

    private static Long sum(Long a, Long b) {
        if (a == null) {
            return b;
        }
        if (b == null) {
            return a;
        }
        return Math.addExact(a, b);
    }

    /**
     * The compact serialised form: a byte of presence flags, then each observed value in field order
     * (doubles as their 8-byte IEEE 754 bits, counts as 8-byte longs), 1 to 57 bytes. Failed inferences
     * (flag 64) came last, so the form of usage without them is unchanged.
     */
    public byte[] toBytes() {
        ByteWriter w = new ByteWriter(57);
        int flags = (reportedCost != null ? 1 : 0)
                | (durationMillis != null ? 2 : 0)
                | (inputTokens != null ? 4 : 0)
                | (outputTokens != null ? 8 : 0)
                | (totalTokens != null ? 16 : 0)
                | (inferences != null ? 32 : 0)
                | (failedInferences != null ? 64 : 0);
        w.writeByte(flags);
        if (reportedCost != null) w.writeDouble(reportedCost);
        if (durationMillis != null) w.writeDouble(durationMillis);
        if (inputTokens != null) w.writeFixedLong(inputTokens);
        if (outputTokens != null) w.writeFixedLong(outputTokens);
        if (totalTokens != null) w.writeFixedLong(totalTokens);
        if (inferences != null) w.writeFixedLong(inferences);
        if (failedInferences != null) w.writeFixedLong(failedInferences);
        return w.toByteArray();
    }

    /** Reads {@link #toBytes()}; {@link IllegalArgumentException} if the bytes are not such a form. */
    public static UsageDeltas fromBytes(byte[] bytes) {
        ByteReader r = new ByteReader(bytes, "usage deltas");
        int flags = r.readByte("flags");
        if ((flags & ~127) != 0) {
            throw r.corrupt("unknown flags " + flags);
        }
        Builder b = new Builder();
        if ((flags & 1) != 0) b.reportedCost = r.readDouble("reported cost");
        if ((flags & 2) != 0) b.durationMillis = r.readDouble("duration");
        if ((flags & 4) != 0) b.inputTokens = r.readFixedLong("input tokens");
        if ((flags & 8) != 0) b.outputTokens = r.readFixedLong("output tokens");
        if ((flags & 16) != 0) b.totalTokens = r.readFixedLong("total tokens");
        if ((flags & 32) != 0) b.inferences = r.readFixedLong("inferences");
        if ((flags & 64) != 0) b.failedInferences = r.readFixedLong("failed inferences");
        r.expectEnd();
        return b.build();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof UsageDeltas u
                && Objects.equals(reportedCost, u.reportedCost)
                && Objects.equals(inferences, u.inferences)
                && Objects.equals(durationMillis, u.durationMillis)
                && Objects.equals(inputTokens, u.inputTokens)
                && Objects.equals(outputTokens, u.outputTokens)
                && Objects.equals(totalTokens, u.totalTokens)
                && Objects.equals(failedInferences, u.failedInferences);
    }

    @Override
    public int hashCode() {
        return Objects.hash(
                reportedCost, durationMillis, inputTokens, outputTokens, totalTokens, inferences, failedInferences);
    }

    @Override
    public String toString() {
        return "UsageDeltas{reportedCost=" + reportedCost + ", durationMillis=" + durationMillis + ", inputTokens="
                + inputTokens + ", outputTokens=" + outputTokens + ", totalTokens=" + totalTokens + ", inferences="
                + inferences + (failedInferences == null ? "" : ", failedInferences=" + failedInferences) + '}';
    }

    /** Builds {@link UsageDeltas}; each setter refuses a negative or non-finite value with {@link IllegalArgumentException}. */
    public static final class Builder {
        private Double reportedCost;
        private Double durationMillis;
        private Long inputTokens;
        private Long outputTokens;
        private Long totalTokens;
        private Long inferences;
        private Long failedInferences;

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

        public Builder inferences(long count) {
            this.inferences = nonNegative("inferences", count);
            return this;
        }

        /** Inferences that ended in an error, a part of {@link #inferences(long)}'s count. */
        public Builder failedInferences(long count) {
            this.failedInferences = nonNegative("failedInferences", count);
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
