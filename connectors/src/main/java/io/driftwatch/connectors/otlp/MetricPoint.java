package io.driftwatch.connectors.otlp;

import java.util.Arrays;
import java.util.Objects;
import org.apache.flink.api.common.typeinfo.TypeInfo;

/**
 * One normalised OTLP data point of any metric kind, with its resource, scope and point attributes
 * merged into {@link Labels}.
 *
 * <p>Which fields are meaningful depends on {@link #kind()}:
 *
 * <ul>
 *   <li>{@code GAUGE}, {@code SUM}: {@link #value()};
 *   <li>{@code HISTOGRAM}: {@link #count()}, {@link #sum()}, {@link #explicitBounds()}, {@link
 *       #bucketCounts()} ({@code bucketCounts.length == explicitBounds.length + 1}; bucket {@code i}
 *       holds values in {@code (bounds[i-1], bounds[i]]}), {@link #min()}, {@link #max()};
 *   <li>{@code EXPONENTIAL_HISTOGRAM}: {@link #count()}, {@link #sum()}, {@link #scale()}, {@link
 *       #zeroCount()}, {@link #zeroThreshold()}, positive and negative offsets and bucket counts;
 *   <li>{@code SUMMARY}: {@link #count()}, {@link #sum()}, {@link #quantiles()} and {@link
 *       #quantileValues()}.
 * </ul>
 *
 * <p>Absent optional doubles ({@code sum}, {@code min}, {@code max}) are {@code NaN}. Times are Unix
 * epoch nanoseconds, as in OTLP; {@code startTimeNanos} is 0 when the producer did not set it.
 * Arrays are never copied on access: treat them as read-only.
 *
 * <p>Flink serialises it with {@link MetricPointSerializer}.
 */
@TypeInfo(MetricPointTypeInfoFactory.class)
public final class MetricPoint implements OtlpItem {

    private static final double[] NO_DOUBLES = new double[0];
    private static final long[] NO_LONGS = new long[0];

    private final String name;
    private final String unit;
    private final MetricKind kind;
    private final Temporality temporality;
    private final boolean monotonic;
    private final Labels labels;
    private final long startTimeNanos;
    private final long timeNanos;
    private final double value;
    private final long count;
    private final double sum;
    private final double min;
    private final double max;
    private final double[] explicitBounds;
    private final long[] bucketCounts;
    private final int scale;
    private final long zeroCount;
    private final double zeroThreshold;
    private final int positiveOffset;
    private final long[] positiveCounts;
    private final int negativeOffset;
    private final long[] negativeCounts;
    private final double[] quantiles;
    private final double[] quantileValues;

    private MetricPoint(Builder b) {
        this.name = Objects.requireNonNull(b.name, "name");
        this.unit = b.unit == null ? "" : b.unit;
        this.kind = Objects.requireNonNull(b.kind, "kind");
        this.temporality = b.temporality;
        this.monotonic = b.monotonic;
        this.labels = b.labels;
        this.startTimeNanos = b.startTimeNanos;
        this.timeNanos = b.timeNanos;
        this.value = b.value;
        this.count = b.count;
        this.sum = b.sum;
        this.min = b.min;
        this.max = b.max;
        this.explicitBounds = b.explicitBounds;
        this.bucketCounts = b.bucketCounts;
        this.scale = b.scale;
        this.zeroCount = b.zeroCount;
        this.zeroThreshold = b.zeroThreshold;
        this.positiveOffset = b.positiveOffset;
        this.positiveCounts = b.positiveCounts;
        this.negativeOffset = b.negativeOffset;
        this.negativeCounts = b.negativeCounts;
        this.quantiles = b.quantiles;
        this.quantileValues = b.quantileValues;
    }

    public static Builder builder(String name, MetricKind kind) {
        return new Builder(name, kind);
    }

