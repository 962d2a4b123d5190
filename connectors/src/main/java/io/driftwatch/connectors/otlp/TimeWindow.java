package io.driftwatch.connectors.otlp;

import java.time.Duration;
import java.time.Instant;

/**
 * The plausible range of timestamps for one decoded record (see {@link DecoderOptions}): absolute (minimum
 * timestamp, clock plus skew: {@link RejectReason#ABSURD_TIMESTAMP}) and relative to the record's Kafka
 * timestamp ({@link RejectReason#TIME_SKEW}). OTLP times are uint64 nanoseconds, so comparisons are
 * unsigned: a value above 2^63 - 1 is far in the future, not negative.
 */
final class TimeWindow {

    /** What is wrong with a time, and under which reason it is rejected. */
    record Problem(RejectReason reason, String what) {}

    private static final long NANOS_PER_MILLI = 1_000_000L;

    private final long min;
    private final long max;
    private final Duration skew;
    private final long recordTimeMillis;
    /** Unsigned bounds relative to the record time; 0 and -1 (2^64 - 1) when that side is unchecked. */
    private final long earliest;

    private final long latest;
    private final Duration ahead;
    private final Duration behind;

    /** The window of a record without a Kafka timestamp: absolute checks only. */
    TimeWindow(DecoderOptions options) {
        this(options, -1);
    }

    /** @param recordTimeMillis the Kafka record timestamp (epoch ms), negative when the record has none */
    TimeWindow(DecoderOptions options, long recordTimeMillis) {
        this.min = options.minTimestampNanos();
        this.max = options.maxTimestampNanos();
        this.skew = options.maxFutureSkew();
        this.recordTimeMillis = recordTimeMillis;
        this.ahead = options.maxAheadOfRecordTime();
        this.behind = options.maxBehindRecordTime();
        // A record time outside the absolute window (none, 0, a producer's broken clock) is no reference.
        if (recordTimeMillis < 0
                || recordTimeMillis > Long.MAX_VALUE / NANOS_PER_MILLI
                || recordTimeMillis * NANOS_PER_MILLI < min
                || recordTimeMillis * NANOS_PER_MILLI > max) {
            earliest = 0;
            latest = -1;
        } else {
            long r = recordTimeMillis * NANOS_PER_MILLI;
            earliest = behind.isZero() ? 0 : Math.max(0, r - behind.toNanos());
            // r + ahead < 2^64 for every r and ahead < 2^63, so the unsigned sum cannot wrap.
            latest = ahead.isZero() ? -1 : r + ahead.toNanos();
        }
    }

    /**
     * Checks a data point's times: absolute first, then the start, then the time against the record time
     * ({@code start_time_unix_nano} is not: a cumulative series' start is legitimately old).
     *
     * @return {@code null} when plausible, otherwise what is wrong
     */
    Problem checkPoint(long startNanos, long timeNanos) {
        if (timeNanos == 0) {
            return absurd("time_unix_nano is 0 (unset)");
        }
        String bad = checkRange("time_unix_nano", timeNanos);
        if (bad != null) {
            return absurd(bad);
        }
        if (startNanos != 0 && Long.compareUnsigned(startNanos, timeNanos) > 0) {
            return absurd(
                    "start_time_unix_nano " + describe(startNanos) + " is after time_unix_nano " + describe(timeNanos));
        }
        return checkSkew("time_unix_nano", timeNanos);
    }

    /** Checks a span's times, as {@link #checkPoint}; both its start and end are checked against the record time. */
    Problem checkSpan(long startNanos, long endNanos) {
        if (startNanos == 0) {
            return absurd("start_time_unix_nano is 0 (unset)");
        }
        String bad = checkRange("start_time_unix_nano", startNanos);
        if (bad == null) {
            bad = checkRange("end_time_unix_nano", endNanos);
        }
        if (bad != null) {
            return absurd(bad);
        }
        if (Long.compareUnsigned(endNanos, startNanos) < 0) {
            return absurd("end_time_unix_nano " + describe(endNanos) + " is before start_time_unix_nano "
                    + describe(startNanos));
        }
        Problem skewed = checkSkew("start_time_unix_nano", startNanos);
        return skewed != null ? skewed : checkSkew("end_time_unix_nano", endNanos);
    }

    private static Problem absurd(String what) {
        return new Problem(RejectReason.ABSURD_TIMESTAMP, what);
    }

    private String checkRange(String field, long nanos) {
        if (Long.compareUnsigned(nanos, min) < 0) {
            return field + " " + describe(nanos) + " is before the minimum " + toInstant(min);
        }
        if (Long.compareUnsigned(nanos, max) > 0) {
            return field + " " + describe(nanos) + " is more than " + skew + " after the current time (limit "
                    + toInstant(max) + ")";
        }
        return null;
    }

    private Problem checkSkew(String field, long nanos) {
        if (Long.compareUnsigned(nanos, latest) > 0) {
            return new Problem(
                    RejectReason.TIME_SKEW,
                    field + " " + describe(nanos) + " is more than " + ahead + " after its Kafka record's timestamp "
                            + Instant.ofEpochMilli(recordTimeMillis));
        }
        if (Long.compareUnsigned(nanos, earliest) < 0) {
            return new Problem(
                    RejectReason.TIME_SKEW,
                    field + " " + describe(nanos) + " is more than " + behind + " before its Kafka record's timestamp "
                            + Instant.ofEpochMilli(recordTimeMillis));
        }
        return null;
    }

    /** E.g. {@code 1544712660300000000 (2018-12-13T14:51:00.300Z)}. */
    static String describe(long unsignedNanos) {
        return Long.toUnsignedString(unsignedNanos) + " (" + toInstant(unsignedNanos) + ")";
    }

    private static Instant toInstant(long unsignedNanos) {
        return Instant.ofEpochSecond(
                Long.divideUnsigned(unsignedNanos, 1_000_000_000L),
                Long.remainderUnsigned(unsignedNanos, 1_000_000_000L));
    }
}
