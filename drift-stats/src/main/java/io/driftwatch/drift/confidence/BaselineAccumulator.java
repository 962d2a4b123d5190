package io.driftwatch.drift.confidence;

import io.driftwatch.codec.ByteReader;
import io.driftwatch.codec.ByteWriter;

/**
 * The reference ("baseline") statistics of a confidence series over a set of hours, mergeable.
 *
 * <p>It holds two things:
 *
 * <ul>
 *   <li>the total count {@code N = Σ count_h} and total sum {@code S = Σ sum_h} over all added hours,
 *       giving the inference-weighted mean {@link #mean()} {@code = S / N}: every inference weighs the
 *       same, however busy its hour was;
 *   <li>over the <em>qualifying</em> hours, those with {@code count_h >= minHourlyCount}, the hourly means
 *       {@code m_h = sum_h / count_h}: their number {@code n} ({@link #hours()}), their unweighted mean
 *       {@link #meanOfHourlyMeans()} and their sample variance {@code Σ (m_h - mean)² / (n - 1)}
 *       ({@link #hourlyMeanVariance()}), kept with Welford's update and merged with Chan et al.'s
 *       pairwise formula. Sparse hours are left out of the spread because their means are noisy; they
 *       still count in {@code N} and {@code S}.
 * </ul>
 *
 * <p>How the two baseline modes use it (the caller's business):
 *
 * <ul>
 *   <li>FROZEN: add each completed hour of the first {@code P} hours of a model version, then stop adding
 *       and keep the bytes;
 *   <li>ROLLING: rebuild it every evaluation from the stored hours with {@link #ofRing}, which avoids
 *       having to "subtract" hours that leave the period (Welford state cannot be un-merged exactly).
 * </ul>
 *
 * <p>Mutable and not thread-safe. Serialised form: 28 bytes when empty, a few more as the counts grow
 * (31 bytes for 720 hours of 110,000 inferences; see {@link #toBytes()}).
 */
public final class BaselineAccumulator {

    /** The binary format version written by {@link #toBytes()}. */
    public static final int FORMAT_VERSION = 1;
    /** Default minimum count for an hour's mean to enter the spread statistics. */
    public static final long DEFAULT_MIN_HOURLY_COUNT = 1;

    private final long minHourlyCount;
    private long count;
    private double sum;
    private long hours;
    private double meanOfMeans;
    private double m2;

    /** An empty accumulator with {@link #DEFAULT_MIN_HOURLY_COUNT}. */
    public BaselineAccumulator() {
        this(DEFAULT_MIN_HOURLY_COUNT);
    }

    /**
     * An empty accumulator.
     *
     * @param minHourlyCount the minimum count for an hour to be qualifying, {@code >= 1}
     * @throws IllegalArgumentException if {@code minHourlyCount < 1}
     */
    public BaselineAccumulator(long minHourlyCount) {
        if (minHourlyCount < 1) {
            throw new IllegalArgumentException("minHourlyCount must be >= 1, was " + minHourlyCount);
        }
        this.minHourlyCount = minHourlyCount;
    }

    /** The accumulator of the ring's stored hours {@code h} with {@code fromExclusive < h <= toInclusive}. */
    public static BaselineAccumulator ofRing(WindowRing ring, long fromExclusive, long toInclusive,
            long minHourlyCount) {
        BaselineAccumulator acc = new BaselineAccumulator(minHourlyCount);
        ring.forEachHour(fromExclusive, toInclusive, (hour, aggregate) -> acc.addHour(aggregate));
        return acc;
    }

    /** Adds one hour: to the totals always, to the hourly-mean statistics if it qualifies. */
    public void addHour(HourAggregate hour) {
        count += hour.count();
        sum += hour.sum();
        if (hour.count() >= minHourlyCount) {
            double m = hour.mean();
            hours++;
            double d = m - meanOfMeans;
            meanOfMeans += d / hours;
            m2 += d * (m - meanOfMeans);
        }
    }

