package io.driftwatch.connectors.otlp;

import java.time.Duration;
import java.time.Instant;

/**
 * The plausible range of timestamps for one decoded record (see {@link DecoderOptions}). OTLP times are
 * uint64 nanoseconds, so comparisons are unsigned: a value above 2^63 - 1 is far in the future, not
 * negative.
 */
final class TimeWindow {

    private final long min;
    private final long max;
    private final Duration skew;

    TimeWindow(DecoderOptions options) {
        this.min = options.minTimestampNanos();
        this.max = options.maxTimestampNanos();
        this.skew = options.maxFutureSkew();
    }

    /** Checks a data point's times; {@code null} when plausible, otherwise what is wrong. */
    String checkPoint(long startNanos, long timeNanos) {
        if (timeNanos == 0) {
            return "time_unix_nano is 0 (unset)";
        }
        String bad = checkRange("time_unix_nano", timeNanos);
        if (bad != null) {
            return bad;
        }
        if (startNanos != 0 && Long.compareUnsigned(startNanos, timeNanos) > 0) {
            return "start_time_unix_nano " + describe(startNanos) + " is after time_unix_nano " + describe(timeNanos);
        }
        return null;
    }

    /** Checks a span's times; {@code null} when plausible, otherwise what is wrong. */
    String checkSpan(long startNanos, long endNanos) {
        if (startNanos == 0) {
            return "start_time_unix_nano is 0 (unset)";
        }
        String bad = checkRange("start_time_unix_nano", startNanos);
        if (bad == null) {
            bad = checkRange("end_time_unix_nano", endNanos);
        }
        if (bad != null) {
            return bad;
        }
        if (Long.compareUnsigned(endNanos, startNanos) < 0) {
            return "end_time_unix_nano " + describe(endNanos) + " is before start_time_unix_nano "
                    + describe(startNanos);
        }
        return null;
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
