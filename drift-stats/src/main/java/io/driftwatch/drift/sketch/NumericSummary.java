package io.driftwatch.drift.sketch;

import com.datadoghq.sketch.ddsketch.mapping.CubicallyInterpolatedMapping;
import com.datadoghq.sketch.ddsketch.mapping.IndexMapping;
import com.datadoghq.sketch.ddsketch.store.CollapsingLowestDenseStore;
import com.datadoghq.sketch.ddsketch.store.Store;
import io.driftwatch.codec.ByteReader;
import io.driftwatch.codec.ByteWriter;
import java.util.Arrays;
import java.util.Objects;

/**
 * Mergeable, serialisable distribution summary of finite numeric values: the log-spaced bin counts of a
 * DDSketch (Datadog {@code sketches-java}: its {@link CubicallyInterpolatedMapping} from value to bin and
 * its {@link CollapsingLowestDenseStore} per sign), plus the exact count, minimum and maximum.
 *
 * <p><b>Definition.</b> With relative accuracy α (default {@value #DEFAULT_RELATIVE_ACCURACY}) the mapping
 * cuts the positive axis into bins [L(i), U(i)) with U(i)/L(i) ≤ (1+α)/(1−α); a negative value falls in
 * the bin of its magnitude, so its cell on the real line is (−U(i), −L(i)]; magnitudes up to the
 * mapping's smallest indexable value (about 2.2·10⁻³⁰⁸) form the zero cell. Every value is <i>rounded</i>
 * to the largest number r(v) of its cell (0 for the zero cell): 0 ≤ r(v) − v &lt; 2α/(1−α)·|v|, 0.2 % at
 * α = 0.1 %. The summary is the multiset of rounded values with their weights, and every query is exact
 * for it: {@link #cdf(double)} = weight with r(v) ≤ x / total weight, {@link #quantile(double)} = the
 * smallest rounded value whose inclusive rank reaches r. r is monotone and a cell's top is a rounded
 * value, so for a rounded value e, v ≤ e ⇔ r(v) ≤ e: raw values counted against edges taken from this
 * summary fall on the same side as their rounded values (the frozen-baseline grid relies on it).
 * Magnitudes above the largest indexable value (about 1.8·10³⁰⁸/(1+α)) count as that value.
 *
 * <p><b>Determinism.</b> Bin counts are sums of weights, so any arrival order and any merge tree of the
 * same weighted multiset give the same bins and the same {@link #toBytes() bytes}. Counts are kept as
 * doubles by the library: exact while the total weight stays below 2⁵³.
 *
 * <p><b>Bounded size and {@link #rankError()}.</b> Each sign keeps at most {@value #MAX_BINS} consecutive
 * bins (7 decades of magnitude at α = 0.1 %): when a sign's bins span more, those of the smallest
 * magnitudes are collapsed into the lowest kept bin. The kept window always ends at the largest
 * magnitude's bin, so the result depends only on the data, not on its order. {@link #rankError()} is 0
 * while no bin can hold collapsed values, otherwise the weight of each sign's lowest bin when that sign
 * spans the full window, divided by the total: an upper bound on how far {@link #cdf(double)} can be from
 * the rounded values' CDF (DriftPolicy adds it to the KS threshold). Serialised size is about 2–4 bytes
 * per non-empty bin; 8 bytes per bin of the spanned range on the heap (at most 2 × 64 KB).
 *
 * <p><b>Weights.</b> {@link #update(double, long)} adds a value with a positive integer weight (a span
 * sampled at rate 1/w is added with weight w) in one step. NaN and ±∞ are rejected with an {@link
 * IllegalArgumentException} naming the value.
 *
 * <p><b>Serialised form</b> ({@link #toBytes()}, state codec): version byte {@value #FORMAT_VERSION}; α as
 * a big-endian double; varint maximum bins per sign; varint total weight; if positive, the exact minimum
 * and maximum as doubles; varint zero-cell weight; then the positive and the negative bins, each as a
 * varint number of non-empty bins b and, if b &gt; 0, the zigzag varint first index and its varint count,
 * then per further bin the varint index gap (≥ 1) and varint count. {@link #fromKllBytes} reads the KLL
 * form that numeric summaries had before (format-1 feature summaries).
 *
 * <p>Not thread-safe; instances are mutable (update/merge), as summaries in keyed state are.
 */