    /**
     * Adds all hours of {@code other} as if they had been added here (the hour sets are assumed
     * disjoint).
     *
     * @throws IllegalArgumentException if the two have different {@link #minHourlyCount()}
     */
    public void merge(BaselineAccumulator other) {
        if (other.minHourlyCount != minHourlyCount) {
            throw new IllegalArgumentException("cannot merge baselines with minHourlyCount " + minHourlyCount
                    + " and " + other.minHourlyCount);
        }
        count += other.count;
        sum += other.sum;
        if (other.hours == 0) {
            return;
        }
        if (hours == 0) {
            hours = other.hours;
            meanOfMeans = other.meanOfMeans;
            m2 = other.m2;
            return;
        }
        long n = hours + other.hours;
        double d = other.meanOfMeans - meanOfMeans;
        meanOfMeans += d * other.hours / n;
        m2 += other.m2 + d * d * ((double) hours * other.hours / n);
        hours = n;
    }

    /** An independent copy. */
    public BaselineAccumulator copy() {
        BaselineAccumulator c = new BaselineAccumulator(minHourlyCount);
        c.merge(this);
        return c;
    }

    public long minHourlyCount() {
        return minHourlyCount;
    }

    /** {@code N}: the number of observations in all added hours. */
    public long count() {
        return count;
    }

    /** {@code S}: the sum of the observed values in all added hours. */
    public double sum() {
        return sum;
    }

    /** {@code S / N}, the inference-weighted mean; {@code NaN} when {@code N == 0}. */
    public double mean() {
        return count == 0 ? Double.NaN : sum / count;
    }

    /** {@code n}: the number of qualifying hours. */
    public long hours() {
        return hours;
    }

    /** The unweighted mean of the qualifying hours' means; {@code NaN} when {@code n == 0}. */
    public double meanOfHourlyMeans() {
        return hours == 0 ? Double.NaN : meanOfMeans;
    }

    /** The sample variance (divisor {@code n - 1}) of the qualifying hours' means; {@code NaN} when {@code n < 2}. */
    public double hourlyMeanVariance() {
        return hours < 2 ? Double.NaN : Math.max(0.0, m2 / (hours - 1));
    }

    /** The sample standard deviation, {@code sqrt(}{@link #hourlyMeanVariance()}{@code )}; {@code NaN} when {@code n < 2}. */
    public double hourlyMeanStdDev() {
        return Math.sqrt(hourlyMeanVariance());
    }

    /**
     * The binary form (format version {@value #FORMAT_VERSION}): {@code byte version, varint
     * minHourlyCount, varint N, double S, varint n, double meanOfHourlyMeans, double M2}.
     */
    public byte[] toBytes() {
        ByteWriter w = new ByteWriter(48);
        w.writeByte(FORMAT_VERSION);
        w.writeVarLong(minHourlyCount);
        w.writeVarLong(count);
        w.writeDouble(sum);
        w.writeVarLong(hours);
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
        long minHourlyCount = r.readCount("minHourlyCount");
        if (minHourlyCount < 1) {
            throw r.corrupt("minHourlyCount " + minHourlyCount + " < 1");
        }
        BaselineAccumulator acc = new BaselineAccumulator(minHourlyCount);
        acc.count = r.readCount("count");
        acc.sum = r.readDouble("sum");
        acc.hours = r.readCount("hours");
        acc.meanOfMeans = r.readDouble("meanOfHourlyMeans");
        acc.m2 = r.readDouble("M2");
        if (!Double.isFinite(acc.sum) || !Double.isFinite(acc.meanOfMeans) || !(acc.m2 >= 0)
                || Double.isInfinite(acc.m2)) {
            throw r.corrupt("non-finite sum, mean or negative M2");
        }
        r.expectEnd();
        return acc;
    }

    @Override
    public String toString() {
        return "BaselineAccumulator{N=" + count + ", S=" + sum + ", mean=" + mean() + ", hours=" + hours
                + ", meanOfHourlyMeans=" + meanOfHourlyMeans() + ", stddev=" + hourlyMeanStdDev()
                + ", minHourlyCount=" + minHourlyCount + '}';
    }
}
