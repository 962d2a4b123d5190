package io.driftwatch.connectors.otlp.delta;

import io.driftwatch.connectors.otlp.MetricKind;
import io.driftwatch.connectors.otlp.MetricPoint;
import io.driftwatch.connectors.otlp.Temporality;
import java.util.Arrays;
import java.util.Objects;

/**
 * Converts the cumulative points of one series into delta points, detecting producer restarts.
 *
 * <p>A series is one metric name plus one label set; the caller keys its state by series and passes
 * the points of a series in arrival order. This class holds no state of its own: everything it knows
 * about a series is the {@link SeriesState} passed in, and {@link #convert} returns the state to keep.
 *
 * <h2>What is converted</h2>
 *
 * Cumulative {@code SUM} (monotonic counters and non-monotonic UpDownCounters), cumulative {@code
 * HISTOGRAM} and {@code EXPONENTIAL_HISTOGRAM}, and {@code SUMMARY} (whose count and sum are cumulative
 * by definition). Gauges and delta-temporality points are passed through unchanged ({@link
 * DeltaOutcome#PASSTHROUGH}). A sum or histogram with unspecified temporality is {@link
 * DeltaOutcome#INVALID}.
 *
 * <h2>Decision order for a point {@code p} against the state {@code s}</h2>
 *
 * <ol>
 *   <li>no state: {@link DeltaOutcome#FIRST_POINT}. A first point never produces a delta: what was
 *       counted before it is unknown.
 *   <li>both start times set ({@code != 0}) and {@code p.start < s.start}: {@link DeltaOutcome#OUT_OF_ORDER}
 *       (a point from before the last restart).
 *   <li>both start times set and {@code p.start > s.start}: a restart, {@link DeltaOutcome#RESET}, unless
 *       kind, temporality or monotonicity differ ({@link DeltaOutcome#SHAPE_CHANGED}). A changed bucket
 *       layout does not matter here, since the delta after a reset is the point itself. Should two
 *       processes wrongly write one series, the newest start time wins and the other's points are
 *       dropped as out of order.
 *   <li>otherwise (same start time, or one of them absent): {@code p.time < s.time} is {@link
 *       DeltaOutcome#OUT_OF_ORDER}, {@code p.time == s.time} is {@link DeltaOutcome#DUPLICATE}.
 *   <li>kind, temporality, monotonicity, explicit bounds or exponential zero threshold differ: {@link
 *       DeltaOutcome#SHAPE_CHANGED}.
 *   <li>a decrease of a monotonic sum's value, of a histogram's or summary's count, of an explicit
 *       bucket count, of an exponential zero count, or of any exponential bucket count once both sides
 *       are at the same scale: {@link DeltaOutcome#RESET}. The sum of a histogram or summary is not
 *       used, since it may legitimately decrease when negative values are recorded. A non-monotonic sum
 *       is never reset by a decrease (it may legitimately go down); without start times its restarts are
 *       undetectable.
 *   <li>otherwise {@link DeltaOutcome#EMITTED}.
 * </ol>
 *
 * <h2>The delta point</h2>
 *
 * Same name, unit, labels and kind; temporality {@link Temporality#DELTA} (also for a summary, to mark
 * its count and sum as deltas); time = the point's time; start time = the previous point's time, so a
 * gap of missing points is covered by one delta spanning it.
 *
 * <ul>
 *   <li>sum: {@code value = p.value - s.value} (negative for a decreasing UpDownCounter);
 *   <li>histogram: count, sum and every bucket count subtracted; {@code min} and {@code max} are
 *       {@code NaN}, since the extremes of the interval cannot be derived from two cumulative extremes;
 *   <li>exponential histogram: both sides are first brought to the coarser of the two scales by merging
 *       buckets (index {@code k} becomes {@code k >> (scale - coarserScale)}), then count, sum, zero count
 *       and every positive and negative bucket are subtracted over the union of the index ranges; the
 *       delta has the coarser scale and its buckets are trimmed of zero buckets at both ends; {@code min}
 *       and {@code max} are {@code NaN};
 *   <li>summary: count and sum subtracted; quantiles kept as reported (they describe the producer's own
 *       window and cannot be differenced).
 * </ul>
 *
 * <p><b>After a reset</b> the delta is the point's cumulative value itself, i.e. what was counted since
 * the restart, assuming the new process started counting from zero; this is the same assumption as
 * Prometheus' {@code increase()}. Its start time is the point's new start time for a reset detected by
 * start time, and {@code max(s.time, p.start)} for a reset detected by a decrease. Its {@code min} and
 * {@code max} are kept: they describe exactly the values it counts.
 *
 * <h2>Exactness</h2>
 *
 * Counts are {@code long}s and their deltas are exact. Sums and counter values are {@code double}s and
 * the delta is {@code c - p} computed in double: correctly rounded, so its error is at most
 * {@code 2^-53 * |c - p|}, and exact (Sterbenz) whenever {@code p/2 <= c <= 2p}, which holds for any
 * counter that less than doubles between two points. The producer's own accumulation error in {@code c}
 * and {@code p}, up to about {@code ulp(c)} each, carries over into the delta unchanged; over a run of
 * deltas it telescopes instead of accumulating.
 */