public final class NumericSummary {

    /** Default relative accuracy α of the bins. */
    public static final double DEFAULT_RELATIVE_ACCURACY = 0.001;
    /** Smallest and largest accepted α. */
    public static final double MIN_RELATIVE_ACCURACY = 1e-4;

    public static final double MAX_RELATIVE_ACCURACY = 0.05;
    /** Most consecutive bins kept per sign (see the class doc). */
    public static final int MAX_BINS = 8192;

    static final byte FORMAT_VERSION = 1;

    private final double relativeAccuracy;
    private final IndexMapping mapping;
    /** The mapping's indexable magnitudes (computed with Math.pow on every call there). */
    private final double minIndexable;

    private final double maxIndexable;
    private final Store positive;
    private final Store negative;
    private long zero;
    private long count;
    private double min = Double.NaN;
    private double max = Double.NaN;
    private SortedBins view;

    private NumericSummary(double relativeAccuracy) {
        if (!(relativeAccuracy >= MIN_RELATIVE_ACCURACY && relativeAccuracy <= MAX_RELATIVE_ACCURACY)) {
            throw new IllegalArgumentException("relative accuracy must be in [" + MIN_RELATIVE_ACCURACY + ", "
                    + MAX_RELATIVE_ACCURACY + "], got " + relativeAccuracy);
        }
        this.relativeAccuracy = relativeAccuracy;
        this.mapping = new CubicallyInterpolatedMapping(relativeAccuracy);
        this.minIndexable = mapping.minIndexableValue();
        this.maxIndexable = mapping.maxIndexableValue();
        this.positive = new CollapsingLowestDenseStore(MAX_BINS);
        this.negative = new CollapsingLowestDenseStore(MAX_BINS);
    }

    /** An empty summary with α = {@value #DEFAULT_RELATIVE_ACCURACY}. */
    public static NumericSummary create() {
        return create(DEFAULT_RELATIVE_ACCURACY);
    }

    /** An empty summary with relative accuracy α in [10⁻⁴, 0.05]. */
    public static NumericSummary create(double relativeAccuracy) {
        return new NumericSummary(relativeAccuracy);
    }

    /** A summary of all values in {@code values}; rejects NaN/infinite values. */
    public static NumericSummary of(double... values) {
        NumericSummary s = create();
        for (double v : values) {
            s.update(v);
        }
        return s;
    }

    /** Adds one value with weight 1. */
    public void update(double value) {
        update(value, 1L);
    }

