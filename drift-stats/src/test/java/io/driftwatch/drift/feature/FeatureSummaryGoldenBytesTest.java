package io.driftwatch.drift.feature;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Pins the serialised form of {@link FeatureSummary} (the feature-drift job's keyed state, framed by the
 * jobs' FeatureSummarySerializer): a change of these bytes breaks restoring savepoints taken by earlier
 * versions. The hex was captured from the code before the shared state codec replaced its ByteBuffer. A
 * numeric summary's inner bytes are DataSketches' compact KLL form (few enough values that KLL keeps them
 * all, so no random compaction).
 */
class FeatureSummaryGoldenBytesTest {

    private static final HexFormat HEX = HexFormat.of();

    @Test
    void emptyNumeric() {
        String golden = "0100000000000000000002010f0108000800";
        assertGolden(golden, FeatureSummary.numeric(8).toBytes());
        FeatureSummary back = FeatureSummary.fromBytes(HEX.parseHex(golden));
        assertEquals(FeatureSummary.Kind.NUMERIC, back.kind());
        assertEquals(0, back.observations());
        assertEquals(8, back.numeric().k());
    }

    @Test
    void numericWithWeights() {
        FeatureSummary s = FeatureSummary.numeric(200);
        s.add(1.5, 1);
        s.add(-2.25, 3);
        s.add(0.0, 1);
        String golden =
                "0100000000000000000305010f00c80008000500000000000000c8000100c300000000000000000002c0000000000000f83f000000000000000000000000000002c000000000000002c000000000000002c0000000000000f83f";
        assertGolden(golden, s.toBytes());
        FeatureSummary back = FeatureSummary.fromBytes(HEX.parseHex(golden));
        assertEquals(3, back.observations());
        assertEquals(5, back.weight());
        assertEquals(-2.25, back.numeric().min());
        assertGolden(golden, back.toBytes());
    }

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
