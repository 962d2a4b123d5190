package io.driftwatch.drift.feature;

import io.driftwatch.codec.ByteReader;
import io.driftwatch.codec.ByteWriter;
import io.driftwatch.drift.sketch.BucketSummary;
import io.driftwatch.drift.sketch.CategoricalSummary;
import io.driftwatch.drift.sketch.CellCounts;
import io.driftwatch.drift.sketch.NumericSummary;
import java.util.Arrays;

/**
 * The distribution summary of one feature over some period: one of a {@link NumericSummary} (DDSketch
 * bins of numeric values), a {@link CategoricalSummary} (string values) or a {@link
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
 * <p><b>Numeric on a grid.</b> A numeric summary is either a sketch or, once a frozen baseline has
 * fixed a {@link QuantileGrid}, exact {@link CellCounts} on that grid ({@link #onGrid}): about one byte
 * per cell. The two forms do not merge with each other; {@link #toGrid(QuantileGrid)} converts a sketch
 * (its rounded values fall in the cells their raw values would).
 *
 * <p><b>Format versions.</b> 1: version byte, kind byte, fixed 8-byte observations, the inner summary's
 * bytes; still written for categorical and histogram summaries, and read for numeric ones, whose inner
 * bytes were then a DataSketches KLL sketch (converted on reading with {@link
 * NumericSummary#fromKllBytes}, α = {@value NumericSummary#DEFAULT_RELATIVE_ACCURACY}). 2 (grid form):
 * version byte, kind byte (numeric), varint observations, the {@link CellCounts} bytes. 3 (numeric
 * sketch): version byte, kind byte (numeric), varint observations, the {@link NumericSummary} bytes.
 *
 * <p>Not thread-safe; mutable by the {@code add} methods and {@link #merge}.
 */
public final class FeatureSummary {

    /** What the feature's values are. */
    public enum Kind {
        /** Numbers, summarised by DDSketch bins (or counted on a frozen baseline's grid). */
        NUMERIC,
        /** Strings, counted per category. */
        CATEGORICAL,
        /** Counts of an explicit-bucket histogram. */
        BUCKETED
    }

    private static final byte FORMAT_VERSION = 1;
    private static final byte GRID_FORMAT_VERSION = 2;
    private static final byte NUMERIC_FORMAT_VERSION = 3;
    private static final Kind[] KINDS = Kind.values();

    private final Kind kind;
    private final NumericSummary numeric;
    private final CategoricalSummary categorical;
    private final BucketSummary buckets;
    private final CellCounts cells;
    private long observations;

    private FeatureSummary(
            Kind kind,
            NumericSummary numeric,
            CategoricalSummary categorical,
            BucketSummary buckets,
            long observations) {
        this(kind, numeric, categorical, buckets, null, observations);
    }

    private FeatureSummary(
            Kind kind,
            NumericSummary numeric,
            CategoricalSummary categorical,
            BucketSummary buckets,
            CellCounts cells,
            long observations) {
        this.kind = kind;
        this.numeric = numeric;
        this.categorical = categorical;
        this.buckets = buckets;
        this.cells = cells;
        this.observations = observations;
    }

    /** An empty numeric summary counting exactly on {@code grid}'s cells. */
    public static FeatureSummary onGrid(QuantileGrid grid) {
        return new FeatureSummary(Kind.NUMERIC, null, null, null, CellCounts.create(grid.cells()), 0);
    }

    /** Whether this is a numeric summary in the grid form ({@link #cells()}). */
    public boolean isOnGrid() {
        return cells != null;
    }

    /** Adds a finite number with weight ≥ 1 to a grid-form summary on {@code grid}. */
    public void add(QuantileGrid grid, double value, long weight) {
        if (cells == null) {
            throw new IllegalArgumentException("a " + describe() + " is not on a grid");
        }
        if (cells.cells() != grid.cells()) {
            throw new IllegalArgumentException(
                    "counts over " + cells.cells() + " cells are not on a grid of " + grid.cells());
        }
        cells.add(grid.cellOf(value), value, weight);
        observations++;
    }

