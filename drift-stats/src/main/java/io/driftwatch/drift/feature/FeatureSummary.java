package io.driftwatch.drift.feature;

import io.driftwatch.codec.ByteReader;
import io.driftwatch.codec.ByteWriter;
import io.driftwatch.drift.sketch.BucketSummary;
import io.driftwatch.drift.sketch.CategoricalSummary;
import io.driftwatch.drift.sketch.NumericSummary;
import java.util.Arrays;

/**
 * The distribution summary of one feature over some period: one of a {@link NumericSummary} (KLL
 * sketch of numeric values), a {@link CategoricalSummary} (string values) or a {@link
 * BucketSummary} (explicit-bucket histogram counts), plus the number of observations behind it.
 *
 * <p><b>Observations and weight.</b> A value added with weight w (a span kept by probabilistic
 * sampling with probability 1/w stands for w inferences) adds w to the summary's {@linkplain
 * #weight() weight}, which the distribution estimates use, and 1 to its {@linkplain
 * #observations() observations}, the number of values actually seen, which the significance tests
 * use as their sample size (weights estimate the population; they add no information). For a
 * histogram, observations and weight are both its count.
 *
 * <p>Summaries of the same kind merge (a numeric summary with any other numeric summary, bucket
 * summaries only with identical bounds). Serialised by {@link #toBytes()} into a version byte, the
 * kind, the observation count and the inner summary's own compact form.
 *
 * <p>Not thread-safe; mutable by the {@code add} methods and {@link #merge}.
 */
public final class FeatureSummary {

    /** What the feature's values are. */
    public enum Kind {
        /** Numbers, summarised by a KLL sketch. */
        NUMERIC,
        /** Strings, counted per category. */
        CATEGORICAL,
        /** Counts of an explicit-bucket histogram. */
        BUCKETED
    }

    private static final byte FORMAT_VERSION = 1;
    private static final Kind[] KINDS = Kind.values();

    private final Kind kind;
    private final NumericSummary numeric;
    private final CategoricalSummary categorical;
    private final BucketSummary buckets;
    private long observations;

    private FeatureSummary(
            Kind kind,
            NumericSummary numeric,
            CategoricalSummary categorical,
            BucketSummary buckets,
            long observations) {
        this.kind = kind;
        this.numeric = numeric;
        this.categorical = categorical;
        this.buckets = buckets;
        this.observations = observations;
    }

    /** An empty numeric summary with KLL parameter {@code k}. */
    public static FeatureSummary numeric(int k) {
        return new FeatureSummary(Kind.NUMERIC, NumericSummary.create(k), null, null, 0);
    }

    /** An empty categorical summary tracking at most {@code maxCategories} categories. */
    public static FeatureSummary categorical(int maxCategories) {
        return new FeatureSummary(Kind.CATEGORICAL, null, CategoricalSummary.create(maxCategories), null, 0);
    }

    /** An empty histogram summary over {@code bounds}. */
    public static FeatureSummary buckets(double[] bounds) {
        return new FeatureSummary(Kind.BUCKETED, null, null, BucketSummary.create(bounds), 0);
    }

    public Kind kind() {
        return kind;
    }

    /** Adds a finite number with weight ≥ 1 (numeric summaries only). */
    public void add(double value, long weight) {
        require(Kind.NUMERIC);
        numeric.update(value, weight);
        observations++;
    }

    /** Adds a category with weight ≥ 1 (categorical summaries only). */
    public void add(String category, long weight) {
        require(Kind.CATEGORICAL);
        categorical.update(category, weight);
        observations++;
    }

    /** Adds one histogram increment (bucket summaries only; the bounds must be this summary's). */
    public void add(double[] bounds, long[] counts) {
        require(Kind.BUCKETED);
        buckets.add(bounds, counts);
        observations += Arrays.stream(counts).sum();
    }

