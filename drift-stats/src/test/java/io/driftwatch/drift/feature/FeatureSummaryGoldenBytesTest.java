package io.driftwatch.drift.feature;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.driftwatch.drift.sketch.NumericSummary;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Pins the serialised form of {@link FeatureSummary} (the feature-drift job's keyed state, framed by the
 * jobs' FeatureSummarySerializer): a change of these bytes breaks restoring savepoints taken by earlier
 * versions. The hex was captured from the code before the shared state codec replaced its ByteBuffer. A
 * format-1 numeric summary's inner bytes are DataSketches' compact KLL form (few enough values that KLL
 * kept them all, so no random compaction); they are only read now, numeric summaries are written as
 * format 3 (DDSketch bins, captured when that format was introduced).
 */
class FeatureSummaryGoldenBytesTest {

    private static final HexFormat HEX = HexFormat.of();

    /** Format 1 numeric summaries (KLL, written before format 3) are still read, converted to bins. */
    @Test
    void emptyNumericFormat1IsRead() {
        FeatureSummary back = FeatureSummary.fromBytes(HEX.parseHex("0100000000000000000002010f0108000800"));
        assertEquals(FeatureSummary.Kind.NUMERIC, back.kind());
        assertEquals(0, back.observations());
        assertTrue(back.numeric().isEmpty());
        assertArrayEquals(FeatureSummary.numeric(0.001).toBytes(), back.toBytes());
    }

    @Test
    void numericWithWeightsFormat1IsReadExactly() {
        // KLL k = 200 holding 1.5 ×1, −2.25 ×3, 0 ×1 (captured from the KLL code)
        String golden =
                "0100000000000000000305010f00c80008000500000000000000c8000100c300000000000000000002c0000000000000f83f000000000000000000000000000002c000000000000002c000000000000002c0000000000000f83f";
        FeatureSummary back = FeatureSummary.fromBytes(HEX.parseHex(golden));
        assertEquals(3, back.observations());
        assertEquals(5, back.weight());
        assertEquals(-2.25, back.numeric().min());
        assertEquals(1.5, back.numeric().max());
        FeatureSummary same = FeatureSummary.numeric(NumericSummary.DEFAULT_RELATIVE_ACCURACY);
        same.add(1.5, 1);
        same.add(-2.25, 3);
        same.add(0.0, 1);
        assertArrayEquals(same.toBytes(), back.toBytes(), "converted as if added anew; written as format 3");
    }

    @Test
    void emptyNumeric() {
        // version 3, kind, observations 0, then the summary: version, alpha, max bins, weight 0, zero 0, no bins
        String golden = "030000" + "01" + "3f50624dd2f1a9fc" + "8040" + "00" + "00" + "00" + "00";
        assertGolden(golden, FeatureSummary.numeric(0.001).toBytes());
        FeatureSummary back = FeatureSummary.fromBytes(HEX.parseHex(golden));
        assertEquals(FeatureSummary.Kind.NUMERIC, back.kind());
        assertEquals(0, back.observations());
        assertTrue(back.numeric().isEmpty());
    }

    @Test
    void numericWithWeights() {
        FeatureSummary s = FeatureSummary.numeric(0.001);
        s.add(1.5, 1);
        s.add(-2.25, 3);
        s.add(0.0, 1);
        s.add(1.5, 2);
        String golden = GOLDEN_NUMERIC;
        assertGolden(golden, s.toBytes());
        FeatureSummary back = FeatureSummary.fromBytes(HEX.parseHex(golden));
        assertEquals(4, back.observations());
        assertEquals(7, back.weight());
        assertEquals(-2.25, back.numeric().min());
        assertEquals(1.5, back.numeric().max());
        assertEquals(4.0 / 7, back.numeric().cdf(0.0), 1e-15);
        assertGolden(golden, back.toBytes());
    }

    // version 3, kind 0, 4 observations; summary: version 1, alpha, 8192 bins, weight 7, min −2.25, max 1.5, zero
    // weight 1, 1 positive bin (zigzag index, weight 3), 1 negative bin (zigzag index, weight 3)
    private static final String GOLDEN_NUMERIC = "030004" + "01" + "3f50624dd2f1a9fc" + "8040" + "07"
            + "c002000000000000" + "3ff8000000000000" + "01" + "01" + "980303" + "01" + "b20603";

    @Test
    void categorical() {
        FeatureSummary s = FeatureSummary.categorical(2);
        s.add("ü", 2);
        s.add("", 1);
        s.add("overflow", 70);
        String golden =
                "01010000000000000003010000000200000000000000460000000200000002c3bc0000000000000002000000000000000000000001";
        assertGolden(golden, s.toBytes());
        FeatureSummary back = FeatureSummary.fromBytes(HEX.parseHex(golden));
        assertEquals(3, back.observations());
        assertEquals(Map.of("ü", 2L, "", 1L), back.categorical().counts());
        assertEquals(70, back.categorical().otherCount());
    }

    @Test
    void bucketed() {
        FeatureSummary s = FeatureSummary.buckets(new double[] {-1, 0.5});
        s.add(new double[] {-1, 0.5}, new long[] {3, 0, 1L << 35});
        String golden =
                "0102000000080000000300000002bff00000000000003fe0000000000000000000000000000300000000000000000000000800000000";
        assertGolden(golden, s.toBytes());
        FeatureSummary back = FeatureSummary.fromBytes(HEX.parseHex(golden));
        assertEquals(3 + (1L << 35), back.observations());
        assertArrayEquals(new long[] {3, 0, 1L << 35}, back.buckets().counts());
    }

    @Test
    void emptyBucketedWithoutBounds() {
        assertGolden(
                "01020000000000000000000000000000000000000000",
                FeatureSummary.buckets(new double[0]).toBytes());
    }

    private static void assertGolden(String expectedHex, byte[] actual) {
        assertEquals(expectedHex, HEX.formatHex(actual));
    }
}