    /**
     * This numeric summary on {@code grid}: itself if already on it; a sketch's rounded values, each with
     * its weight, counted in their cells (the cells of the raw values when the grid's edges are rounded
     * values of the same α).
     */
    public FeatureSummary toGrid(QuantileGrid grid) {
        require(Kind.NUMERIC);
        if (cells != null) {
            if (cells.cells() != grid.cells()) {
                throw new IllegalArgumentException(
                        "counts over " + cells.cells() + " cells are not on a grid of " + grid.cells());
            }
            return this;
        }
        FeatureSummary out = onGrid(grid);
        out.observations = observations;
        if (!numeric.isEmpty()) {
            double[] values = numeric.retainedValues();
            long[] weights = numeric.retainedWeights();
            int last = values.length - 1;
            for (int i = 0; i <= last; i++) {
                // the exact extremes lie in the cells of their rounded values: counted there, as themselves
                int cell = grid.cellOf(values[i]);
                long w = weights[i];
                if (i == 0) {
                    out.cells.add(cell, numeric.min(), 1);
                    w--;
                }
                if (w > 0) {
                    out.cells.add(cell, i == last ? numeric.max() : values[i], w);
                }
            }
        }
        return out;
    }

    /** An empty numeric summary with relative accuracy α (see {@link NumericSummary}). */
    public static FeatureSummary numeric(double relativeAccuracy) {
        return new FeatureSummary(Kind.NUMERIC, NumericSummary.create(relativeAccuracy), null, null, 0);
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
        if (cells != null) {
            throw new IllegalArgumentException("a numeric summary on a grid needs the grid to add a value");
        }
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
            case NUMERIC -> {
                if ((cells == null) != (other.cells == null)) {
                    throw new IllegalArgumentException("cannot merge a numeric summary "
                            + (other.cells == null ? "sketch into grid counts" : "on a grid into a sketch"));
                }
                if (cells != null) {
                    cells.merge(other.cells);
                } else {
                    numeric.merge(other.numeric);
                }
            }
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
            case NUMERIC -> cells != null ? cells.total() : numeric.count();
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
        if (numeric == null) {
            throw new IllegalArgumentException("a numeric summary on a grid holds no sketch");
        }
        return numeric;
    }

    /** The grid counts; throws unless {@link #isOnGrid()}. */
    public CellCounts cells() {
        if (cells == null) {
            throw new IllegalArgumentException("a " + describe() + " holds no grid counts");
        }
        return cells;
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
        if (kind == Kind.NUMERIC) {
            byte[] inner = cells != null ? cells.toBytes() : numeric.toBytes();
            ByteWriter w = new ByteWriter(12 + inner.length);
            w.writeByte(cells != null ? GRID_FORMAT_VERSION : NUMERIC_FORMAT_VERSION);
            w.writeByte(kind.ordinal());
            w.writeVarLong(observations);
            w.writeBytes(inner);
            return w.toByteArray();
        }
        byte[] inner = kind == Kind.CATEGORICAL ? categorical.toBytes() : buckets.toBytes();
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
        int version = r.readByte("format version");
        if (version < FORMAT_VERSION || version > NUMERIC_FORMAT_VERSION) {
            throw new IllegalArgumentException("feature summary format version " + version
                    + " is not supported (this build reads versions 1 to 3)");
        }
        int ordinal = r.readByte("kind");
        if (ordinal >= KINDS.length) {
            throw r.corrupt("unknown kind " + ordinal);
        }
        if (version != FORMAT_VERSION) {
            if (KINDS[ordinal] != Kind.NUMERIC) {
                throw r.corrupt("format " + version + " of a " + KINDS[ordinal] + " summary");
            }
            long observations = r.readCount("observations");
            byte[] inner =
                    r.readBytes(version == GRID_FORMAT_VERSION ? "cell counts" : "numeric summary", r.remaining());
            return version == GRID_FORMAT_VERSION
                    ? new FeatureSummary(Kind.NUMERIC, null, null, null, CellCounts.fromBytes(inner), observations)
                    : new FeatureSummary(Kind.NUMERIC, NumericSummary.fromBytes(inner), null, null, observations);
        }
        long observations = r.readFixedLong("observations");
        // the inner summary's own form takes the rest
        byte[] inner = r.readBytes("summary", r.remaining());
        Kind kind = KINDS[ordinal];
        return switch (kind) {
            case NUMERIC ->
                new FeatureSummary(
                        kind,
                        NumericSummary.fromKllBytes(inner, NumericSummary.DEFAULT_RELATIVE_ACCURACY),
                        null,
                        null,
                        observations);
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
        return kind.name().toLowerCase()
                + (cells != null ? " summary on a grid" : " summary")
                + (kind == Kind.BUCKETED ? " with bounds " + Arrays.toString(buckets.bounds()) : "");
    }

    @Override
    public String toString() {
        return "FeatureSummary{" + kind + ", observations=" + observations + ", weight=" + weight() + "}";
    }
}
