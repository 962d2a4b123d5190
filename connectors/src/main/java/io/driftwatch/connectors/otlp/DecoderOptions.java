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
 * Validation settings shared by {@link OtlpMetricsDecoder} and {@link OtlpTracesDecoder}, and the size
 * limit {@link OtlpRecordDecoder} applies before either runs.
 *
 * <p>A timestamp {@code t} (epoch nanoseconds) is plausible when {@code minTimestamp <= t <= now +
 * maxFutureSkew}, where {@code now} is read from {@link #clock()} once per decoded record. Defaults:
 * minimum 2000-01-01T00:00:00Z, skew 1 hour, the system UTC clock.
 *
 * <p>Time skew: a point's {@code time_unix_nano} (a span's start and end) must also lie within {@code
 * [r - maxBehindRecordTime, r + maxAheadOfRecordTime]}, where {@code r} is the Kafka timestamp of the
 * record that carries it (the export time a producer stamps, which a replay keeps); records without a
 * timestamp or with one outside the absolute window above (which is then no reference), and a limit of
 * zero, skip that side of the check. Unlike the clock, the record time moves
 * with simulated and replayed traffic, so one stray timestamp cannot drag a partition's watermark
 * decades ahead however the data is replayed. Defaults: 1 hour ahead, 7 days behind.
 *
 * <p>Size: a record value over {@link #maxRecordBytes()} is rejected unread, and a point or span with more
 * than {@link #maxLabels()} labels is rejected before its label set is built, so that the memory one
 * record takes stays proportional to its size. Serializable so that Flink functions can carry it.
 */
public final class DecoderOptions implements Serializable {

    private static final long serialVersionUID = 1L;

    public static final Instant DEFAULT_MIN_TIMESTAMP = Instant.parse("2000-01-01T00:00:00Z");
    public static final Duration DEFAULT_MAX_FUTURE_SKEW = Duration.ofHours(1);
    public static final Duration DEFAULT_MAX_AHEAD_OF_RECORD_TIME = Duration.ofHours(1);
    public static final Duration DEFAULT_MAX_BEHIND_RECORD_TIME = Duration.ofDays(7);
    /** The OpenTelemetry Collector kafka exporter's default {@code producer.max_message_bytes}. */
    public static final int DEFAULT_MAX_RECORD_BYTES = 1_000_000;

    public static final int DEFAULT_MAX_LABELS = 128;

    private final Instant minTimestamp;
    private final Duration maxFutureSkew;
    private final Clock clock;
    private final HashSet<String> consumedMetrics;
    private final Duration maxAheadOfRecordTime;
    private final Duration maxBehindRecordTime;
    private final int maxRecordBytes;
    private final int maxLabels;

    private DecoderOptions(Builder b) {
        this.minTimestamp = b.minTimestamp;
        this.maxFutureSkew = b.maxFutureSkew;
        this.maxAheadOfRecordTime = b.maxAheadOfRecordTime;
        this.maxBehindRecordTime = b.maxBehindRecordTime;
        this.maxRecordBytes = b.maxRecordBytes;
        this.maxLabels = b.maxLabels;
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

    /** How far a time may lie after its Kafka record's timestamp; zero: no limit. */
    public Duration maxAheadOfRecordTime() {
        return maxAheadOfRecordTime;
    }

    /** How far a time may lie before its Kafka record's timestamp; zero: no limit. */
    public Duration maxBehindRecordTime() {
        return maxBehindRecordTime;
    }

    /** Record values larger than this many bytes are rejected as {@link RejectReason#RECORD_TOO_LARGE}, unread. */
    public int maxRecordBytes() {
        return maxRecordBytes;
    }

    /**
     * Points and spans whose resource attributes, scope name and version and own attributes (counted as
     * given, duplicates included) exceed this are rejected as {@link RejectReason#TOO_MANY_LABELS}.
     */
    public int maxLabels() {
        return maxLabels;
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
                + ", maxAheadOfRecordTime=" + maxAheadOfRecordTime + ", maxBehindRecordTime=" + maxBehindRecordTime
                + ", maxRecordBytes=" + maxRecordBytes + ", maxLabels=" + maxLabels + ", consumedMetrics="
                + consumedMetrics + '}';
    }

    /** Builds {@link DecoderOptions}; every setting has a default. */
    public static final class Builder {
        private Instant minTimestamp = DEFAULT_MIN_TIMESTAMP;
        private Duration maxFutureSkew = DEFAULT_MAX_FUTURE_SKEW;
        private Clock clock = Clock.systemUTC();
        private Set<String> consumedMetrics = Set.of();
        private Duration maxAheadOfRecordTime = DEFAULT_MAX_AHEAD_OF_RECORD_TIME;
        private Duration maxBehindRecordTime = DEFAULT_MAX_BEHIND_RECORD_TIME;
        private int maxRecordBytes = DEFAULT_MAX_RECORD_BYTES;
        private int maxLabels = DEFAULT_MAX_LABELS;

        private Builder() {}

        /** Must not be negative; zero turns the check off. */
        public Builder maxAheadOfRecordTime(Duration d) {
            this.maxAheadOfRecordTime = notNegative("maxAheadOfRecordTime", d);
            return this;
        }

        /** Must not be negative; zero turns the check off (e.g. for a backfill that stamps old data with today's time). */
        public Builder maxBehindRecordTime(Duration d) {
            this.maxBehindRecordTime = notNegative("maxBehindRecordTime", d);
            return this;
        }

        /** Must be positive. */
        public Builder maxRecordBytes(int bytes) {
            if (bytes <= 0) {
                throw new IllegalArgumentException("maxRecordBytes must be positive, got " + bytes);
            }
            this.maxRecordBytes = bytes;
            return this;
        }

        /** Must be positive. */
        public Builder maxLabels(int labels) {
            if (labels <= 0) {
                throw new IllegalArgumentException("maxLabels must be positive, got " + labels);
            }
            this.maxLabels = labels;
            return this;
        }

        private static Duration notNegative(String name, Duration d) {
            Objects.requireNonNull(d, name);
            if (d.isNegative()) {
                throw new IllegalArgumentException(name + " must not be negative, got " + d);
            }
            return d;
        }

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
                maxAheadOfRecordTime.toNanos();
                maxBehindRecordTime.toNanos();
            } catch (ArithmeticException e) {
                throw new IllegalArgumentException(
                        "minTimestamp, maxFutureSkew or a record-time skew does not fit in 64-bit nanoseconds: "
                                + minTimestamp + ", " + maxFutureSkew + ", " + maxAheadOfRecordTime + ", "
                                + maxBehindRecordTime,
                        e);
            }
            return new DecoderOptions(this);
        }
    }
}
