package io.driftwatch.drift.sketch;

import io.driftwatch.codec.ByteReader;
import io.driftwatch.codec.ByteWriter;
import java.util.Arrays;

/**
 * Mergeable counts of a fixed explicit-bucket histogram (OpenTelemetry / Prometheus layout): m
 * ascending finite bounds b(0) &lt; … &lt; b(m−1) and m + 1 counts, bucket i holding the values v
 * with b(i−1) &lt; v ≤ b(i) (b(−1) = −∞, b(m) = +∞).
 *
 * <p><b>Resolution.</b> The counts are exact, but nothing is known of the values inside a bucket:
 * statistics computed from a bucket summary see the distribution only at the bounds (its CDF is
 * known exactly at each bound and nowhere else). Two summaries can be merged only when their
 * bounds are identical.
 *
 * <p>Not thread-safe; mutable by {@link #add} and {@link #merge}.
 */
public final class BucketSummary {

    private final double[] bounds;
    private final long[] counts;

    private BucketSummary(double[] bounds, long[] counts) {
        this.bounds = bounds;
        this.counts = counts;
    }

    /**
     * An empty summary over {@code bounds}.
     *
     * @throws IllegalArgumentException when the bounds are not finite and strictly ascending
     */
    public static BucketSummary create(double[] bounds) {
        for (int i = 0; i < bounds.length; i++) {
            if (!Double.isFinite(bounds[i])) {
                throw new IllegalArgumentException("bucket bound " + i + " is not finite: " + bounds[i]);
            }
            if (i > 0 && !(bounds[i] > bounds[i - 1])) {
                throw new IllegalArgumentException("bucket bounds must be strictly ascending: bound " + i + " = "
                        + bounds[i] + " after " + bounds[i - 1]);
            }
        }
        return new BucketSummary(bounds.clone(), new long[bounds.length + 1]);
    }

    /** A summary of one histogram's bucket counts. */
    public static BucketSummary of(double[] bounds, long[] counts) {
        BucketSummary s = create(bounds);
        s.add(bounds, counts);
        return s;
    }

    /**
     * Adds one histogram's (or one increment's) bucket counts.
     *
     * @throws IllegalArgumentException when the bounds differ from this summary's, the counts do not
     *     match them, or a count is negative
     */
    public void add(double[] otherBounds, long[] otherCounts) {
        if (!Arrays.equals(bounds, otherBounds)) {
            throw new IllegalArgumentException("bucket bounds " + Arrays.toString(otherBounds)
                    + " differ from the summary's " + Arrays.toString(bounds));
        }
        if (otherCounts.length != counts.length) {
            throw new IllegalArgumentException(otherCounts.length + " bucket counts for " + bounds.length
                    + " bounds (need " + counts.length + ")");
        }
        for (int i = 0; i < counts.length; i++) {
            if (otherCounts[i] < 0) {
                throw new IllegalArgumentException("bucket " + i + " count is negative: " + otherCounts[i]);
            }
        }
        for (int i = 0; i < counts.length; i++) {
            counts[i] += otherCounts[i];
        }
    }

    /** Adds {@code other}'s counts; the bounds must be identical. */
    public void merge(BucketSummary other) {
        add(other.bounds, other.counts);
    }

    /** The bounds (a copy). */
    public double[] bounds() {
        return bounds.clone();
    }

    /** The counts, one per bucket (a copy). */
    public long[] counts() {
        return counts.clone();
    }

    /** Total count. */
    public long count() {
        long n = 0;
        for (long c : counts) {
            n += c;
        }
        return n;
    }

    public boolean isEmpty() {
        return count() == 0;
    }

    /** Whether {@code other} has the same bounds (and so can be compared or merged). */
    public boolean sameBounds(BucketSummary other) {
        return Arrays.equals(bounds, other.bounds);
    }

    /** Bucket proportions, count / total; throws when empty. */
    public double[] proportions() {
        long n = count();
        if (n == 0) {
            throw new IllegalArgumentException("bucket summary is empty");
        }
        double[] p = new double[counts.length];
        for (int i = 0; i < p.length; i++) {
            p[i] = counts[i] / (double) n;
        }
        return p;
    }

    /** Exact CDF at each bound: the fraction of the count ≤ b(i), i = 0..m−1; throws when empty. */
    public double[] cdfAtBounds() {
        long n = count();
        if (n == 0) {
            throw new IllegalArgumentException("bucket summary is empty");
        }
        double[] f = new double[bounds.length];
        long below = 0;
        for (int i = 0; i < bounds.length; i++) {
            below += counts[i];
            f[i] = below / (double) n;
        }
        return f;
    }

    /** Serialised form: fixed int m, m bounds as doubles, m + 1 counts as fixed longs. */
    public byte[] toBytes() {
        ByteWriter w = new ByteWriter(4 + 8 * bounds.length + 8 * counts.length);
        w.writeFixedInt(bounds.length);
        for (double v : bounds) {
            w.writeDouble(v);
        }
        for (long c : counts) {
            w.writeFixedLong(c);
        }
        return w.toByteArray();
    }

    /** Restores a summary written by {@link #toBytes()}. */
    public static BucketSummary fromBytes(byte[] bytes) {
        ByteReader r = new ByteReader(bytes, "bucket summary");
        // a bound and its bucket's count: 16 bytes each
        int m = r.checkLength("bound count", r.readFixedInt("bound count"), 16);
        double[] bounds = new double[m];
        for (int i = 0; i < m; i++) {
            bounds[i] = r.readDouble("bound");
        }
        long[] counts = new long[m + 1];
        for (int i = 0; i <= m; i++) {
            counts[i] = r.readFixedLong("count");
        }
        r.expectEnd();
        BucketSummary s = create(bounds);
        s.add(bounds, counts);
        return s;
    }

    @Override
    public String toString() {
        return "BucketSummary{buckets=" + counts.length + ", n=" + count() + "}";
    }
}
