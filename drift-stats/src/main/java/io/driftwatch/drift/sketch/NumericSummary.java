package io.driftwatch.drift.sketch;

import java.util.Objects;
import org.apache.datasketches.kll.KllDoublesSketch;
import org.apache.datasketches.memory.Memory;
import org.apache.datasketches.quantilescommon.QuantileSearchCriteria;

/**
 * Mergeable, serialisable distribution summary of finite numeric values: a thin wrapper around
 * an Apache DataSketches KLL doubles sketch.
 *
 * <p><b>Accuracy.</b> With the default {@code k = 1000} the DataSketches documentation
 * ({@code KllSketch.getNormalizedRankError(1000, false)}) gives a normalized rank error of
 * {@value #DEFAULT_K_RANK_ERROR} (about 0.28%) for a single rank or quantile query, and 0.36%
 * ({@code getNormalizedRankError(1000, true)}) for a PMF/CDF over several split points, each at
 * 99% confidence: {@code |rank_sketch(q) − rank_exact(q)| ≤ ε} with probability ≥ 0.99. The
 * error does not depend on n, and a sketch of at most about k values holds them all (it is
 * exact). {@link #rankError()} reports ε for the chosen k. k = 1000 rather than DataSketches'
 * 200 because PSI's bin proportions need it: at k = 200 (ε 1.33%) sketch PSI was off by up to
 * 0.02 from exact-binned PSI, at k = 1000 by at most 0.0036 (see BENCHMARKS.md).
 *
 * <p><b>Ranks.</b> {@link #cdf(double)} is the inclusive rank: the estimated fraction of the
 * (weighted) stream with value ≤ x. {@link #quantile(double)} is the inclusive quantile: the
 * smallest retained value whose inclusive rank is ≥ r.
 *
 * <p><b>Weights.</b> {@link #update(double, long)} adds a value with a positive integer weight;
 * a span sampled at rate 1/w should be added with weight w. Fractional sampling weights must be
 * rounded by the caller. KLL 7.0's own {@code update(item, weight)} builds and merges a temporary
 * sketch on every call (about 40 times the cost of a plain update at k = 1000: BENCHMARKS.md), so weights up to
 * {@value #REPEAT_WEIGHT_LIMIT} are added as that many plain updates (the same result: a weighted
 * item is w copies of it) and only larger ones go through the weighted call.
 *
 * <p><b>Bad input.</b> NaN and ±∞ are rejected with an {@link IllegalArgumentException} naming
 * the value (KLL itself would silently drop NaN).
 *
 * <p><b>Serialisation.</b> {@link #toBytes()} is the DataSketches compact KLL format: 8 bytes
 * per retained value plus a header, so about 8·n bytes while n ≤ k, and at most about 24 KB at
 * k = 1000 for any n (measured: 23,524 bytes at n = 10⁶; 5,000 bytes at k = 200). On Java 17 the JVM needs
 * {@code --add-modules=jdk.incubator.foreign} for {@code toBytes}/{@code fromBytes}, because
 * datasketches-memory 4.x uses the incubating foreign-memory API.
 *
 * <p>Not thread-safe; instances are mutable (update/merge), as sketches in keyed state are.
 */
public final class NumericSummary {

    /** Default KLL accuracy parameter. */
    public static final int DEFAULT_K = 1000;
    /** Single-query normalized rank error of KLL at k=1000, 99% confidence (from DataSketches). */
    public static final double DEFAULT_K_RANK_ERROR = 0.0027801733995191495;

    /** Weights up to this are added as repeated plain updates (see the class doc). */
    public static final long REPEAT_WEIGHT_LIMIT = 64;

    private final KllDoublesSketch sketch;

    private NumericSummary(KllDoublesSketch sketch) {
        this.sketch = sketch;
    }

    /** An empty summary with k = {@value #DEFAULT_K}. */
    public static NumericSummary create() {
        return create(DEFAULT_K);
    }

    /** An empty summary with accuracy parameter k (8..65535; larger is more accurate). */
    public static NumericSummary create(int k) {
        return new NumericSummary(KllDoublesSketch.newHeapInstance(k));
    }

    /** A summary of all values in {@code values}; rejects NaN/infinite values. */
    public static NumericSummary of(double... values) {
        NumericSummary s = create();
        for (double v : values) {
            s.update(v);
        }
        return s;
    }

    /** Restores a summary written by {@link #toBytes()}. */
    public static NumericSummary fromBytes(byte[] bytes) {
        Objects.requireNonNull(bytes, "bytes");
        try {
            return new NumericSummary(KllDoublesSketch.heapify(Memory.wrap(bytes)));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(
                    "not a serialised KLL doubles sketch (" + bytes.length + " bytes): " + e.getMessage(), e);
        }
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
        if (weight <= REPEAT_WEIGHT_LIMIT) {
            for (long i = 0; i < weight; i++) {
                sketch.update(value);
            }
        } else {
            sketch.update(value, weight);
        }
    }

    /** Merges {@code other} into this summary ({@code other} is unchanged). */
    public void merge(NumericSummary other) {
        sketch.merge(other.sketch);
    }

    /** Total weight added (number of values for unweighted updates). */
    public long count() {
        return sketch.getN();
    }

    public boolean isEmpty() {
        return sketch.isEmpty();
    }

    /** Exact minimum; throws if empty. */
    public double min() {
        requireNonEmpty();
        return sketch.getMinItem();
    }

    /** Exact maximum; throws if empty. */
    public double max() {
        requireNonEmpty();
        return sketch.getMaxItem();
    }

    /** Estimated fraction of the weight with value ≤ x (inclusive rank), in [0, 1]. */
    public double cdf(double x) {
        requireNonEmpty();
        return sketch.getRank(x, QuantileSearchCriteria.INCLUSIVE);
    }

    /** Estimated inclusive quantile at normalized rank r ∈ [0, 1]. */
    public double quantile(double rank) {
        requireNonEmpty();
        if (!(rank >= 0.0 && rank <= 1.0)) {
            throw new IllegalArgumentException("rank must be in [0, 1], got " + rank);
        }
        return sketch.getQuantile(rank, QuantileSearchCriteria.INCLUSIVE);
    }

    /** The distinct values retained by the sketch, ascending (the support of its step CDF). */
    public double[] retainedValues() {
        requireNonEmpty();
        return java.util.Arrays.stream(sketch.getSortedView().getQuantiles())
                .distinct()
                .toArray();
    }

    /** Normalized single-query rank error ε of this summary's k at 99% confidence. */
    public double rankError() {
        return sketch.getNormalizedRankError(false);
    }

    /** The KLL accuracy parameter. */
    public int k() {
        return sketch.getK();
    }

    /** Compact serialised form (DataSketches KLL format). */
    public byte[] toBytes() {
        return sketch.toByteArray();
    }

    /** The underlying sketch, for library code that calls DataSketches directly. Do not mutate. */
    public KllDoublesSketch sketch() {
        return sketch;
    }

    private void requireNonEmpty() {
        if (sketch.isEmpty()) {
            throw new IllegalStateException("numeric summary is empty");
        }
    }

    @Override
    public String toString() {
        return "NumericSummary{k=" + sketch.getK() + ", n=" + sketch.getN() + ", retained=" + sketch.getNumRetained()
                + "}";
    }
}
