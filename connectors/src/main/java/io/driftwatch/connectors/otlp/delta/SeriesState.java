package io.driftwatch.connectors.otlp.delta;

import io.driftwatch.codec.ByteReader;
import io.driftwatch.codec.ByteWriter;
import io.driftwatch.connectors.otlp.MetricKind;
import io.driftwatch.connectors.otlp.MetricPoint;
import io.driftwatch.connectors.otlp.Temporality;
import java.util.Arrays;
import java.util.Objects;

/**
 * What {@link CumulativeToDelta} remembers about one series: the last accepted cumulative point,
 * reduced to the fields a later delta needs (no name, unit or labels: the series key holds those).
 *
 * <p>Immutable. Instances are made by {@link CumulativeToDelta#convert} and by {@link #fromBytes};
 * arrays are shared with the point they came from and are never modified.
 *
 * <h2>Binary form ({@link #toBytes()}, format version {@value #FORMAT_VERSION})</h2>
 *
 * <pre>
 * byte    version (= 1)
 * byte    kind ordinal | temporality ordinal &lt;&lt; 3 | monotonic &lt;&lt; 5
 * fixed64 startTimeNanos, fixed64 timeNanos
 * SUM:                   double value
 * HISTOGRAM:             varint count, double sum, varint nBuckets (0 or nBounds + 1),
 *                        nBuckets - 1 doubles (bounds), nBuckets varints (bucket counts)
 * EXPONENTIAL_HISTOGRAM: zigzag scale, varint count, double sum, varint zeroCount, double zeroThreshold,
 *                        zigzag positiveOffset, varint n, n varints, zigzag negativeOffset, varint n, n varints
 * SUMMARY:               varint count, double sum
 * </pre>
 *
 * Measured sizes ({@code SeriesStateTest}): counter 26 bytes, summary 29, 20-bucket histogram with counts
 * up to 2^21 239, 160-bucket exponential histogram with counts up to 2^21 525.
 */
public final class SeriesState {

    /** The binary format version written by {@link #toBytes()}; {@link #fromBytes} reads only this one. */
    public static final int FORMAT_VERSION = 1;

    private static final double[] NO_DOUBLES = new double[0];
    private static final long[] NO_LONGS = new long[0];
    private static final MetricKind[] KINDS = MetricKind.values();
    private static final Temporality[] TEMPORALITIES = Temporality.values();

    private final MetricKind kind;
    private final Temporality temporality;
    private final boolean monotonic;
    private final long startTimeNanos;
    private final long timeNanos;
    private final double value;
    private final long count;
    private final double sum;
    private final double[] explicitBounds;
    private final long[] bucketCounts;
    private final int scale;
    private final long zeroCount;
    private final double zeroThreshold;
    private final int positiveOffset;
    private final long[] positiveCounts;
    private final int negativeOffset;
    private final long[] negativeCounts;

    private SeriesState(
            MetricKind kind,
            Temporality temporality,
            boolean monotonic,
            long startTimeNanos,
            long timeNanos,
            double value,
            long count,
            double sum,
            double[] explicitBounds,
            long[] bucketCounts,
            int scale,
            long zeroCount,
            double zeroThreshold,
            int positiveOffset,
            long[] positiveCounts,
            int negativeOffset,
            long[] negativeCounts) {
        this.kind = kind;
        this.temporality = temporality;
        this.monotonic = monotonic;
        this.startTimeNanos = startTimeNanos;
        this.timeNanos = timeNanos;
        this.value = value;
        this.count = count;
        this.sum = sum;
        this.explicitBounds = explicitBounds;
        this.bucketCounts = bucketCounts;
        this.scale = scale;
        this.zeroCount = zeroCount;
        this.zeroThreshold = zeroThreshold;
        this.positiveOffset = positiveOffset;
        this.positiveCounts = positiveCounts;
        this.negativeOffset = negativeOffset;
        this.negativeCounts = negativeCounts;
    }