public final class CumulativeToDelta {

    /** The scale range allowed by OTLP for exponential histograms. */
    static final int MIN_SCALE = -10;

    static final int MAX_SCALE = 20;

    private CumulativeToDelta() {}

    /**
     * Converts one point of a series.
     *
     * @param point the next point of the series, in arrival order
     * @param state the series' state as returned by the previous call, or {@code null} if none
     * @return the outcome, the point to emit if any, and the state to keep; never {@code null}
     */
    public static DeltaResult convert(MetricPoint point, SeriesState state) {
        Objects.requireNonNull(point, "point");
        MetricKind kind = point.kind();
        if (kind == MetricKind.GAUGE || point.temporality() == Temporality.DELTA && kind != MetricKind.SUMMARY) {
            return DeltaResult.passthrough(point, state);
        }
        String problem = validate(point);
        if (problem != null) {
            return DeltaResult.invalid(
                    problem + " (" + kind + " " + point.name() + point.labels() + " at t=" + point.timeNanos() + ")",
                    state);
        }
        if (state == null) {
            return DeltaResult.initialised(DeltaOutcome.FIRST_POINT, SeriesState.of(point));
        }
        long pointStart = point.startTimeNanos();
        long stateStart = state.startTimeNanos();
        if (pointStart != 0 && stateStart != 0 && pointStart != stateStart) {
            if (pointStart < stateStart) {
                return DeltaResult.dropped(DeltaOutcome.OUT_OF_ORDER, state);
            }
            if (!sameDefinition(point, state)) {
                return DeltaResult.initialised(DeltaOutcome.SHAPE_CHANGED, SeriesState.of(point));
            }
            return reset(point, pointStart);
        }
        if (point.timeNanos() < state.timeNanos()) {
            return DeltaResult.dropped(DeltaOutcome.OUT_OF_ORDER, state);
        }
        if (point.timeNanos() == state.timeNanos()) {
            return DeltaResult.dropped(DeltaOutcome.DUPLICATE, state);
        }
        if (!sameDefinition(point, state) || !sameBucketLayout(point, state)) {
            return DeltaResult.initialised(DeltaOutcome.SHAPE_CHANGED, SeriesState.of(point));
        }
        MetricPoint delta = subtract(point, state);
        if (delta == null) {
            return reset(point, Math.max(state.timeNanos(), pointStart));
        }
        return DeltaResult.emitted(DeltaOutcome.EMITTED, delta, SeriesState.of(point));
    }

    private static DeltaResult reset(MetricPoint point, long deltaStart) {
        MetricPoint delta = point.toBuilder()
                .temporality(Temporality.DELTA)
                .startTimeNanos(deltaStart)
                .build();
        return DeltaResult.emitted(DeltaOutcome.RESET, delta, SeriesState.of(point));
    }

    /** Why {@code p} cannot be converted, or {@code null} if it can. */
    private static String validate(MetricPoint p) {
        if (p.kind() != MetricKind.SUMMARY && p.temporality() != Temporality.CUMULATIVE) {
            return "aggregation temporality is " + p.temporality();
        }
        if (p.timeNanos() <= 0) {
            return "time is not set";
        }
        if (p.startTimeNanos() < 0 || p.startTimeNanos() > p.timeNanos()) {
            return "start time " + p.startTimeNanos() + " is negative or after the time";
        }
        switch (p.kind()) {
            case SUM:
                return Double.isFinite(p.value()) ? null : "value is " + p.value();
            case HISTOGRAM: {
                int nBounds = p.explicitBounds().length;
                int nBuckets = p.bucketCounts().length;
                if (nBuckets != 0 && nBuckets != nBounds + 1 || nBuckets == 0 && nBounds != 0) {
                    return nBuckets + " bucket counts for " + nBounds + " explicit bounds";
                }
                return checkCounts(p.count(), p.bucketCounts(), "bucket");
            }
            case EXPONENTIAL_HISTOGRAM: {
                if (p.scale() < MIN_SCALE || p.scale() > MAX_SCALE) {
                    return "scale " + p.scale() + " outside [" + MIN_SCALE + ", " + MAX_SCALE + "]";
                }
                if (!(p.zeroThreshold() >= 0) || Double.isInfinite(p.zeroThreshold())) {
                    return "zero threshold is " + p.zeroThreshold();
                }
                if (p.zeroCount() < 0) {
                    return "zero count is negative";
                }
                if ((long) p.positiveOffset() + p.positiveCounts().length > Integer.MAX_VALUE
                        || (long) p.negativeOffset() + p.negativeCounts().length > Integer.MAX_VALUE) {
                    return "bucket index overflows an int";
                }
                String problem = checkCounts(p.count(), p.positiveCounts(), "positive bucket");
                return problem != null ? problem : checkCounts(0, p.negativeCounts(), "negative bucket");
            }
            case SUMMARY:
                return p.count() < 0 ? "count is negative" : null;
            default:
                return "kind " + p.kind() + " is not converted";
        }
    }

