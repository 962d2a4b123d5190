package io.driftwatch.connectors.otlp;

import io.driftwatch.connectors.otlp.internal.LabelPairs;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.DataPointFlags;
import io.opentelemetry.proto.metrics.v1.ExponentialHistogram;
import io.opentelemetry.proto.metrics.v1.ExponentialHistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Histogram;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.metrics.v1.Sum;
import io.opentelemetry.proto.metrics.v1.Summary;
import io.opentelemetry.proto.metrics.v1.SummaryDataPoint;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Decodes one Kafka record value written by the OpenTelemetry Collector's kafka exporter (an {@code
 * ExportMetricsServiceRequest}, as protobuf or OTLP/JSON) into normalised {@link MetricPoint}s, and
 * reports what it rejects. Thread-safe and stateless; it never throws on bad content.
 *
 * <h2>Labels</h2>
 *
 * Resource attributes, then the instrumentation scope as {@code otel_scope_name} and {@code
 * otel_scope_version} (each only when non-empty), then the point's attributes; on equal names the later
 * source wins (point over scope over resource) and within one attribute list the last occurrence wins.
 * Attribute keys are kept unchanged ({@code service.name} keeps its dot); values are rendered as
 * described in {@link io.driftwatch.connectors.otlp.internal.AttributeValues}. Scope attributes,
 * metric descriptions and metadata, and exemplars are not used.
 *
 * <h2>What is accepted</h2>
 *
 * A record that does not parse is one {@link RejectReason#UNDECODABLE} rejection. Note that
 * protobuf-java validates proto3 strings: one attribute or name that is not valid UTF-8 makes the whole
 * protobuf record undecodable (it is then dead-lettered whole, never dropped silently).
 *
 * <p> * Points flagged {@code FLAG_NO_RECORDED_VALUE} are skipped before any check and only counted ({@link
 * DecodeResult#skippedNoRecordedValue()}). Metric-level problems reject all the metric's points in one
 * {@link Rejection}: empty name ({@link RejectReason#MISSING_NAME}), no data kind ({@link
 * RejectReason#MISSING_DATA}), sum/histogram/exponential histogram without temporality ({@link
 * RejectReason#INVALID_TEMPORALITY}). Every other point is checked in this order, and rejected with the
 * first failing check's reason:
 *
 * <ol>
 *   <li>all kinds: {@code time_unix_nano} non-zero and within {@link DecoderOptions}' window, {@code
 *       start_time_unix_nano} zero or not after it ({@link RejectReason#ABSURD_TIMESTAMP}); {@code
 *       time_unix_nano} within the skew allowed around the Kafka record's timestamp ({@link
 *       RejectReason#TIME_SKEW}); resource, scope and point labels together at most {@link
 *       DecoderOptions#maxLabels()} ({@link RejectReason#TOO_MANY_LABELS});
 *   <li>gauge, sum: {@code as_int} (converted to double) or {@code as_double} present ({@link
 *       RejectReason#MISSING_VALUE}); for monotonic sums only, the value is finite ({@link
 *       RejectReason#NON_FINITE_VALUE}) and not negative ({@link RejectReason#NEGATIVE_VALUE}). Gauges and
 *       non-monotonic sums may be NaN or infinite, as OTLP allows;
 *   <li>histogram: count fits a signed long ({@link RejectReason#NEGATIVE_COUNT}); sum, when present,
 *       finite ({@link RejectReason#NON_FINITE_VALUE}; a negative sum is legal); {@code bucket_counts}
 *       has {@code explicit_bounds + 1} entries, or both are empty ({@link
 *       RejectReason#BUCKET_COUNT_MISMATCH}); bounds are not NaN and strictly increasing (infinite bounds
 *       are allowed) ({@link RejectReason#UNSORTED_BOUNDS}); bucket counts fit a signed long ({@link
 *       RejectReason#NEGATIVE_COUNT}) and add up to count ({@link RejectReason#COUNT_MISMATCH}). A
 *       histogram with no buckets and no bounds (count and sum only, which the OTLP proto allows) is
 *       normalised to a single bucket holding {@code count}, so that {@link MetricPoint}'s invariant
 *       {@code bucketCounts.length == explicitBounds.length + 1} holds;
 *   <li>exponential histogram: count and zero_count fit a signed long; sum finite; scale in [-10, 20]
 *       and zero_threshold neither negative nor NaN ({@link RejectReason#INVALID_SCALE}); bucket counts
 *       fit a signed long; {@code zero_count + sum(positive) + sum(negative) == count};
 *   <li>summary: count fits a signed long; sum finite; every quantile in [0, 1] ({@link
 *       RejectReason#INVALID_QUANTILE}); quantile values may be anything, NaN included.
 * </ol>
 *
 * <p>Details name the place as {@code resource #r scope #s <kind> "<metric>" point #p}, indices
 * counting from 0 in the request, then the field and the offending value; names longer than {@value
 * Rejection#MAX_QUOTED_CHARS} characters are cut ({@link Rejection#quote}), so that a huge name repeated
 * in many rejections cannot multiply a record's size.
 */
public final class OtlpMetricsDecoder {

    private static final int NO_RECORDED_VALUE = DataPointFlags.DATA_POINT_FLAGS_NO_RECORDED_VALUE_MASK_VALUE;
    private static final String TOO_BIG = " does not fit in a signed 64-bit integer";

    private final DecoderOptions options;

    public OtlpMetricsDecoder(DecoderOptions options) {
        this.options = Objects.requireNonNull(options, "options");
    }

    public DecoderOptions options() {
        return options;
    }

    /**
     * Decodes a record value; a {@code null} or unreadable value gives one {@link
     * RejectReason#UNDECODABLE} rejection and no points. Never throws on content.
     */
    public DecodeResult<MetricPoint> decode(byte[] value, OtlpEncoding encoding) {
        return decode(value, encoding, -1);
    }

    /**
     * Decodes a record value carried by a Kafka record stamped {@code recordTimeMillis} (epoch ms, negative
     * for none), which the time-skew check measures against (see {@link DecoderOptions}).
     */
    public DecodeResult<MetricPoint> decode(byte[] value, OtlpEncoding encoding, long recordTimeMillis) {
        Objects.requireNonNull(encoding, "encoding");
        Payloads.Parsed<ExportMetricsServiceRequest> parsed = Payloads.parse(
                value, encoding, ExportMetricsServiceRequest.parser(), ExportMetricsServiceRequest.newBuilder());
        if (parsed.failure != null) {
            return DecodeResult.undecodable(parsed.failure);
        }
        return decode(parsed.message, recordTimeMillis);
    }

    /** Decodes an already parsed request, without a record time. */
    public DecodeResult<MetricPoint> decode(ExportMetricsServiceRequest request) {
        return decode(request, -1);
    }

    /** Decodes an already parsed request carried by a Kafka record stamped {@code recordTimeMillis}. */
    public DecodeResult<MetricPoint> decode(ExportMetricsServiceRequest request, long recordTimeMillis) {
        Run run = new Run(new TimeWindow(options, recordTimeMillis), options);
        for (int r = 0; r < request.getResourceMetricsCount(); r++) {
            ResourceMetrics rm = request.getResourceMetrics(r);
            String[] resourcePairs = LabelPairs.fromAttributes(rm.getResource().getAttributesList());
            for (int s = 0; s < rm.getScopeMetricsCount(); s++) {
                ScopeMetrics sm = rm.getScopeMetrics(s);
                run.scope(r, s, LabelPairs.merge(resourcePairs, scopePairs(sm.getScope())));
                for (int m = 0; m < sm.getMetricsCount(); m++) {
                    run.metric(m, sm.getMetrics(m));
                }
            }
        }
        return new DecodeResult<>(
                run.accepted, run.rejections, run.skipped, run.notConsumed, run.notConsumedLatestTimeNanos);
    }

    static String[] scopePairs(InstrumentationScope scope) {
        String name = scope.getName();
        String version = scope.getVersion();
        if (name.isEmpty()) {
            return version.isEmpty() ? LabelPairs.EMPTY : new String[] {"otel_scope_version", version};
        }
        return version.isEmpty()
                ? new String[] {"otel_scope_name", name}
                : new String[] {"otel_scope_name", name, "otel_scope_version", version};
    }

    /** The state of one {@link #decode(ExportMetricsServiceRequest)} call. */
    private static final class Run {
        final TimeWindow window;
        final DecoderOptions options;
        final List<MetricPoint> accepted = new ArrayList<>();
        final List<Rejection> rejections = new ArrayList<>(0);
        int skipped;
        int notConsumed;
        long notConsumedLatestTimeNanos;
        boolean consumed;

        int resourceIndex;
        int scopeIndex;
        String[] basePairs;
        Labels baseLabels;

        String name;
        String unit;
        String kindName;

        Run(TimeWindow window, DecoderOptions options) {
            this.window = window;
            this.options = options;
        }

        void scope(int r, int s, String[] pairs) {
            resourceIndex = r;
            scopeIndex = s;
            basePairs = pairs;
            baseLabels = Labels.ofSortedPairs(pairs);
        }

        /** A valid point of a metric nobody consumes: counted, and its time still moves event time on. */
        void notConsumed(long timeNanos) {
            notConsumed++;
            notConsumedLatestTimeNanos = Math.max(notConsumedLatestTimeNanos, timeNanos);
        }

        void metric(int m, Metric metric) {
            name = metric.getName();
            consumed = options.consumes(name);
            unit = metric.getUnit();
            kindName = kindName(metric.getDataCase());
            if (name.isEmpty()) {
                int n = pointCount(metric);
                rejections.add(new Rejection(
                        RejectReason.MISSING_NAME,
                        "resource #" + resourceIndex + " scope #"
                                + scopeIndex + " metric #" + m + " (" + kindName + "): name is empty; " + n
                                + plural(n, " point") + " rejected",
                        n));
                return;
            }
            switch (metric.getDataCase()) {
                case GAUGE:
                    numbers(metric.getGauge().getDataPointsList(), MetricKind.GAUGE, Temporality.UNSPECIFIED, false);
                    break;
                case SUM: {
                    Sum sum = metric.getSum();
                    Temporality t = temporality(
                            sum.getAggregationTemporality(),
                            sum.getAggregationTemporalityValue(),
                            sum.getDataPointsCount());
                    if (t != null) {
                        numbers(sum.getDataPointsList(), MetricKind.SUM, t, sum.getIsMonotonic());
                    }
                    break;
                }
                case HISTOGRAM: {
                    Histogram h = metric.getHistogram();
                    Temporality t = temporality(
                            h.getAggregationTemporality(), h.getAggregationTemporalityValue(), h.getDataPointsCount());
                    if (t != null) {
                        for (int p = 0; p < h.getDataPointsCount(); p++) {
                            histogram(p, h.getDataPoints(p), t);
                        }
                    }
                    break;
                }
                case EXPONENTIAL_HISTOGRAM: {
                    ExponentialHistogram h = metric.getExponentialHistogram();
                    Temporality t = temporality(
                            h.getAggregationTemporality(), h.getAggregationTemporalityValue(), h.getDataPointsCount());
                    if (t != null) {
                        for (int p = 0; p < h.getDataPointsCount(); p++) {
                            exponentialHistogram(p, h.getDataPoints(p), t);
                        }
                    }
                    break;
                }
                case SUMMARY: {
                    Summary summary = metric.getSummary();
                    for (int p = 0; p < summary.getDataPointsCount(); p++) {
                        summary(p, summary.getDataPoints(p));
                    }
                    break;
                }
                default:
                    rejections.add(new Rejection(
                            RejectReason.MISSING_DATA,
                            "resource #" + resourceIndex + " scope #"
                                    + scopeIndex + " metric #" + m + " " + Rejection.quote(name)
                                    + ": none of gauge, sum, histogram,"
                                    + " exponential_histogram, summary is set (an empty metric, or a type newer than"
                                    + " this decoder)",
                            0));
            }
        }

        /** The temporality, or {@code null} after rejecting all {@code points} points of the metric. */
        Temporality temporality(AggregationTemporality t, int number, int points) {
            switch (t) {
                case AGGREGATION_TEMPORALITY_DELTA:
                    return Temporality.DELTA;
                case AGGREGATION_TEMPORALITY_CUMULATIVE:
                    return Temporality.CUMULATIVE;
                default:
                    String what = t == AggregationTemporality.UNRECOGNIZED
                            ? "unknown value " + number
                            : t.name() + " (" + number + ")";
                    rejections.add(new Rejection(
                            RejectReason.INVALID_TEMPORALITY,
                            "resource #" + resourceIndex
                                    + " scope #" + scopeIndex + ' ' + kindName + ' ' + Rejection.quote(name)
                                    + ": aggregation_temporality is "
                                    + what + ", expected DELTA or CUMULATIVE; " + points + plural(points, " point")
                                    + " rejected",
                            points));
                    return null;
            }
        }

        void numbers(List<NumberDataPoint> points, MetricKind kind, Temporality temporality, boolean monotonic) {
            for (int p = 0; p < points.size(); p++) {
                NumberDataPoint dp = points.get(p);
                if (skipped(dp.getFlags())
                        || !timesOk(p, dp.getStartTimeUnixNano(), dp.getTimeUnixNano(), dp.getAttributesCount())) {
                    continue;
                }
                double value;
                switch (dp.getValueCase()) {
                    case AS_DOUBLE:
                        value = dp.getAsDouble();
                        break;
                    case AS_INT:
                        value = dp.getAsInt();
                        break;
                    default:
                        reject(RejectReason.MISSING_VALUE, p, "neither as_int nor as_double is set");
                        continue;
                }
                if (monotonic) {
                    if (!Double.isFinite(value)) {
                        reject(
                                RejectReason.NON_FINITE_VALUE,
                                p,
                                "value " + value + " of a monotonic sum is not finite");
                        continue;
                    }
                    if (value < 0) {
                        reject(RejectReason.NEGATIVE_VALUE, p, "value " + value + " of a monotonic sum is negative");
                        continue;
                    }
                }
                if (!consumed) {
                    notConsumed(dp.getTimeUnixNano());
                    continue;
                }
                accepted.add(MetricPoint.builder(name, kind)
                        .unit(unit)
                        .temporality(temporality)
                        .monotonic(monotonic)
                        .labels(labels(dp.getAttributesList()))
                        .startTimeNanos(dp.getStartTimeUnixNano())
                        .timeNanos(dp.getTimeUnixNano())
                        .value(value)
                        .build());
            }
        }

        void histogram(int p, HistogramDataPoint dp, Temporality temporality) {
            if (skipped(dp.getFlags())
                    || !timesOk(p, dp.getStartTimeUnixNano(), dp.getTimeUnixNano(), dp.getAttributesCount())) {
                return;
            }
            long count = dp.getCount();
            if (!countFits(p, "count", count)) {
                return;
            }
            if (dp.hasSum() && !sumFinite(p, dp.getSum())) {
                return;
            }
            int nBounds = dp.getExplicitBoundsCount();
            int nBuckets = dp.getBucketCountsCount();
            if (nBuckets != nBounds + 1 && !(nBuckets == 0 && nBounds == 0)) {
                reject(
                        RejectReason.BUCKET_COUNT_MISMATCH,
                        p,
                        nBuckets + plural(nBuckets, " bucket count") + " for " + nBounds
                                + plural(nBounds, " explicit bound") + " (expected " + (nBounds + 1) + ")");
                return;
            }
            double[] bounds = new double[nBounds];
            for (int i = 0; i < nBounds; i++) {
                double b = dp.getExplicitBounds(i);
                if (Double.isNaN(b)) {
                    reject(RejectReason.UNSORTED_BOUNDS, p, "explicit_bounds[" + i + "] is NaN");
                    return;
                }
                if (i > 0 && !(b > bounds[i - 1])) {
                    reject(
                            RejectReason.UNSORTED_BOUNDS,
                            p,
                            "explicit_bounds[" + i + "] = " + b + " is not greater than explicit_bounds[" + (i - 1)
                                    + "] = " + bounds[i - 1]);
                    return;
                }
                bounds[i] = b;
            }
            long[] buckets;
            if (nBuckets == 0) {
                buckets = new long[] {count};
            } else {
                buckets = new long[nBuckets];
                long total = 0;
                for (int i = 0; i < nBuckets; i++) {
                    long c = dp.getBucketCounts(i);
                    if (c < 0) {
                        reject(
                                RejectReason.NEGATIVE_COUNT,
                                p,
                                "bucket_counts[" + i + "] = " + Long.toUnsignedString(c) + TOO_BIG);
                        return;
                    }
                    buckets[i] = c;
                    total += c;
                    if (total < 0) {
                        reject(
                                RejectReason.COUNT_MISMATCH,
                                p,
                                "bucket_counts add up to more than 2^63-1 but count is " + count);
                        return;
                    }
                }
                if (total != count) {
                    reject(
                            RejectReason.COUNT_MISMATCH,
                            p,
                            "bucket_counts add up to " + total + " but count is " + count);
                    return;
                }
            }
            if (!consumed) {
                notConsumed(dp.getTimeUnixNano());
                return;
            }
            accepted.add(MetricPoint.builder(name, MetricKind.HISTOGRAM)
                    .unit(unit)
                    .temporality(temporality)
                    .labels(labels(dp.getAttributesList()))
                    .startTimeNanos(dp.getStartTimeUnixNano())
                    .timeNanos(dp.getTimeUnixNano())
                    .count(count)
                    .sum(dp.hasSum() ? dp.getSum() : Double.NaN)
                    .min(dp.hasMin() ? dp.getMin() : Double.NaN)
                    .max(dp.hasMax() ? dp.getMax() : Double.NaN)
                    .explicitBounds(bounds)
                    .bucketCounts(buckets)
                    .build());
        }

        void exponentialHistogram(int p, ExponentialHistogramDataPoint dp, Temporality temporality) {
            if (skipped(dp.getFlags())
                    || !timesOk(p, dp.getStartTimeUnixNano(), dp.getTimeUnixNano(), dp.getAttributesCount())) {
                return;
            }
            long count = dp.getCount();
            if (!countFits(p, "count", count)) {
                return;
            }
            long zeroCount = dp.getZeroCount();
            if (!countFits(p, "zero_count", zeroCount)) {
                return;
            }
            if (dp.hasSum() && !sumFinite(p, dp.getSum())) {
                return;
            }
            int scale = dp.getScale();
            if (scale < -10 || scale > 20) {
                reject(RejectReason.INVALID_SCALE, p, "scale " + scale + " is outside [-10, 20]");
                return;
            }
            double zeroThreshold = dp.getZeroThreshold();
            if (!(zeroThreshold >= 0)) {
                reject(RejectReason.INVALID_SCALE, p, "zero_threshold " + zeroThreshold + " is negative or NaN");
                return;
            }
            long[] positive = bucketCounts(p, "positive", dp.getPositive());
            long[] negative = positive == null ? null : bucketCounts(p, "negative", dp.getNegative());
            if (negative == null) {
                return;
            }
            long total = addCounts(addCounts(zeroCount, positive), negative);
            if (total != count) {
                String sumText = total < 0 ? "more than 2^63-1" : Long.toString(total);
                reject(
                        RejectReason.COUNT_MISMATCH,
                        p,
                        "zero_count + positive + negative bucket counts add up to " + sumText + " but count is "
                                + count);
                return;
            }
            if (!consumed) {
                notConsumed(dp.getTimeUnixNano());
                return;
            }
            accepted.add(MetricPoint.builder(name, MetricKind.EXPONENTIAL_HISTOGRAM)
                    .unit(unit)
                    .temporality(temporality)
                    .labels(labels(dp.getAttributesList()))
                    .startTimeNanos(dp.getStartTimeUnixNano())
                    .timeNanos(dp.getTimeUnixNano())
                    .count(count)
                    .sum(dp.hasSum() ? dp.getSum() : Double.NaN)
                    .min(dp.hasMin() ? dp.getMin() : Double.NaN)
                    .max(dp.hasMax() ? dp.getMax() : Double.NaN)
                    .scale(scale)
                    .zeroCount(zeroCount)
                    .zeroThreshold(zeroThreshold)
                    .positive(dp.getPositive().getOffset(), positive)
                    .negative(dp.getNegative().getOffset(), negative)
                    .build());
        }

        /** The bucket counts, each checked to be non-negative, or {@code null} after a rejection. */
        long[] bucketCounts(int p, String side, ExponentialHistogramDataPoint.Buckets buckets) {
            long[] counts = new long[buckets.getBucketCountsCount()];
            for (int i = 0; i < counts.length; i++) {
                long c = buckets.getBucketCounts(i);
                if (c < 0) {
                    reject(
                            RejectReason.NEGATIVE_COUNT,
                            p,
                            side + ".bucket_counts[" + i + "] = " + Long.toUnsignedString(c) + TOO_BIG);
                    return null;
                }
                counts[i] = c;
            }
            return counts;
        }

        /** A uint64 count read as a Java long is negative when it exceeds 2^63 - 1: reject the point. */
        boolean countFits(int p, String field, long value) {
            if (value >= 0) {
                return true;
            }
            reject(RejectReason.NEGATIVE_COUNT, p, field + " " + Long.toUnsignedString(value) + TOO_BIG);
            return false;
        }

        boolean sumFinite(int p, double sum) {
            if (Double.isFinite(sum)) {
                return true;
            }
            reject(RejectReason.NON_FINITE_VALUE, p, "sum " + sum + " is not finite");
            return false;
        }

        void summary(int p, SummaryDataPoint dp) {
            if (skipped(dp.getFlags())
                    || !timesOk(p, dp.getStartTimeUnixNano(), dp.getTimeUnixNano(), dp.getAttributesCount())) {
                return;
            }
            long count = dp.getCount();
            if (!countFits(p, "count", count)) {
                return;
            }
            if (!sumFinite(p, dp.getSum())) {
                return;
            }
            int n = dp.getQuantileValuesCount();
            double[] quantiles = new double[n];
            double[] values = new double[n];
            for (int i = 0; i < n; i++) {
                SummaryDataPoint.ValueAtQuantile q = dp.getQuantileValues(i);
                double rank = q.getQuantile();
                if (!(rank >= 0 && rank <= 1)) {
                    reject(
                            RejectReason.INVALID_QUANTILE,
                            p,
                            "quantile_values[" + i + "].quantile = " + rank + " is outside [0, 1]");
                    return;
                }
                quantiles[i] = rank;
                values[i] = q.getValue();
            }
            if (!consumed) {
                notConsumed(dp.getTimeUnixNano());
                return;
            }
            accepted.add(MetricPoint.builder(name, MetricKind.SUMMARY)
                    .unit(unit)
                    .labels(labels(dp.getAttributesList()))
                    .startTimeNanos(dp.getStartTimeUnixNano())
                    .timeNanos(dp.getTimeUnixNano())
                    .count(count)
                    .sum(dp.getSum())
                    .quantiles(quantiles, values)
                    .build());
        }

        boolean skipped(int flags) {
            if ((flags & NO_RECORDED_VALUE) != 0) {
                skipped++;
                return true;
            }
            return false;
        }

        /** Checks the times, then the label count: the first checks of every point. */
        boolean timesOk(int p, long start, long time, int attributes) {
            TimeWindow.Problem bad = window.checkPoint(start, time);
            if (bad != null) {
                reject(bad.reason(), p, bad.what());
                return false;
            }
            int labels = basePairs.length / 2 + attributes;
            if (labels > options.maxLabels()) {
                reject(
                        RejectReason.TOO_MANY_LABELS,
                        p,
                        basePairs.length / 2 + " resource and scope labels and " + attributes
                                + " attributes exceed the limit of " + options.maxLabels() + " labels");
                return false;
            }
            return true;
        }

        Labels labels(List<KeyValue> attributes) {
            if (attributes.isEmpty()) {
                return baseLabels;
            }
            return Labels.ofSortedPairs(LabelPairs.merge(basePairs, LabelPairs.fromAttributes(attributes)));
        }

        void reject(RejectReason reason, int p, String what) {
            rejections.add(new Rejection(
                    reason,
                    "resource #" + resourceIndex + " scope #" + scopeIndex + ' ' + kindName + ' '
                            + Rejection.quote(name) + " point #" + p + ": " + what,
                    1));
        }
    }

    /**
     * {@code total} plus all {@code counts}, or -1 once the sum exceeds 2^63-1. All inputs are non-negative,
     * so one addition wraps at most once and a wrapped sum is negative.
     */
    private static long addCounts(long total, long[] counts) {
        for (long c : counts) {
            if (total < 0) {
                return -1;
            }
            total += c;
        }
        return total < 0 ? -1 : total;
    }

    private static int pointCount(Metric metric) {
        switch (metric.getDataCase()) {
            case GAUGE:
                return metric.getGauge().getDataPointsCount();
            case SUM:
                return metric.getSum().getDataPointsCount();
            case HISTOGRAM:
                return metric.getHistogram().getDataPointsCount();
            case EXPONENTIAL_HISTOGRAM:
                return metric.getExponentialHistogram().getDataPointsCount();
            case SUMMARY:
                return metric.getSummary().getDataPointsCount();
            default:
                return 0;
        }
    }

    private static String kindName(Metric.DataCase dataCase) {
        switch (dataCase) {
            case GAUGE:
                return "gauge";
            case SUM:
                return "sum";
            case HISTOGRAM:
                return "histogram";
            case EXPONENTIAL_HISTOGRAM:
                return "exponential_histogram";
            case SUMMARY:
                return "summary";
            default:
                return "metric without data";
        }
    }

    static String plural(long n, String noun) {
        return n == 1 ? noun : noun + 's';
    }
}
