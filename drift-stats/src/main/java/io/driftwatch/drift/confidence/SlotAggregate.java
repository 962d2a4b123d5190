package io.driftwatch.drift.confidence;

import java.util.Objects;

/**
 * The confidence observations of one slot (one evaluation interval; or a window of them, merged) of
 * one model series: how many inferences, the sum of their confidence scores, and how many of them
 * scored at or below the low-confidence threshold.
 *
 * <p>Immutable. {@code below} is a {@code double} because it may come from {@link BucketShare}'s
 * interpolation inside a histogram bucket.
 */
public final class SlotAggregate {

    /** No observations. */
    public static final SlotAggregate EMPTY = new SlotAggregate(0, 0.0, 0.0);

    private final long count;
    private final double sum;
    private final double below;

    private SlotAggregate(long count, double sum, double below) {
        this.count = count;
        this.sum = sum;
        this.below = below;
    }

    /**
     * @param count number of observations, {@code >= 0}
     * @param sum sum of the observed values, finite; 0 when {@code count == 0}
     * @param below (estimated) number of observations at or below the low threshold, in {@code [0, count]}
     * @throws IllegalArgumentException naming the violated condition
     */
    public static SlotAggregate of(long count, double sum, double below) {
        if (count < 0) {
            throw new IllegalArgumentException("count is negative (" + count + ")");
        }
        if (!Double.isFinite(sum)) {
            throw new IllegalArgumentException("sum is " + sum + " (count " + count + ")");
        }
        if (!(below >= 0 && below <= count)) {
            throw new IllegalArgumentException("below (" + below + ") is not within [0, count=" + count + "]");
        }
        if (count == 0 && sum != 0) {
            throw new IllegalArgumentException("sum is " + sum + " but count is 0");
        }
        return count == 0 ? EMPTY : new SlotAggregate(count, sum, below);
    }

    /**
     * The aggregate of one explicit-bucket histogram (e.g. a delta point of {@code
     * ml.inference.confidence}): count = the sum of the bucket counts, {@code below} = {@link
     * BucketShare#countAtOrBelow}{@code (bounds, counts, lowThreshold)}.
     *
     * @throws IllegalArgumentException as {@link BucketShare#countAtOrBelow} and {@link #of} do
     */
    public static SlotAggregate ofHistogram(double[] bounds, long[] counts, double sum, double lowThreshold) {
        double below = BucketShare.countAtOrBelow(bounds, counts, lowThreshold);
        long count = 0;
        for (long c : counts) {
            count += c;
        }
        return of(count, sum, Math.min(below, count));
    }

    /** Both periods together: counts, sums and {@code below}s added. */
    public SlotAggregate plus(SlotAggregate other) {
        if (other.count == 0) {
            return this;
        }
        if (count == 0) {
            return other;
        }
        return new SlotAggregate(count + other.count, sum + other.sum, below + other.below);
    }

    public long count() {
        return count;
    }

    public double sum() {
        return sum;
    }

    public double below() {
        return below;
    }

    /** {@code sum / count}; {@code NaN} when {@code count == 0}. */
    public double mean() {
        return count == 0 ? Double.NaN : sum / count;
    }

    /** {@code below / count}; {@code NaN} when {@code count == 0}. */
    public double belowRatio() {
        return count == 0 ? Double.NaN : below / count;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof SlotAggregate)) {
            return false;
        }
        SlotAggregate h = (SlotAggregate) o;
        return count == h.count && Double.compare(sum, h.sum) == 0 && Double.compare(below, h.below) == 0;
    }

    @Override
    public int hashCode() {
        return Objects.hash(count, sum, below);
    }

    @Override
    public String toString() {
        return "SlotAggregate{count=" + count + ", sum=" + sum + ", below=" + below + '}';
    }
}