    private static String checkCounts(long count, long[] counts, String what) {
        if (count < 0) {
            return "count is negative";
        }
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] < 0) {
                return what + " " + i + " is negative";
            }
        }
        return null;
    }

    private static boolean sameDefinition(MetricPoint p, SeriesState s) {
        return p.kind() == s.kind()
                && p.temporality() == s.temporality()
                && (p.kind() != MetricKind.SUM || p.monotonic() == s.monotonic());
    }

    private static boolean sameBucketLayout(MetricPoint p, SeriesState s) {
        switch (p.kind()) {
            case HISTOGRAM:
                return Arrays.equals(p.explicitBounds(), s.explicitBounds())
                        && p.bucketCounts().length == s.bucketCounts().length;
            case EXPONENTIAL_HISTOGRAM:
                return Double.compare(p.zeroThreshold(), s.zeroThreshold()) == 0;
            default:
                return true;
        }
    }

    /** {@code p - s} as a delta point, or {@code null} when a monotonic quantity decreased (a reset). */
    private static MetricPoint subtract(MetricPoint p, SeriesState s) {
        MetricPoint.Builder b = p.toBuilder().temporality(Temporality.DELTA).startTimeNanos(s.timeNanos());
        switch (p.kind()) {
            case SUM:
                if (p.monotonic() && p.value() < s.value()) {
                    return null;
                }
                return b.value(p.value() - s.value()).build();
            case HISTOGRAM: {
                long count = p.count() - s.count();
                long[] buckets = minus(p.bucketCounts(), s.bucketCounts());
                if (count < 0 || buckets == null) {
                    return null;
                }
                return b.count(count)
                        .sum(p.sum() - s.sum())
                        .bucketCounts(buckets)
                        .min(Double.NaN)
                        .max(Double.NaN)
                        .build();
            }
            case EXPONENTIAL_HISTOGRAM: {
                long count = p.count() - s.count();
                long zeroCount = p.zeroCount() - s.zeroCount();
                if (count < 0 || zeroCount < 0) {
                    return null;
                }
                int scale = Math.min(p.scale(), s.scale());
                ExponentialBuckets positive = side(p.positiveOffset(), p.positiveCounts(), p.scale(), scale)
                        .minus(side(s.positiveOffset(), s.positiveCounts(), s.scale(), scale));
                ExponentialBuckets negative = side(p.negativeOffset(), p.negativeCounts(), p.scale(), scale)
                        .minus(side(s.negativeOffset(), s.negativeCounts(), s.scale(), scale));
                if (positive == null || negative == null) {
                    return null;
                }
                return b.count(count)
                        .sum(p.sum() - s.sum())
                        .scale(scale)
                        .zeroCount(zeroCount)
                        .positive(positive.offset, positive.counts)
                        .negative(negative.offset, negative.counts)
                        .min(Double.NaN)
                        .max(Double.NaN)
                        .build();
            }
            case SUMMARY: {
                long count = p.count() - s.count();
                if (count < 0) {
                    return null;
                }
                return b.count(count).sum(p.sum() - s.sum()).build();
            }
            default:
                throw new IllegalStateException("kind " + p.kind() + " is not converted");
        }
    }

    private static ExponentialBuckets side(int offset, long[] counts, int fromScale, int toScale) {
        return new ExponentialBuckets(offset, counts).downscale(fromScale - toScale);
    }

    /** Element-wise {@code current - previous} (same length), or {@code null} if any is negative. */
    private static long[] minus(long[] current, long[] previous) {
        long[] d = new long[current.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = current[i] - previous[i];
            if (d[i] < 0) {
                return null;
            }
        }
        return d;
    }
}