    /** The state remembering {@code point}; only the fields of its kind are kept. */
    static SeriesState of(MetricPoint p) {
        MetricKind k = p.kind();
        boolean sumKind = k == MetricKind.SUM;
        boolean hist = k == MetricKind.HISTOGRAM;
        boolean exp = k == MetricKind.EXPONENTIAL_HISTOGRAM;
        return new SeriesState(
                k,
                p.temporality(),
                sumKind && p.monotonic(),
                p.startTimeNanos(),
                p.timeNanos(),
                sumKind ? p.value() : 0.0,
                sumKind ? 0L : p.count(),
                sumKind ? 0.0 : p.sum(),
                hist ? p.explicitBounds() : NO_DOUBLES,
                hist ? p.bucketCounts() : NO_LONGS,
                exp ? p.scale() : 0,
                exp ? p.zeroCount() : 0L,
                exp ? p.zeroThreshold() : 0.0,
                exp ? p.positiveOffset() : 0,
                exp ? p.positiveCounts() : NO_LONGS,
                exp ? p.negativeOffset() : 0,
                exp ? p.negativeCounts() : NO_LONGS);
    }

    public MetricKind kind() {
        return kind;
    }

    public Temporality temporality() {
        return temporality;
    }
    /** Whether the remembered point was a monotonic sum (always false for other kinds). */
    public boolean monotonic() {
        return monotonic;
    }

    public long startTimeNanos() {
        return startTimeNanos;
    }
    /** The time of the last accepted point: the start time of the next delta. */
    public long timeNanos() {
        return timeNanos;
    }

    double value() {
        return value;
    }

    long count() {
        return count;
    }

    double sum() {
        return sum;
    }

    double[] explicitBounds() {
        return explicitBounds;
    }

    long[] bucketCounts() {
        return bucketCounts;
    }

    int scale() {
        return scale;
    }

    long zeroCount() {
        return zeroCount;
    }

    double zeroThreshold() {
        return zeroThreshold;
    }

    int positiveOffset() {
        return positiveOffset;
    }

    long[] positiveCounts() {
        return positiveCounts;
    }

    int negativeOffset() {
        return negativeOffset;
    }

    long[] negativeCounts() {
        return negativeCounts;
    }

    /** The binary form described in the class comment. */
    public byte[] toBytes() {
        ByteWriter w = new ByteWriter(32
                + 9 * (bucketCounts.length + positiveCounts.length + negativeCounts.length)
                + 8 * explicitBounds.length);
        w.writeByte(FORMAT_VERSION);
        w.writeByte(kind.ordinal() | temporality.ordinal() << 3 | (monotonic ? 1 : 0) << 5);
        w.writeFixedLong(startTimeNanos);
        w.writeFixedLong(timeNanos);
        switch (kind) {
            case SUM:
                w.writeDouble(value);
                break;
            case HISTOGRAM:
                w.writeVarLong(count);
                w.writeDouble(sum);
                w.writeVarLong(bucketCounts.length);
                for (double b : explicitBounds) {
                    w.writeDouble(b);
                }
                writeCounts(w, bucketCounts);
                break;
            case EXPONENTIAL_HISTOGRAM:
                w.writeZigZagInt(scale);
                w.writeVarLong(count);
                w.writeDouble(sum);
                w.writeVarLong(zeroCount);
                w.writeDouble(zeroThreshold);
                w.writeZigZagInt(positiveOffset);
                w.writeVarLong(positiveCounts.length);
                writeCounts(w, positiveCounts);
                w.writeZigZagInt(negativeOffset);
                w.writeVarLong(negativeCounts.length);
                writeCounts(w, negativeCounts);
                break;
            case SUMMARY:
                w.writeVarLong(count);
                w.writeDouble(sum);
                break;
            default:
                throw new IllegalStateException("no state is kept for " + kind);
        }
        return w.toByteArray();
    }

    private static void writeCounts(ByteWriter w, long[] counts) {
        for (long c : counts) {
            w.writeVarLong(c);
        }
    }

