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
     * {@code this - previous}, both at the same scale, over the union of their index ranges, trimmed of
     * zero buckets at both ends; {@code null} when any bucket would be negative (a reset).
     */
    ExponentialBuckets minus(ExponentialBuckets previous) {
        if (previous.counts.length == 0) {
            return this;
        }
        if (counts.length == 0) {
            return allZero(previous.counts) ? EMPTY : null;
        }
        long lo = Math.min(offset, previous.offset);
        long hi = Math.max((long) offset + counts.length, (long) previous.offset + previous.counts.length);
        long[] diff = new long[(int) (hi - lo)];
        for (int i = 0; i < counts.length; i++) {
            diff[(int) (offset - lo) + i] = counts[i];
        }
        for (int i = 0; i < previous.counts.length; i++) {
            int k = (int) (previous.offset - lo) + i;
            diff[k] -= previous.counts[i];
            if (diff[k] < 0) {
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
        return new ExponentialBuckets((int) (lo + from), trimmed);
    }

    private static boolean allZero(long[] counts) {
        for (long c : counts) {
            if (c != 0) {
                return false;
            }
        }
        return true;
    }
}
