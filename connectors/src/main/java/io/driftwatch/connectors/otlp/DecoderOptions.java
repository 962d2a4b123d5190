package io.driftwatch.connectors.otlp;

import java.io.Serializable;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;

/**
 * Validation settings shared by {@link OtlpMetricsDecoder} and {@link OtlpTracesDecoder}.
 *
 * <p>A timestamp {@code t} (epoch nanoseconds) is plausible when {@code minTimestamp <= t <= now +
 * maxFutureSkew}, where {@code now} is read from {@link #clock()} once per decoded record. Defaults:
 * minimum 2000-01-01T00:00:00Z, skew 1 hour, the system UTC clock. Serializable so that Flink
 * functions can carry it.
 */
public final class DecoderOptions implements Serializable {

    private static final long serialVersionUID = 1L;

    public static final Instant DEFAULT_MIN_TIMESTAMP = Instant.parse("2000-01-01T00:00:00Z");
    public static final Duration DEFAULT_MAX_FUTURE_SKEW = Duration.ofHours(1);

    private final Instant minTimestamp;
    private final Duration maxFutureSkew;
    private final Clock clock;
    private final HashSet<String> consumedMetrics;

    private DecoderOptions(Builder b) {
        this.minTimestamp = b.minTimestamp;
        this.maxFutureSkew = b.maxFutureSkew;
        this.clock = b.clock;
        this.consumedMetrics = new HashSet<>(b.consumedMetrics);
    }

    public static DecoderOptions defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Timestamps before this instant are rejected as {@link RejectReason#ABSURD_TIMESTAMP}. */
    public Instant minTimestamp() {
        return minTimestamp;
    }

    /** How far past the clock's current time a timestamp may lie before it is rejected. */
    public Duration maxFutureSkew() {
        return maxFutureSkew;
    }

    public Clock clock() {
        return clock;
    }

    /** The metrics whose points are built; empty means all. Other metrics are validated, not built. */
    public Set<String> consumedMetrics() {
        return Collections.unmodifiableSet(consumedMetrics);
    }

    boolean consumes(String metric) {
        return consumedMetrics.isEmpty() || consumedMetrics.contains(metric);
    }

    long minTimestampNanos() {
        return toEpochNanos(minTimestamp);
    }

    /** The latest plausible timestamp at this moment, saturating at {@link Long#MAX_VALUE}. */
    long maxTimestampNanos() {
        long now;
        try {
            now = toEpochNanos(clock.instant());
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE;
        }
        long skew = maxFutureSkew.toNanos();
        return now > Long.MAX_VALUE - skew ? Long.MAX_VALUE : now + skew;
    }

    private static long toEpochNanos(Instant i) {
        return Math.addExact(Math.multiplyExact(i.getEpochSecond(), 1_000_000_000L), i.getNano());
    }

    @Override
    public String toString() {
        return "DecoderOptions{minTimestamp=" + minTimestamp + ", maxFutureSkew=" + maxFutureSkew + ", clock=" + clock
                + ", consumedMetrics=" + consumedMetrics + '}';
    }

    /** Builds {@link DecoderOptions}; every setting has a default. */
    public static final class Builder {
        private Instant minTimestamp = DEFAULT_MIN_TIMESTAMP;
        private Duration maxFutureSkew = DEFAULT_MAX_FUTURE_SKEW;
        private Clock clock = Clock.systemUTC();
        private Set<String> consumedMetrics = Set.of();

        private Builder() {}

        /** Must lie within 1970-01-01 .. 2262-04-11, the range of epoch nanoseconds in a long. */
        public Builder minTimestamp(Instant minTimestamp) {
            this.minTimestamp = Objects.requireNonNull(minTimestamp, "minTimestamp");
            return this;
        }

        /** Must not be negative. */
        public Builder maxFutureSkew(Duration maxFutureSkew) {
            Objects.requireNonNull(maxFutureSkew, "maxFutureSkew");
            if (maxFutureSkew.isNegative()) {
                throw new IllegalArgumentException("maxFutureSkew must not be negative, got " + maxFutureSkew);
            }
            this.maxFutureSkew = maxFutureSkew;
            return this;
        }

        /** The clock that defines "now"; a fixed clock makes tests deterministic. Must be serializable for Flink. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Only points of these metrics are built into {@link MetricPoint}s (all when empty, the
         * default). Points of other metrics are validated all the same, so bad input is still
         * rejected and dead-lettered, and counted as {@link DecodeResult#notConsumed()}: a job need
         * not pay for normalising what it discards.
         */
        public Builder consumedMetrics(Collection<String> metrics) {
            this.consumedMetrics = Set.copyOf(metrics);
            return this;
        }

        public DecoderOptions build() {
            if (minTimestamp.isBefore(Instant.EPOCH)) {
                throw new IllegalArgumentException(
                        "minTimestamp must not be before 1970-01-01T00:00:00Z, got " + minTimestamp);
            }
            try {
                toEpochNanos(minTimestamp);
                maxFutureSkew.toNanos();
            } catch (ArithmeticException e) {
                throw new IllegalArgumentException(
                        "minTimestamp or maxFutureSkew does not fit in 64-bit nanoseconds: " + minTimestamp + ", "
                                + maxFutureSkew,
                        e);
            }
            return new DecoderOptions(this);
        }
    }
}