    /** Adds {@code value} with positive integer weight {@code weight}. */
    public void update(double value, long weight) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("numeric summary accepts finite values only, got " + value);
        }
        if (weight < 1) {
            throw new IllegalArgumentException("weight must be >= 1, got " + weight);
        }
        count = Math.addExact(count, weight);
        min = count == weight ? value : Math.min(min, value);
        max = count == weight ? value : Math.max(max, value);
        double magnitude = Math.min(Math.abs(value), maxIndexable);
        if (magnitude <= minIndexable) {
            zero += weight;
        } else {
            (value > 0 ? positive : negative).add(mapping.index(magnitude), weight);
        }
        view = null;
    }

    /**
     * Merges {@code other} into this summary ({@code other} is unchanged). A summary of another α (state
     * written before {@code drift.sketch-relative-accuracy} changed) is merged by adding its rounded values
     * with their weights, rounded again on this summary's bins.
     */
    public void merge(NumericSummary other) {
        if (other.count == 0) {
            return;
        }
        if (other.relativeAccuracy != relativeAccuracy) {
            double[] values = other.retainedValues();
            long[] weights = other.retainedWeights();
            // update() tracks the re-rounded values' extremes; the exact ones are both sides' own.
            boolean wasEmpty = count == 0;
            double ownMin = min;
            double ownMax = max;
            for (int i = 0; i < values.length; i++) {
                update(values[i], weights[i]);
            }
            min = wasEmpty ? other.min : Math.min(ownMin, other.min);
            max = wasEmpty ? other.max : Math.max(ownMax, other.max);
            return;
        }
        min = count == 0 ? other.min : Math.min(min, other.min);
        max = count == 0 ? other.max : Math.max(max, other.max);
        count = Math.addExact(count, other.count);
        zero += other.zero;
        positive.mergeWith(other.positive);
        negative.mergeWith(other.negative);
        view = null;
    }

    /** Total weight added (number of values for unweighted updates). */
    public long count() {
        return count;
    }

    public boolean isEmpty() {
        return count == 0;
    }

    /** Exact minimum; throws if empty. */
    public double min() {
        requireNonEmpty();
        return min;
    }

    /** Exact maximum; throws if empty. */
    public double max() {
        requireNonEmpty();
        return max;
    }

    /** Fraction of the weight whose rounded value is ≤ x (inclusive rank), in [0, 1]. */
    public double cdf(double x) {
        requireNonEmpty();
        SortedBins v = view();
        int i = v.lastAtMost(x);
        return i < 0 ? 0.0 : v.cumulative[i] / (double) count;
    }

    /** The smallest rounded value whose inclusive rank is ≥ r ∈ [0, 1]. */
    public double quantile(double rank) {
        requireNonEmpty();
        if (!(rank >= 0.0 && rank <= 1.0)) {
            throw new IllegalArgumentException("rank must be in [0, 1], got " + rank);
        }
        SortedBins v = view();
        double target = rank * count;
        int lo = 0;
        int hi = v.values.length - 1;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (v.cumulative[mid] >= target) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return v.values[lo];
    }

    /** The distinct rounded values, ascending (the support of the step CDF). */
    public double[] retainedValues() {
        requireNonEmpty();
        return view().values.clone();
    }

    /** The weight of each of {@link #retainedValues()}, in the same order. */
    public long[] retainedWeights() {
        requireNonEmpty();
        long[] cumulative = view().cumulative;
        long[] w = new long[cumulative.length];
        for (int i = 0; i < w.length; i++) {
            w[i] = cumulative[i] - (i == 0 ? 0 : cumulative[i - 1]);
        }
        return w;
    }

    /** Bound on the CDF's distance from the rounded values' CDF: 0 unless bins collapsed (class doc). */
    public double rankError() {
        if (count == 0) {
            return 0.0;
        }
        return (collapsible(positive) + collapsible(negative)) / (double) count;
    }

    /** The relative accuracy α. */
    public double relativeAccuracy() {
        return relativeAccuracy;
    }

    /** The weight that may hold collapsed values: the lowest bin's, when the store spans the full window. */
    private static long collapsible(Store store) {
        long[] firstIndexAndWeight = {Long.MIN_VALUE, 0};
        int[] last = {0};
        store.forEach((index, c) -> {
            if (firstIndexAndWeight[0] == Long.MIN_VALUE) {
                firstIndexAndWeight[0] = index;
                firstIndexAndWeight[1] = (long) c;
            }
            last[0] = index;
        });
        boolean full = firstIndexAndWeight[0] != Long.MIN_VALUE && last[0] - firstIndexAndWeight[0] + 1 >= MAX_BINS;
        return full ? firstIndexAndWeight[1] : 0;
    }

    /** Serialised form (see the class doc). */
    public byte[] toBytes() {
        ByteWriter w = new ByteWriter(48);
        w.writeByte(FORMAT_VERSION);
        w.writeDouble(relativeAccuracy);
        w.writeVarLong(MAX_BINS);
        w.writeVarLong(count);
        if (count > 0) {
            w.writeDouble(min);
            w.writeDouble(max);
        }
        w.writeVarLong(zero);
        writeBins(w, positive);
        writeBins(w, negative);
        return w.toByteArray();
    }

    private static void writeBins(ByteWriter w, Store store) {
        long[] bins = {0};
        store.forEach((index, c) -> bins[0]++);
        w.writeVarLong(bins[0]);
        int[] previous = {0};
        boolean[] first = {true};
        store.forEach((index, c) -> {
            if (first[0]) {
                w.writeZigZagInt(index);
                first[0] = false;
            } else {
                w.writeVarLong((long) index - previous[0]);
            }
            previous[0] = index;
            w.writeVarLong((long) c);
        });
    }

    /** Restores a summary written by {@link #toBytes()}; rejects anything else with a reason. */
    public static NumericSummary fromBytes(byte[] bytes) {
        Objects.requireNonNull(bytes, "bytes");
        ByteReader r = new ByteReader(bytes, "numeric summary");
        r.expectVersion(FORMAT_VERSION);
        double alpha = r.readDouble("relative accuracy");
        if (!(alpha >= MIN_RELATIVE_ACCURACY && alpha <= MAX_RELATIVE_ACCURACY)) {
            throw r.corrupt("relative accuracy " + alpha);
        }
        long maxBins = r.readCount("maximum bins");
        if (maxBins != MAX_BINS) {
            throw r.corrupt("maximum bins " + maxBins + " (this build keeps " + MAX_BINS + ")");
        }
        NumericSummary s = new NumericSummary(alpha);
        s.count = r.readCount("total weight");
        if (s.count > 0) {
            s.min = r.readDouble("minimum");
            s.max = r.readDouble("maximum");
            if (!Double.isFinite(s.min) || !Double.isFinite(s.max) || s.min > s.max) {
                throw r.corrupt("minimum " + s.min + ", maximum " + s.max);
            }
        }
        s.zero = r.readCount("zero weight");
        long total = s.zero + readBins(r, s.positive, "positive") + readBins(r, s.negative, "negative");
        r.expectEnd();
        if (total != s.count) {
            throw r.corrupt("bin weights sum to " + total + ", not the total weight " + s.count);
        }
        return s;
    }

    private static long readBins(ByteReader r, Store store, String sign) {
        int bins = r.readLength(sign + " bin count", 2);
        long first = 0;
        long index = 0;
        long total = 0;
        for (int i = 0; i < bins; i++) {
            if (i == 0) {
                first = index = r.readZigZagInt(sign + " first bin");
            } else {
                long gap = r.readCount(sign + " bin gap");
                index += gap;
                if (gap < 1 || index - first >= MAX_BINS) {
                    throw r.corrupt(sign + " bin gap " + gap + " at bin " + i + " (bins ascend and span at most "
                            + MAX_BINS + ")");
                }
            }
            long c = r.readCount(sign + " bin weight");
            if (c < 1) {
                throw r.corrupt(sign + " bin " + index + " with weight " + c);
            }
            store.add((int) index, c);
            total = Math.addExact(total, c);
        }
        return total;
    }

    /**
     * A summary of a KLL sketch in DataSketches' compact form (what numeric summaries were up to format 1):
     * every retained item added with its KLL weight, in the sketch's sorted order, and the sketch's exact
     * minimum and maximum kept. Deterministic for given bytes.
     */
    public static NumericSummary fromKllBytes(byte[] bytes, double relativeAccuracy) {
        return KllConversion.toSummary(bytes, create(relativeAccuracy));
    }

    /** Overrides min and max with exact ones known from elsewhere (a KLL sketch's). */
    void setExtremes(double exactMin, double exactMax) {
        if (count > 0) {
            min = exactMin;
            max = exactMax;
        }
    }

    private SortedBins view() {
        if (view == null) {
            view = SortedBins.of(mapping, negative, zero, positive);
        }
        return view;
    }

    private void requireNonEmpty() {
        if (count == 0) {
            throw new IllegalStateException("numeric summary is empty");
        }
    }

    /** Equal when the bytes are: same α, count, extremes and bins. */
    @Override
    public boolean equals(Object o) {
        return o instanceof NumericSummary s && Arrays.equals(toBytes(), s.toBytes());
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(toBytes());
    }

    @Override
    public String toString() {
        return "NumericSummary{alpha=" + relativeAccuracy + ", n=" + count + ", zero=" + zero + "}";
    }
}
