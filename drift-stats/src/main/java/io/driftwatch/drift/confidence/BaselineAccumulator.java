package io.driftwatch.drift.confidence;

import io.driftwatch.codec.ByteReader;
import io.driftwatch.codec.ByteWriter;

/**
 * The reference ("baseline") statistics of a confidence series over a set of slots (evaluation
 * intervals), mergeable.
 *
 * <p>It holds two things:
 *
 * <ul>
 *   <li>the total count {@code N = Σ count_s} and total sum {@code S = Σ sum_s} over all added slots,
 *       giving the inference-weighted mean {@link #mean()} {@code = S / N}: every inference weighs the
 *       same, however busy its slot was;
 *   <li>over the <em>qualifying</em> slots, those with {@code count_s >= minSlotCount}, the slot means
 *       {@code m_s = sum_s / count_s}: their number {@code n} ({@link #slots()}), their unweighted mean
 *       {@link #meanOfSlotMeans()} and their sample variance {@code Σ (m_s - mean)² / (n - 1)}
 *       ({@link #slotMeanVariance()}), kept with Welford's update and merged with Chan et al.'s
 *       pairwise formula. Sparse slots are left out of the spread because their means are noisy; they
 *       still count in {@code N} and {@code S}.
 * </ul>
 *
 * <p>How the two baseline modes use it (the caller's business):
 *
 * <ul>
 *   <li>FROZEN: add each completed slot of the first {@code P} slots of a model version, then stop adding
 *       and keep the bytes;
 *   <li>ROLLING: rebuild it every evaluation from the stored slots with {@link #ofRing}, which avoids
 *       having to "subtract" slots that leave the period (Welford state cannot be un-merged exactly).
 * </ul>
 *
 * <p>Mutable and not thread-safe. Serialised form: 28 bytes when empty, a few more as the counts grow
 * (31 bytes for 720 slots of 110,000 inferences; see {@link #toBytes()}).
 */
public final class BaselineAccumulator {

    /** The binary format version written by {@link #toBytes()}. */
    public static final int FORMAT_VERSION = 1;
    /** Default minimum count for a slot's mean to enter the spread statistics. */
    public static final long DEFAULT_MIN_SLOT_COUNT = 1;

    private final long minSlotCount;
    private long count;
    private double sum;
    private long slots;
    private double meanOfMeans;
    private double m2;

    /** An empty accumulator with {@link #DEFAULT_MIN_SLOT_COUNT}. */
    public BaselineAccumulator() {
        this(DEFAULT_MIN_SLOT_COUNT);
    }

    /**
     * An empty accumulator.
     *
     * @param minSlotCount the minimum count for a slot to be qualifying, {@code >= 1}
     * @throws IllegalArgumentException if {@code minSlotCount < 1}
     */
    public BaselineAccumulator(long minSlotCount) {
        if (minSlotCount < 1) {
            throw new IllegalArgumentException("minSlotCount must be >= 1, was " + minSlotCount);
        }
        this.minSlotCount = minSlotCount;
    }

    /** The accumulator of the ring's stored slots {@code s} with {@code fromExclusive < s <= toInclusive}. */
    public static BaselineAccumulator ofRing(SlotRing ring, long fromExclusive, long toInclusive, long minSlotCount) {
        BaselineAccumulator acc = new BaselineAccumulator(minSlotCount);
        ring.forEachSlot(fromExclusive, toInclusive, (slot, aggregate) -> acc.addSlot(aggregate));
        return acc;
    }

    /** Adds one slot: to the totals always, to the slot-mean statistics if it qualifies. */
    public void addSlot(SlotAggregate slot) {
        count += slot.count();
        sum += slot.sum();
        if (slot.count() >= minSlotCount) {
            double m = slot.mean();
            slots++;
            double d = m - meanOfMeans;
            meanOfMeans += d / slots;
            m2 += d * (m - meanOfMeans);
        }
    }

