package io.driftwatch.drift.sketch;

import com.datadoghq.sketch.ddsketch.mapping.IndexMapping;
import com.datadoghq.sketch.ddsketch.store.Store;
import java.util.ArrayList;
import java.util.List;

/**
 * The rounded values of a {@link NumericSummary}, ascending, with cumulative weights: negative cells
 * (largest magnitude first), the zero cell, positive cells. A cell's rounded value is its largest number
 * (see {@link NumericSummary}), found from the mapping's own index function so that raw values compare
 * with it exactly as their bins do.
 */
final class SortedBins {

    final double[] values;
    final long[] cumulative;

    private SortedBins(double[] values, long[] cumulative) {
        this.values = values;
        this.cumulative = cumulative;
    }

    static SortedBins of(IndexMapping mapping, Store negative, long zero, Store positive) {
        List<double[]> bins = new ArrayList<>();
        List<double[]> negatives = new ArrayList<>();
        negative.forEach((index, c) -> negatives.add(new double[] {-bottom(mapping, index), c}));
        for (int i = negatives.size() - 1; i >= 0; i--) {
            bins.add(negatives.get(i));
        }
        if (zero > 0) {
            bins.add(new double[] {0.0, zero});
        }
        positive.forEach((index, c) -> bins.add(new double[] {top(mapping, index), c}));
        double[] values = new double[bins.size()];
        long[] cumulative = new long[bins.size()];
        long sum = 0;
        for (int i = 0; i < values.length; i++) {
            values[i] = bins.get(i)[0];
            sum += (long) bins.get(i)[1];
            cumulative[i] = sum;
        }
        return new SortedBins(values, cumulative);
    }

    /** Index of the last value ≤ x, −1 if none. */
    int lastAtMost(double x) {
        int lo = 0;
        int hi = values.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (values[mid] <= x) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo - 1;
    }

    /** The largest double whose bin is {@code index}. */
    static double top(IndexMapping mapping, int index) {
        return Double.longBitsToDouble(largestAtMost(mapping, index, mapping.upperBound(index)));
    }

    /** The smallest magnitude above the zero cell whose bin is {@code index}. */
    static double bottom(IndexMapping mapping, int index) {
        long below = largestAtMost(mapping, index - 1, mapping.lowerBound(index));
        return Double.longBitsToDouble(Math.max(below + 1, smallest(mapping)));
    }

    private static long smallest(IndexMapping mapping) {
        return Double.doubleToRawLongBits(Math.nextUp(mapping.minIndexableValue()));
    }

    /**
     * The bits of the largest positive double above the zero cell whose bin is at most {@code index}, one
     * below the smallest such double if there is none. Positive doubles order as their bits, so this is a
     * search over longs from the mapping's estimate of the bound: widened until it brackets, then halved
     * (about 64 index evaluations, whatever the estimate's error).
     */
    static long largestAtMost(IndexMapping mapping, int index, double estimate) {
        long min = smallest(mapping);
        long max = Double.doubleToRawLongBits(Double.MAX_VALUE);
        long lo = estimate > 0 && estimate <= Double.MAX_VALUE
                ? Math.max(min, Math.min(max, Double.doubleToRawLongBits(estimate)))
                : max;
        long hi;
        if (indexOf(mapping, lo) > index) {
            hi = lo;
            for (long step = 1; indexOf(mapping, lo) > index; step <<= 1) {
                if (lo == min) {
                    return min - 1;
                }
                hi = lo;
                lo = Math.max(min, lo - step);
            }
        } else {
            hi = lo + 1;
            for (long step = 1; hi <= max && indexOf(mapping, hi) <= index; step <<= 1) {
                lo = hi;
                hi = step > max - hi ? max + 1 : hi + step; // hi + step may overflow a long
            }
        }
        while (hi - lo > 1) { // index(lo) <= index < index(hi), hi = max + 1 standing for +infinity
            long mid = (lo + hi) >>> 1;
            if (indexOf(mapping, mid) <= index) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    private static int indexOf(IndexMapping mapping, long bits) {
        return mapping.index(Double.longBitsToDouble(bits));
    }
}
