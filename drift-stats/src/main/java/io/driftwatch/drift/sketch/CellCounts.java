package io.driftwatch.drift.sketch;

import io.driftwatch.codec.ByteReader;
import io.driftwatch.codec.ByteWriter;

/**
 * Exact weighted counts of numeric values in the cells of a fixed grid (see {@code
 * io.driftwatch.drift.feature.QuantileGrid}), plus the exact minimum and maximum of the values. The
 * grid's edges live elsewhere (one grid per feature, many count vectors): this class knows only the
 * cell index of each value. Merging adds counts, so the result is independent of the order of values
 * and merges, unlike a KLL sketch.
 *
 * <p><b>Serialised form</b> ({@link #toBytes()}, through the state codec): version byte {@value
 * #FORMAT_VERSION}; varint cell count c; varint total weight; if the total is positive, the minimum and
 * maximum as big-endian doubles; then an encoding byte and the counts: 0 = dense, c varints; 1 = sparse,
 * a varint number of non-zero cells, then per non-zero cell the varint gap to the previous one (index
 * + 1 for the first) and its varint count. The shorter of the two is written: at 36,000 values per hour
 * over 520 cells about one byte per cell.
 *
 * <p>Not thread-safe; mutable by {@link #add} and {@link #merge}.
 */
public final class CellCounts {

    static final byte FORMAT_VERSION = 1;
    private static final int DENSE = 0;
    private static final int SPARSE = 1;

    private final long[] counts;
    private long total;
    private double min = Double.NaN;
    private double max = Double.NaN;

    private CellCounts(long[] counts) {
        this.counts = counts;
    }

    /** Empty counts over {@code cells} cells (at least 1). */
    public static CellCounts create(int cells) {
        if (cells < 1) {
            throw new IllegalArgumentException("need at least one cell, got " + cells);
        }
        return new CellCounts(new long[cells]);
    }

    /** Adds finite {@code value}, which falls in {@code cell}, with weight ≥ 1. */
    public void add(int cell, double value, long weight) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("cell counts accept finite values only, got " + value);
        }
        if (weight < 1) {
            throw new IllegalArgumentException("weight must be >= 1, got " + weight);
        }
        if (cell < 0 || cell >= counts.length) {
            throw new IllegalArgumentException("cell " + cell + " outside 0.." + (counts.length - 1));
        }
        counts[cell] += weight;
        total += weight;
        min = total == weight ? value : Math.min(min, value);
        max = total == weight ? value : Math.max(max, value);
    }

    /** Adds {@code other}'s counts; the cell counts must be equal. */
    public void merge(CellCounts other) {
        if (other.counts.length != counts.length) {
            throw new IllegalArgumentException(
                    "cannot merge counts over " + other.counts.length + " cells into " + counts.length);
        }
        if (other.total == 0) {
            return;
        }
        for (int i = 0; i < counts.length; i++) {
            counts[i] += other.counts[i];
        }
        min = total == 0 ? other.min : Math.min(min, other.min);
        max = total == 0 ? other.max : Math.max(max, other.max);
        total += other.total;
    }

    public int cells() {
        return counts.length;
    }

    /** The weight in {@code cell}. */
    public long count(int cell) {
        return counts[cell];
    }

    /** Total weight. */
    public long total() {
        return total;
    }

    public boolean isEmpty() {
        return total == 0;
    }

    /** Exact minimum; NaN when empty. */
    public double min() {
        return min;
    }

    /** Exact maximum; NaN when empty. */
    public double max() {
        return max;
    }

    /** Serialised form (see class doc). */
    public byte[] toBytes() {
        int nonZero = 0;
        int sparseBytes = 0;
        int denseBytes = 0;
        int previous = -1;
        for (int i = 0; i < counts.length; i++) {
            denseBytes += varLength(counts[i]);
            if (counts[i] != 0) {
                nonZero++;
                sparseBytes += varLength(i - previous) + varLength(counts[i]);
                previous = i;
            }
        }
        boolean sparse = sparseBytes + varLength(nonZero) < denseBytes;
        ByteWriter w = new ByteWriter(32 + Math.min(denseBytes, sparseBytes + 5));
        w.writeByte(FORMAT_VERSION);
        w.writeVarLong(counts.length);
        w.writeVarLong(total);
        if (total > 0) {
            w.writeDouble(min);
            w.writeDouble(max);
        }
        w.writeByte(sparse ? SPARSE : DENSE);
        if (sparse) {
            w.writeVarLong(nonZero);
            previous = -1;
            for (int i = 0; i < counts.length; i++) {
                if (counts[i] != 0) {
                    w.writeVarLong(i - previous);
                    w.writeVarLong(counts[i]);
                    previous = i;
                }
            }
        } else {
            for (long c : counts) {
                w.writeVarLong(c);
            }
        }
        return w.toByteArray();
    }

    /** Restores counts written by {@link #toBytes()}; rejects anything else with a reason. */
    public static CellCounts fromBytes(byte[] bytes) {
        ByteReader r = new ByteReader(bytes, "cell counts");
        r.expectVersion(FORMAT_VERSION);
        long cells = r.readCount("cell count");
        if (cells < 1 || cells > (1 << 20)) {
            throw r.corrupt("cell count " + cells);
        }
        CellCounts c = create((int) cells);
        long total = r.readCount("total");
        if (total > 0) {
            c.min = r.readDouble("min");
            c.max = r.readDouble("max");
        }
        int encoding = r.readByte("encoding");
        if (encoding == SPARSE) {
            int nonZero = r.readLength("non-zero cells", 2);
            long index = -1;
            for (int k = 0; k < nonZero; k++) {
                index += r.readCount("cell gap");
                if (index < 0 || index >= cells) {
                    throw r.corrupt("cell index " + index + " outside 0.." + (cells - 1));
                }
                c.counts[(int) index] = r.readCount("count");
            }
        } else if (encoding == DENSE) {
            for (int i = 0; i < cells; i++) {
                c.counts[i] = r.readCount("count");
            }
        } else {
            throw r.corrupt("unknown encoding " + encoding);
        }
        r.expectEnd();
        long sum = 0;
        for (long v : c.counts) {
            sum += v;
        }
        if (sum != total) {
            throw r.corrupt("counts sum to " + sum + ", total says " + total);
        }
        c.total = total;
        return c;
    }

    private static int varLength(long v) {
        int n = 1;
        while ((v >>>= 7) != 0) {
            n++;
        }
        return n;
    }

    @Override
    public String toString() {
        return "CellCounts{cells=" + counts.length + ", total=" + total + "}";
    }
}
