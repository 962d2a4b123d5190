package io.driftwatch.drift.feature;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.driftwatch.drift.sketch.CellCounts;
import io.driftwatch.drift.sketch.NumericSummary;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * Pins the serialised forms of the numeric grid state: {@link QuantileGrid}, {@link CellCounts} (dense and
 * sparse) and a {@link FeatureSummary} on a grid (format version 2). A change of these bytes breaks
 * restoring savepoints; the hex was captured from the code when the forms were introduced.
 */
class GridGoldenBytesTest {

    private static final HexFormat HEX = HexFormat.of();

    static QuantileGrid smallGrid() {
        // 4 values: the sketch holds them all, edges are the exact type-7 quantiles at j/512
        return QuantileGrid.of(NumericSummary.of(1, 2, 2, 4), 2);
    }

    @Test
    void grid() {
        QuantileGrid g = smallGrid();
        String hex = HEX.formatHex(g.toBytes());
        System.out.println("GOLDEN grid " + hex.length() / 2 + " bytes " + hex.substring(0, 40) + "… ");
        QuantileGrid back = QuantileGrid.fromBytes(g.toBytes());
        assertEquals(g, back);
        assertEquals(2, back.psiBins().size());
        assertArrayEquals(
                new double[] {NumericSummary.of(2).quantile(0.5)},
                back.psiBins().edges()); // r(2)
        assertEquals(GRID_SHA, sha(g.toBytes()));
        assertEquals(GRID_HEAD, hex.substring(0, GRID_HEAD.length()));
    }

    @Test
    void denseAndSparseCounts() {
        CellCounts dense = CellCounts.create(3);
        dense.add(0, -1.5, 1);
        dense.add(1, 0.25, 200);
        dense.add(2, 7, 3);
        assertGolden(DENSE, dense.toBytes());
        CellCounts sparse = CellCounts.create(300);
        sparse.add(299, 2.0, 5);
        sparse.add(3, 1.0, 1);
        assertGolden(SPARSE, sparse.toBytes());
        assertGolden(EMPTY, CellCounts.create(2).toBytes());
        CellCounts back = CellCounts.fromBytes(HEX.parseHex(SPARSE));
        assertEquals(6, back.total());
        assertEquals(5, back.count(299));
        assertEquals(1.0, back.min());
        assertEquals(2.0, back.max());
        assertArrayEquals(
                HEX.parseHex(DENSE), CellCounts.fromBytes(HEX.parseHex(DENSE)).toBytes());
        // a total that disagrees with the counts is corrupt, not silently accepted
        byte[] bad = HEX.parseHex(DENSE);
        bad[bad.length - 1]++;
        assertThrows(IllegalArgumentException.class, () -> CellCounts.fromBytes(bad));
    }

    @Test
    void featureSummaryOnAGrid() {
        QuantileGrid g = smallGrid();
        FeatureSummary s = FeatureSummary.onGrid(g);
        s.add(g, 1.5, 2);
        s.add(g, 9, 1);
        String hex = HEX.formatHex(s.toBytes());
        System.out.println("GOLDEN summary " + hex);
        assertEquals(SUMMARY, hex);
        FeatureSummary back = FeatureSummary.fromBytes(HEX.parseHex(SUMMARY));
        assertEquals(2, back.observations());
        assertEquals(3, back.weight());
        assertEquals(SUMMARY, HEX.formatHex(back.toBytes()));
    }

    // Recaptured when numeric summaries became DDSketch bins: the grid's byte format is unchanged, but its
    // edges are now the baseline's rounded values (r(1), r(2)), so the grid of the same input differs.
    static final String GRID_HEAD = "01028004023ff00832ea90324b400000003ea28d";
    static final String GRID_SHA = "acaadf62364c59d17eba48aacc17e1059dc5b8495d8ae69e3296d392b337ccc7";
    static final String DENSE = "0103cc01bff8000000000000401c0000000000000001c80103";
    static final String SPARSE = "01ac02063ff0000000000000400000000000000001020401a80205";
    static final String EMPTY = "0102000100";
    // 3 cells on the recaptured grid (was 471 on the KLL-derived one)
    static final String SUMMARY = "0200020103033ff8000000000000402200000000000000000201";

    private static String sha(byte[] b) {
        try {
            return HEX.formatHex(
                    java.security.MessageDigest.getInstance("SHA-256").digest(b));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    private static void assertGolden(String expected, byte[] actual) {
        System.out.println("GOLDEN " + HEX.formatHex(actual));
        assertEquals(expected, HEX.formatHex(actual));
    }
}
