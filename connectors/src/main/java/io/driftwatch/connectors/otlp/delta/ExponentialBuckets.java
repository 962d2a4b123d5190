package io.driftwatch.connectors.otlp.delta;

import java.util.Arrays;

/**
 * One side (positive or negative) of an exponential histogram: bucket {@code offset + i} holds
 * {@code counts[i]}. At scale {@code s}, bucket index {@code k} covers absolute values in
 * {@code (base^k, base^(k+1)]} with {@code base = 2^(2^-s)}.
 */
final class ExponentialBuckets {

    private static final long[] NO_LONGS = new long[0];
    static final ExponentialBuckets EMPTY = new ExponentialBuckets(0, NO_LONGS);

    final int offset;
    final long[] counts;

    ExponentialBuckets(int offset, long[] counts) {
        this.offset = offset;
        this.counts = counts;
    }

    /**
     * The same counts at scale {@code scale - shift}: lowering the scale by one merges buckets
     * {@code 2j} and {@code 2j+1} into bucket {@code j}, so index {@code k} maps to {@code k >> shift}
     * (an arithmetic shift, i.e. floor division, which is also right for negative indices).
     */
    ExponentialBuckets downscale(int shift) {
        if (shift == 0 || counts.length == 0) {
            return this;
        }
        int first = offset >> shift;
        int last = (offset + counts.length - 1) >> shift;
        long[] merged = new long[last - first + 1];
        for (int i = 0; i < counts.length; i++) {
            merged[((offset + i) >> shift) - first] += counts[i];
        }
        return new ExponentialBuckets(first, merged);
    }

    /**
     * {@code this - previous}, both at the same scale, trimmed of zero buckets at both ends; {@code null}
     * when any bucket would be negative (a reset). Computed over this side's index range only: a
     * cumulative side never loses a non-empty bucket, so a non-zero previous bucket outside that range is
     * a reset too (and the work and memory stay bounded by the current point's size).
     */
    ExponentialBuckets minus(ExponentialBuckets previous) {
        long[] diff = counts.clone();
        for (int i = 0; i < previous.counts.length; i++) {
            long k = (long) previous.offset + i - offset;
            if (k < 0 || k >= diff.length) {
                if (previous.counts[i] != 0) {
                    return null;
                }
                continue;
            }
            diff[(int) k] -= previous.counts[i];
            if (diff[(int) k] < 0) {
                return null;
            }
        }
        int from = 0;
        while (from < diff.length && diff[from] == 0) {
            from++;
        }
        if (from == diff.length) {
            return EMPTY;
        }
        int to = diff.length;
        while (diff[to - 1] == 0) {
            to--;
        }
        long[] trimmed = from == 0 && to == diff.length ? diff : Arrays.copyOfRange(diff, from, to);
        return new ExponentialBuckets(offset + from, trimmed);
    }
}