    /**
     * Reads the form written by {@link #toBytes()}.
     *
     * @throws IllegalArgumentException naming the problem and byte offset when {@code bytes} is null,
     *     empty, truncated, has trailing bytes, has an unknown format version or kind, or holds negative
     *     counts
     */
    public static SeriesState fromBytes(byte[] bytes) {
        ByteReader r = new ByteReader(bytes, "SeriesState");
        r.expectVersion(FORMAT_VERSION);
        int code = r.readByte("kind");
        int kindOrdinal = code & 0x7;
        int temporalityOrdinal = (code >>> 3) & 0x3;
        if ((code & ~0x3F) != 0 || kindOrdinal >= KINDS.length || temporalityOrdinal >= TEMPORALITIES.length) {
            throw r.corrupt("invalid kind code 0x" + Integer.toHexString(code));
        }
        MetricKind kind = KINDS[kindOrdinal];
        Temporality temporality = TEMPORALITIES[temporalityOrdinal];
        boolean monotonic = (code & 0x20) != 0;
        long start = r.readFixedLong("startTimeNanos");
        long time = r.readFixedLong("timeNanos");
        SeriesState s;
        switch (kind) {
            case SUM:
                s = new SeriesState(
                        kind,
                        temporality,
                        monotonic,
                        start,
                        time,
                        r.readDouble("value"),
                        0L,
                        0.0,
                        NO_DOUBLES,
                        NO_LONGS,
                        0,
                        0L,
                        0.0,
                        0,
                        NO_LONGS,
                        0,
                        NO_LONGS);
                break;
            case HISTOGRAM: {
                long count = r.readCount("count");
                double sum = r.readDouble("sum");
                int nBuckets = r.readLength("bucket count", 1);
                double[] bounds = nBuckets == 0 ? NO_DOUBLES : new double[nBuckets - 1];
                for (int i = 0; i < bounds.length; i++) {
                    bounds[i] = r.readDouble("bound");
                }
                long[] buckets = readCounts(r, nBuckets, "bucket count");
                s = new SeriesState(
                        kind,
                        temporality,
                        monotonic,
                        start,
                        time,
                        0.0,
                        count,
                        sum,
                        bounds,
                        buckets,
                        0,
                        0L,
                        0.0,
                        0,
                        NO_LONGS,
                        0,
                        NO_LONGS);
                break;
            }
            case EXPONENTIAL_HISTOGRAM: {
                int scale = r.readZigZagInt("scale");
                long count = r.readCount("count");
                double sum = r.readDouble("sum");
                long zeroCount = r.readCount("zeroCount");
                double zeroThreshold = r.readDouble("zeroThreshold");
                int posOffset = r.readZigZagInt("positiveOffset");
                long[] pos = readCounts(r, r.readLength("positive bucket count", 1), "positive bucket");
                int negOffset = r.readZigZagInt("negativeOffset");
                long[] neg = readCounts(r, r.readLength("negative bucket count", 1), "negative bucket");
                s = new SeriesState(
                        kind,
                        temporality,
                        monotonic,
                        start,
                        time,
                        0.0,
                        count,
                        sum,
                        NO_DOUBLES,
                        NO_LONGS,
                        scale,
                        zeroCount,
                        zeroThreshold,
                        posOffset,
                        pos,
                        negOffset,
                        neg);
                break;
            }
            case SUMMARY:
                s = new SeriesState(
                        kind,
                        temporality,
                        monotonic,
                        start,
                        time,
                        0.0,
                        r.readCount("count"),
                        r.readDouble("sum"),
                        NO_DOUBLES,
                        NO_LONGS,
                        0,
                        0L,
                        0.0,
                        0,
                        NO_LONGS,
                        0,
                        NO_LONGS);
                break;
            default:
                throw r.corrupt("no state is kept for kind " + kind);
        }
        r.expectEnd();
        return s;
    }

    private static long[] readCounts(ByteReader r, int n, String field) {
        if (n == 0) {
            return NO_LONGS;
        }
        long[] counts = new long[n];
        for (int i = 0; i < n; i++) {
            counts[i] = r.readCount(field);
        }
        return counts;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof SeriesState)) {
            return false;
        }
        SeriesState s = (SeriesState) o;
        return kind == s.kind
                && temporality == s.temporality
                && monotonic == s.monotonic
                && startTimeNanos == s.startTimeNanos
                && timeNanos == s.timeNanos
                && Double.compare(value, s.value) == 0
                && count == s.count
                && Double.compare(sum, s.sum) == 0
                && Arrays.equals(explicitBounds, s.explicitBounds)
                && Arrays.equals(bucketCounts, s.bucketCounts)
                && scale == s.scale
                && zeroCount == s.zeroCount
                && Double.compare(zeroThreshold, s.zeroThreshold) == 0
                && positiveOffset == s.positiveOffset
                && Arrays.equals(positiveCounts, s.positiveCounts)
                && negativeOffset == s.negativeOffset
                && Arrays.equals(negativeCounts, s.negativeCounts);
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, startTimeNanos, timeNanos, value, count, sum);
    }

    @Override
    public String toString() {
        return "SeriesState{" + kind + ' ' + temporality + (monotonic ? " monotonic" : "")
                + " start=" + startTimeNanos + " t=" + timeNanos
                + (kind == MetricKind.SUM ? " value=" + value : " count=" + count + " sum=" + sum) + '}';
    }
}