    /**
     * Adds all slots of {@code other} as if they had been added here (the slot sets are assumed
     * disjoint).
     *
     * @throws IllegalArgumentException if the two have different {@link #minSlotCount()}
     */
    public void merge(BaselineAccumulator other) {
        if (other.minSlotCount != minSlotCount) {
            throw new IllegalArgumentException(
                    "cannot merge baselines with minSlotCount " + minSlotCount + " and " + other.minSlotCount);
        }
        count += other.count;
        sum += other.sum;
        if (other.slots == 0) {
            return;
        }
        if (slots == 0) {
            slots = other.slots;
            meanOfMeans = other.meanOfMeans;
            m2 = other.m2;
            return;
        }
        long n = slots + other.slots;
        double d = other.meanOfMeans - meanOfMeans;
        meanOfMeans += d * other.slots / n;
        m2 += other.m2 + d * d * ((double) slots * other.slots / n);
        slots = n;
    }

    /** An independent copy. */
    public BaselineAccumulator copy() {
        BaselineAccumulator c = new BaselineAccumulator(minSlotCount);
        c.merge(this);
        return c;
    }

    public long minSlotCount() {
        return minSlotCount;
    }

    /** {@code N}: the number of observations in all added slots. */
    public long count() {
        return count;
    }

    /** {@code S}: the sum of the observed values in all added slots. */
    public double sum() {
        return sum;
    }

    /** {@code S / N}, the inference-weighted mean; {@code NaN} when {@code N == 0}. */
    public double mean() {
        return count == 0 ? Double.NaN : sum / count;
    }

    /** {@code n}: the number of qualifying slots. */
    public long slots() {
        return slots;
    }

    /** The unweighted mean of the qualifying slots' means; {@code NaN} when {@code n == 0}. */
    public double meanOfSlotMeans() {
        return slots == 0 ? Double.NaN : meanOfMeans;
    }

    /** The sample variance (divisor {@code n - 1}) of the qualifying slots' means; {@code NaN} when {@code n < 2}. */
    public double slotMeanVariance() {
        return slots < 2 ? Double.NaN : Math.max(0.0, m2 / (slots - 1));
    }

    /** The sample standard deviation, {@code sqrt(}{@link #slotMeanVariance()}{@code )}; {@code NaN} when {@code n < 2}. */
    public double slotMeanStdDev() {
        return Math.sqrt(slotMeanVariance());
    }

    /**
     * The binary form (format version {@value #FORMAT_VERSION}): {@code byte version, varint
     * minSlotCount, varint N, double S, varint n, double meanOfSlotMeans, double M2}.
     */
    public byte[] toBytes() {
        ByteWriter w = new ByteWriter(48);
        w.writeByte(FORMAT_VERSION);
        w.writeVarLong(minSlotCount);
        w.writeVarLong(count);
        w.writeDouble(sum);
        w.writeVarLong(slots);
        w.writeDouble(meanOfMeans);
        w.writeDouble(m2);
        return w.toByteArray();
    }

    /**
     * Reads the form written by {@link #toBytes()}.
     *
     * @throws IllegalArgumentException naming the problem and byte offset for null, empty, truncated or
     *     trailing bytes, another format version, or impossible values
     */
    public static BaselineAccumulator fromBytes(byte[] bytes) {
        ByteReader r = new ByteReader(bytes, "BaselineAccumulator");
        r.expectVersion(FORMAT_VERSION);
        long minSlotCount = r.readCount("minSlotCount");
        if (minSlotCount < 1) {
            throw r.corrupt("minSlotCount " + minSlotCount + " < 1");
        }
        BaselineAccumulator acc = new BaselineAccumulator(minSlotCount);
        acc.count = r.readCount("count");
        acc.sum = r.readDouble("sum");
        acc.slots = r.readCount("slots");
        acc.meanOfMeans = r.readDouble("meanOfSlotMeans");
        acc.m2 = r.readDouble("M2");
        if (!Double.isFinite(acc.sum)
                || !Double.isFinite(acc.meanOfMeans)
                || !(acc.m2 >= 0)
                || Double.isInfinite(acc.m2)) {
            throw r.corrupt("non-finite sum, mean or negative M2");
        }
        r.expectEnd();
        return acc;
    }

    @Override
    public String toString() {
        return "BaselineAccumulator{N=" + count + ", S=" + sum + ", mean=" + mean() + ", slots=" + slots
                + ", meanOfSlotMeans=" + meanOfSlotMeans() + ", stddev=" + slotMeanStdDev()
                + ", minSlotCount=" + minSlotCount + '}';
    }
}
