package io.driftwatch.drift.sketch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.driftwatch.codec.ByteWriter;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Edges of the exact count summaries: cell counts, bucket summaries and categorical summaries. */
class CountsEdgesTest {

    // ---- CellCounts

    @Test
    void cellsFromZeroToTheLast() {
        CellCounts c = CellCounts.create(1);
        c.add(0, 2.5, 3);
        assertEquals(3, c.count(0));
        assertThrows(IllegalArgumentException.class, () -> CellCounts.create(0));
        CellCounts four = CellCounts.create(4);
        four.add(3, 1.0, 1);
        assertEquals(1, four.count(3));
        assertEquals(
                "cell 4 outside 0..3",
                assertThrows(IllegalArgumentException.class, () -> four.add(4, 1.0, 1))
                        .getMessage());
        assertThrows(IllegalArgumentException.class, () -> four.add(-1, 1.0, 1));
    }

    /**
     * 126 adjacent ones, 128 empty cells, a one: dense takes 255 one-byte varints; sparse takes 1 (127
     * cells) + 126 × 2 + (2-byte gap 129 + 1) = 256, one more, so dense is written. The header is 21
     * bytes (version, cells 255 as 2 bytes, total 127, two doubles, the encoding byte).
     */
    @Test
    void theShorterEncodingIsWrittenCountingMultiByteGaps() {
        CellCounts c = CellCounts.create(255);
        for (int i = 0; i < 126; i++) {
            c.add(i, i, 1);
        }
        c.add(254, 254, 1);
        byte[] bytes = c.toBytes();
        assertEquals(21 + 255, bytes.length);
        assertEquals(0, bytes[20], "dense");
        CellCounts back = CellCounts.fromBytes(bytes);
        assertEquals(c.total(), back.total());
        assertEquals(1, back.count(254));
        assertEquals(0, back.count(200));
    }

    @Test
    void mergeAddsCountsAndKeepsTheExtremes() {
        CellCounts a = CellCounts.create(3);
        CellCounts b = CellCounts.create(3);
        b.add(0, -2.0, 2);
        b.add(2, 5.0, 1);
        a.merge(b); // into an empty one: b's extremes
        assertEquals(-2.0, a.min());
        assertEquals(5.0, a.max());
        assertEquals(3, a.total());
        assertFalse(a.isEmpty());
        CellCounts c = CellCounts.create(3);
        c.add(1, 7.0, 4);
        c.add(1, -1.0, 1);
        a.merge(c);
        assertEquals(List3.of(2, 5, 1), List3.of(a.count(0), a.count(1), a.count(2)));
        assertEquals(8, a.total());
        assertEquals(-2.0, a.min());
        assertEquals(7.0, a.max());
        a.merge(CellCounts.create(3)); // nothing
        assertEquals(8, a.total());
        assertEquals(-2.0, a.min());
        assertTrue(CellCounts.create(2).isEmpty());
        assertThrows(IllegalArgumentException.class, () -> a.merge(CellCounts.create(2)));
        assertEquals("CellCounts{cells=3, total=8}", a.toString());
    }

    /** A tiny value list for assertions. */
    private record List3(long a, long b, long c) {
        static List3 of(long a, long b, long c) {
            return new List3(a, b, c);
        }
    }

    @Test
    void sparseOnlyWhenStrictlySmaller() {
        // 3 cells, one non-zero: dense 3 bytes; sparse 1 (count) + 1 (gap) + 1 (count) = 3: dense
        CellCounts tie = CellCounts.create(3);
        tie.add(2, 1.0, 5);
        byte[] tieBytes = tie.toBytes();
        assertEquals(0, tieBytes[1 + 1 + 1 + 16], "dense");
        assertEquals(1 + 1 + 1 + 16 + 1 + 3, tieBytes.length);
        // 4 cells, one non-zero: dense 4 bytes, sparse 3
        CellCounts sparse = CellCounts.create(4);
        sparse.add(3, 1.0, 5);
        byte[] sparseBytes = sparse.toBytes();
        assertEquals(1, sparseBytes[19], "sparse");
        assertEquals(19 + 1 + 3, sparseBytes.length);
        assertRoundTrip(tie);
        assertRoundTrip(sparse);
    }

    @Test
    void sparseSizesCountEachGapByItsOwnLength() {
        // 130 cells, the odd ones up to 127 hold 1: dense 130 bytes, sparse 64 × (gap 2 + count) + 1 = 129
        CellCounts c = CellCounts.create(130);
        for (int i = 1; i <= 127; i += 2) {
            c.add(i, i, 1);
        }
        byte[] bytes = c.toBytes();
        // version, cells (2-byte varint), total, min, max, encoding
        assertEquals(1, bytes[1 + 2 + 1 + 16], "sparse");
        assertEquals(1 + 2 + 1 + 16 + 1 + 129, bytes.length);
        assertRoundTrip(c);
        // large counts: 3-byte varints in both encodings
        CellCounts big = CellCounts.create(2);
        big.add(0, 0.5, 20_000);
        big.add(1, 0.5, 20_000);
        assertEquals(0, big.toBytes()[1 + 1 + 3 + 16], "dense: 6 bytes against sparse 9");
        assertRoundTrip(big);
    }