    /** A builder pre-filled with this point's fields, e.g. to derive a delta point from it. */
    public Builder toBuilder() {
        Builder b = new Builder(name, kind);
        b.unit = unit;
        b.temporality = temporality;
        b.monotonic = monotonic;
        b.labels = labels;
        b.startTimeNanos = startTimeNanos;
        b.timeNanos = timeNanos;
        b.value = value;
        b.count = count;
        b.sum = sum;
        b.min = min;
        b.max = max;
        b.explicitBounds = explicitBounds;
        b.bucketCounts = bucketCounts;
        b.scale = scale;
        b.zeroCount = zeroCount;
        b.zeroThreshold = zeroThreshold;
        b.positiveOffset = positiveOffset;
        b.positiveCounts = positiveCounts;
        b.negativeOffset = negativeOffset;
        b.negativeCounts = negativeCounts;
        b.quantiles = quantiles;
        b.quantileValues = quantileValues;
        return b;
    }

    /** The OTLP metric name, unchanged (e.g. {@code ml.inference.confidence}). */
    public String name() {
        return name;
    }

    public String unit() {
        return unit;
    }

    public MetricKind kind() {
        return kind;
    }

    public Temporality temporality() {
        return temporality;
    }
    /** For {@code SUM}: whether the sum is monotonic (a counter). */
    public boolean monotonic() {
        return monotonic;
    }

    public Labels labels() {
        return labels;
    }

    public long startTimeNanos() {
        return startTimeNanos;
    }

    public long timeNanos() {
        return timeNanos;
    }
    /** Event time in epoch milliseconds, as Flink and Prometheus use it. */
    @Override
    public long timeMillis() {
        return Math.floorDiv(timeNanos, 1_000_000L);
    }

    public double value() {
        return value;
    }

    public long count() {
        return count;
    }

    public double sum() {
        return sum;
    }

    public double min() {
        return min;
    }

    public double max() {
        return max;
    }

    public double[] explicitBounds() {
        return explicitBounds;
    }

    public long[] bucketCounts() {
        return bucketCounts;
    }

    public int scale() {
        return scale;
    }

    public long zeroCount() {
        return zeroCount;
    }

    public double zeroThreshold() {
        return zeroThreshold;
    }

    public int positiveOffset() {
        return positiveOffset;
    }

    public long[] positiveCounts() {
        return positiveCounts;
    }

    public int negativeOffset() {
        return negativeOffset;
    }

    public long[] negativeCounts() {
        return negativeCounts;
    }

    public double[] quantiles() {
        return quantiles;
    }