    /**
     * Merges {@code other} into this summary.
     *
     * @throws IllegalArgumentException when the kinds differ, or bucket bounds differ
     */
    public void merge(FeatureSummary other) {
        if (!compatibleWith(other)) {
            throw new IllegalArgumentException("cannot merge a " + other.describe() + " into a " + describe());
        }
        switch (kind) {
            case NUMERIC -> numeric.merge(other.numeric);
            case CATEGORICAL -> categorical.merge(other.categorical);
            case BUCKETED -> buckets.merge(other.buckets);
        }
        observations += other.observations;
    }

    /** Whether {@code other} can be merged into or compared with this summary. */
    public boolean compatibleWith(FeatureSummary other) {
        return kind == other.kind && (kind != Kind.BUCKETED || buckets.sameBounds(other.buckets));
    }

    /** Values seen (each weighted value counts once; a histogram's count). */
    public long observations() {
        return observations;
    }

    /** Total weight: the estimated number of values the summary stands for. */
    public long weight() {
        return switch (kind) {
            case NUMERIC -> numeric.count();
            case CATEGORICAL -> categorical.count();
            case BUCKETED -> buckets.count();
        };
    }

    public boolean isEmpty() {
        return observations == 0;
    }

    /** The numeric sketch; throws unless {@link Kind#NUMERIC}. */
    public NumericSummary numeric() {
        require(Kind.NUMERIC);
        return numeric;
    }

    /** The category counts; throws unless {@link Kind#CATEGORICAL}. */
    public CategoricalSummary categorical() {
        require(Kind.CATEGORICAL);
        return categorical;
    }

    /** The histogram counts; throws unless {@link Kind#BUCKETED}. */
    public BucketSummary buckets() {
        require(Kind.BUCKETED);
        return buckets;
    }

    /** A deep copy. */
    public FeatureSummary copy() {
        return fromBytes(toBytes());
    }

    /** Compact serialised form: version, kind, observations, the inner summary's bytes. */
    public byte[] toBytes() {
        byte[] inner = switch (kind) {
            case NUMERIC -> numeric.toBytes();
            case CATEGORICAL -> categorical.toBytes();
            case BUCKETED -> buckets.toBytes();
        };
        ByteWriter w = new ByteWriter(10 + inner.length);
        w.writeByte(FORMAT_VERSION);
        w.writeByte(kind.ordinal());
        w.writeFixedLong(observations);
        w.writeBytes(inner);
        return w.toByteArray();
    }

    /** Restores a summary written by {@link #toBytes()}; rejects anything else with a reason. */
    public static FeatureSummary fromBytes(byte[] bytes) {
        ByteReader r = new ByteReader(bytes, "feature summary");
        r.expectVersion(FORMAT_VERSION);
        int ordinal = r.readByte("kind");
        if (ordinal >= KINDS.length) {
            throw r.corrupt("unknown kind " + ordinal);
        }
        long observations = r.readFixedLong("observations");
        // the inner summary's own form takes the rest
        byte[] inner = r.readBytes("summary", r.remaining());
        Kind kind = KINDS[ordinal];
        return switch (kind) {
            case NUMERIC -> new FeatureSummary(kind, NumericSummary.fromBytes(inner), null, null, observations);
            case CATEGORICAL -> new FeatureSummary(kind, null, CategoricalSummary.fromBytes(inner), null, observations);
            case BUCKETED -> new FeatureSummary(kind, null, null, BucketSummary.fromBytes(inner), observations);
        };
    }

    private void require(Kind wanted) {
        if (kind != wanted) {
            throw new IllegalArgumentException(
                    "a " + describe() + " holds no " + wanted.name().toLowerCase() + " values");
        }
    }

    private String describe() {
        return kind.name().toLowerCase() + " summary"
                + (kind == Kind.BUCKETED ? " with bounds " + Arrays.toString(buckets.bounds()) : "");
    }

    @Override
    public String toString() {
        return "FeatureSummary{" + kind + ", observations=" + observations + ", weight=" + weight() + "}";
    }
}