    @Test
    void emptyAndFirstCellRoundTrip() {
        assertRoundTrip(CellCounts.create(5));
        CellCounts first = CellCounts.create(40);
        first.add(0, 3.0, 9);
        assertRoundTrip(first);
    }

    private static byte[] cellBytes(long cells, int encoding, long... body) {
        ByteWriter w = new ByteWriter(64);
        w.writeByte(CellCounts.FORMAT_VERSION);
        w.writeVarLong(cells);
        w.writeVarLong(1); // total
        w.writeDouble(1.0);
        w.writeDouble(1.0);
        w.writeByte(encoding);
        for (long v : body) {
            w.writeVarLong(v);
        }
        return w.toByteArray();
    }

    @Test
    void corruptCellBytesAreRefused() {
        assertEquals(1, CellCounts.fromBytes(cellBytes(1, 0, 1)).cells());
        assertEquals(
                1 << 20, CellCounts.fromBytes(cellBytes(1 << 20, 1, 1, 1, 1)).cells());
        assertCorrupt(cellBytes(0, 0), "cell count 0");
        assertCorrupt(cellBytes((1 << 20) + 1, 1, 1, 1, 1), "cell count 1048577");
        // sparse: one non-zero cell at gap 3 from -1 = index 2 of 2 cells
        assertCorrupt(cellBytes(2, 1, 1, 3, 1), "cell index 2 outside 0..1");
        assertEquals(1, CellCounts.fromBytes(cellBytes(2, 1, 1, 2, 1)).count(1));
        byte[] good = cellBytes(2, 0, 1, 0);
        assertEquals(1, CellCounts.fromBytes(good).count(0));
        assertCorrupt(Arrays.copyOf(good, good.length + 1), "");
    }

    private static void assertCorrupt(byte[] bytes, String expected) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CellCounts.fromBytes(bytes));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    private static void assertRoundTrip(CellCounts c) {
        CellCounts back = CellCounts.fromBytes(c.toBytes());
        assertArrayEquals(c.toBytes(), back.toBytes());
        assertEquals(c.total(), back.total());
        assertEquals(c.cells(), back.cells());
        for (int i = 0; i < c.cells(); i++) {
            assertEquals(c.count(i), back.count(i));
        }
        assertEquals(c.min(), back.min());
        assertEquals(c.max(), back.max());
    }

    // ---- BucketSummary

    @Test
    void bucketSummaryMergesAndCumulates() {
        double[] bounds = {1, 2};
        BucketSummary a = BucketSummary.of(bounds, new long[] {1, 2, 3});
        BucketSummary b = BucketSummary.of(bounds, new long[] {4, 0, 1});
        a.merge(b);
        assertArrayEquals(new long[] {5, 2, 4}, a.counts());
        assertArrayEquals(new double[] {5 / 11.0, 7 / 11.0}, a.cdfAtBounds());
        assertFalse(a.isEmpty());
        assertTrue(BucketSummary.create(bounds).isEmpty());
        assertEquals("BucketSummary{buckets=3, n=11}", a.toString());
        assertThrows(IllegalArgumentException.class, () -> BucketSummary.create(new double[] {1, 1}));
        BucketSummary back = BucketSummary.fromBytes(a.toBytes());
        assertArrayEquals(a.counts(), back.counts());
        assertArrayEquals(bounds, back.bounds());
    }

    // ---- CategoricalSummary

    @Test
    void categoricalSummaryCountsMergesAndOverflows() {
        CategoricalSummary s = CategoricalSummary.of("a", "b", "a");
        assertEquals(Map.of("a", 2L, "b", 1L), s.counts());
        assertFalse(s.isEmpty());
        assertTrue(CategoricalSummary.create().isEmpty());
        CategoricalSummary small = CategoricalSummary.create(1);
        small.update("x");
        small.update("y", 2);
        small.update("z", 3);
        assertEquals(5, small.otherCount());
        CategoricalSummary into = CategoricalSummary.create(1);
        into.update("w");
        into.update("v", 4);
        into.merge(small);
        // w tracked; x joins other; v's 4 and small's 5 untracked
        assertEquals(Map.of("w", 1L), into.counts());
        assertEquals(10, into.otherCount());
        assertEquals(11, into.count());
        assertEquals("CategoricalSummary{categories=1, other=10, n=11}", into.toString());
    }

    @Test
    void onlyUntrackedWeightIsNotEmpty() {
        ByteWriter w = new ByteWriter(32);
        w.writeByte(1);
        w.writeFixedInt(1); // max categories
        w.writeFixedLong(5); // other
        w.writeFixedInt(0); // categories
        CategoricalSummary s = CategoricalSummary.fromBytes(w.toByteArray());
        assertFalse(s.isEmpty());
        assertEquals(5, s.count());
    }
}