    public double[] quantileValues() {
        return quantileValues;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof MetricPoint)) {
            return false;
        }
        MetricPoint p = (MetricPoint) o;
        return name.equals(p.name)
                && unit.equals(p.unit)
                && kind == p.kind
                && temporality == p.temporality
                && monotonic == p.monotonic
                && labels.equals(p.labels)
                && startTimeNanos == p.startTimeNanos
                && timeNanos == p.timeNanos
                && Double.compare(value, p.value) == 0
                && count == p.count
                && Double.compare(sum, p.sum) == 0
                && Double.compare(min, p.min) == 0
                && Double.compare(max, p.max) == 0
                && Arrays.equals(explicitBounds, p.explicitBounds)
                && Arrays.equals(bucketCounts, p.bucketCounts)
                && scale == p.scale
                && zeroCount == p.zeroCount
                && Double.compare(zeroThreshold, p.zeroThreshold) == 0
                && positiveOffset == p.positiveOffset
                && Arrays.equals(positiveCounts, p.positiveCounts)
                && negativeOffset == p.negativeOffset
                && Arrays.equals(negativeCounts, p.negativeCounts)
                && Arrays.equals(quantiles, p.quantiles)
                && Arrays.equals(quantileValues, p.quantileValues);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, kind, labels, timeNanos, value, count, sum);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(name).append(labels).append(' ').append(kind);
        if (temporality != Temporality.UNSPECIFIED) {
            sb.append(' ').append(temporality);
        }
        sb.append(" t=").append(timeNanos);
        switch (kind) {
            case GAUGE:
            case SUM:
                sb.append(" value=").append(value);
                break;
            case HISTOGRAM:
                sb.append(" count=")
                        .append(count)
                        .append(" sum=")
                        .append(sum)
                        .append(" bounds=")
                        .append(Arrays.toString(explicitBounds))
                        .append(" buckets=")
                        .append(Arrays.toString(bucketCounts));
                break;
            default:
                sb.append(" count=").append(count).append(" sum=").append(sum);
        }
        return sb.toString();
    }

    /** Builds a {@link MetricPoint}; arrays passed in are kept, not copied. */
    public static final class Builder {
        private final String name;
        private final MetricKind kind;
        private String unit = "";
        private Temporality temporality = Temporality.UNSPECIFIED;
        private boolean monotonic;
        private Labels labels = Labels.EMPTY;
        private long startTimeNanos;
        private long timeNanos;
        private double value;
        private long count;
        private double sum = Double.NaN;
        private double min = Double.NaN;
        private double max = Double.NaN;
        private double[] explicitBounds = NO_DOUBLES;
        private long[] bucketCounts = NO_LONGS;
        private int scale;
        private long zeroCount;
        private double zeroThreshold;
        private int positiveOffset;
        private long[] positiveCounts = NO_LONGS;
        private int negativeOffset;
        private long[] negativeCounts = NO_LONGS;
        private double[] quantiles = NO_DOUBLES;
        private double[] quantileValues = NO_DOUBLES;

        private Builder(String name, MetricKind kind) {
            this.name = name;
            this.kind = kind;
        }

        public Builder unit(String unit) {
            this.unit = unit;
            return this;
        }

        public Builder temporality(Temporality temporality) {
            this.temporality = Objects.requireNonNull(temporality);
            return this;
        }

        public Builder monotonic(boolean monotonic) {
            this.monotonic = monotonic;
            return this;
        }

        public Builder labels(Labels labels) {
            this.labels = Objects.requireNonNull(labels);
            return this;
        }

        public Builder startTimeNanos(long startTimeNanos) {
            this.startTimeNanos = startTimeNanos;
            return this;
        }

        public Builder timeNanos(long timeNanos) {
            this.timeNanos = timeNanos;
            return this;
        }

        public Builder value(double value) {
            this.value = value;
            return this;
        }

        public Builder count(long count) {
            this.count = count;
            return this;
        }

        public Builder sum(double sum) {
            this.sum = sum;
            return this;
        }

        public Builder min(double min) {
            this.min = min;
            return this;
        }

        public Builder max(double max) {
            this.max = max;
            return this;
        }

        public Builder explicitBounds(double[] explicitBounds) {
            this.explicitBounds = Objects.requireNonNull(explicitBounds);
            return this;
        }

        public Builder bucketCounts(long[] bucketCounts) {
            this.bucketCounts = Objects.requireNonNull(bucketCounts);
            return this;
        }

        public Builder scale(int scale) {
            this.scale = scale;
            return this;
        }

        public Builder zeroCount(long zeroCount) {
            this.zeroCount = zeroCount;
            return this;
        }

        public Builder zeroThreshold(double zeroThreshold) {
            this.zeroThreshold = zeroThreshold;
            return this;
        }

        public Builder positive(int offset, long[] counts) {
            this.positiveOffset = offset;
            this.positiveCounts = Objects.requireNonNull(counts);
            return this;
        }

        public Builder negative(int offset, long[] counts) {
            this.negativeOffset = offset;
            this.negativeCounts = Objects.requireNonNull(counts);
            return this;
        }

        public Builder quantiles(double[] quantiles, double[] values) {
            if (quantiles.length != values.length) {
                throw new IllegalArgumentException("quantiles and values differ in length");
            }
            this.quantiles = quantiles;
            this.quantileValues = values;
            return this;
        }

        public MetricPoint build() {
            return new MetricPoint(this);
        }
    }
}
