package io.driftwatch.drift.sketch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Pins the serialised forms of the bucket and categorical summaries (inside the feature-drift job's
 * keyed state, through {@code FeatureSummary}): a change of these bytes breaks restoring savepoints taken
 * by earlier versions. The hex was captured from the code before the shared state codec replaced their
 * ByteBuffer and DataOutputStream. (A numeric summary is DataSketches' own KLL form, pinned with the
 * feature summary.)
 */
class SummaryGoldenBytesTest {

    private static final HexFormat HEX = HexFormat.of();

    @Test
    void bucketSummaryWithoutBounds() {
        String golden = "000000000000000000000007";
        BucketSummary s = BucketSummary.of(new double[0], new long[] {7});
        assertGolden(golden, s.toBytes());
        BucketSummary back = BucketSummary.fromBytes(HEX.parseHex(golden));
        assertArrayEquals(new double[0], back.bounds());
        assertArrayEquals(new long[] {7}, back.counts());
    }

    @Test
    void bucketSummaryWithNegativeBoundsAndLargeCounts() {
        String golden =
                "00000004bff800000000000080000000000000003fd000000000000041cdcd6500000000000000000000000000000000000000010000010000000000000000000000012c7ffffffffffffffa";
        double[] bounds = {-1.5, -0.0, 0.25, 1e9};
        long[] counts = {0, 1, 1L << 40, 300, Long.MAX_VALUE - 5};
        assertGolden(golden, BucketSummary.of(bounds, counts).toBytes());
        BucketSummary back = BucketSummary.fromBytes(HEX.parseHex(golden));
        assertArrayEquals(bounds, back.bounds());
        assertArrayEquals(counts, back.counts());
    }

    @Test
    void emptyBucketSummary() {
        assertGolden(
                "000000013ff000000000000000000000000000000000000000000000",
                BucketSummary.create(new double[] {1}).toBytes());
    }

    @Test
    void categoricalSummary() {
        CategoricalSummary s = CategoricalSummary.create(5);
        s.update("", 1);
        s.update("grün", 1L << 33);
        s.update("日本", 3);
        s.update("x".repeat(300), 2);
        s.update("grün", 1);
        String golden = "01" // format version
                + "00000005" // max categories
                + "0000000000000000" // other
                + "00000004" // categories, then each name's UTF-8 length, the name, its count
                + "00000000" + "0000000000000001"
                + "00000005" + "6772c3bc6e" + "0000000200000001"
                + "00000006" + "e697a5e69cac" + "0000000000000003"
                + "0000012c" + "78".repeat(300) + "0000000000000002";
        assertGolden(golden, s.toBytes());
        CategoricalSummary back = CategoricalSummary.fromBytes(HEX.parseHex(golden));
        assertEquals(s.counts(), back.counts());
        assertEquals(
                List.of("", "grün", "日本", "x".repeat(300)),
                List.copyOf(back.counts().keySet()),
                "first-seen order");
        assertEquals(0, back.otherCount());
        assertEquals(5, back.maxCategories());
    }

    @Test
    void categoricalSummaryWithOther() {
        CategoricalSummary s = CategoricalSummary.create(1000);
        s.update("a", 2);
        CategoricalSummary full = CategoricalSummary.create(1);
        full.update("b");
        full.update("c", 300);
        String golden = "0100000001000000000000012c0000000100000001620000000000000001";
        assertGolden(golden, full.toBytes());
        CategoricalSummary back = CategoricalSummary.fromBytes(HEX.parseHex(golden));
        assertEquals(Map.of("b", 1L), back.counts());
        assertEquals(300, back.otherCount());
        assertGolden("01000003e800000000000000000000000100000001610000000000000002", s.toBytes());
    }

    @Test
    void emptyCategoricalSummary() {
        String golden = "01000003e8000000000000000000000000";
        assertGolden(golden, CategoricalSummary.create().toBytes());
        assertGolden(golden, CategoricalSummary.fromBytes(HEX.parseHex(golden)).toBytes());
    }

    private static void assertGolden(String expectedHex, byte[] actual) {
        assertEquals(expectedHex, HEX.formatHex(actual));
    }
}
