package io.driftwatch.drift.sketch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class BucketSummaryTest {

    @Test
    void serialisationRoundTrips() {
        BucketSummary s = BucketSummary.of(new double[] {-1, 2.5}, new long[] {4, 0, 9});
        BucketSummary back = BucketSummary.fromBytes(s.toBytes());
        assertArrayEquals(s.bounds(), back.bounds());
        assertArrayEquals(s.counts(), back.counts());
    }

    @Test
    void corruptBytesNameTheFieldAndOffset() {
        byte[] bytes =
                BucketSummary.of(new double[] {-1, 2.5}, new long[] {4, 0, 9}).toBytes();
        assertMessage(
                "corrupt bucket summary (3 bytes): truncated while reading bound count at byte 0",
                () -> BucketSummary.fromBytes(new byte[3]));
        assertMessage(
                "corrupt bucket summary (30 bytes): bound count 2 exceeds the remaining 26 bytes at byte 4",
                () -> BucketSummary.fromBytes(Arrays.copyOf(bytes, 30)));
        assertMessage(
                "corrupt bucket summary (43 bytes): truncated while reading count at byte 36",
                () -> BucketSummary.fromBytes(Arrays.copyOf(bytes, 43)));
        assertMessage(
                "corrupt bucket summary (20 bytes): truncated while reading count at byte 20",
                () -> BucketSummary.fromBytes(
                        Arrays.copyOf(BucketSummary.create(new double[] {1}).toBytes(), 20)));
        assertMessage(
                "corrupt bucket summary (45 bytes): 1 unexpected trailing bytes at byte 44",
                () -> BucketSummary.fromBytes(Arrays.copyOf(bytes, 45)));
        assertMessage("bound count -1 exceeds", () -> BucketSummary.fromBytes(new byte[] {-1, -1, -1, -1}));
        assertMessage("bucket bounds must be strictly ascending", () -> BucketSummary.fromBytes(swapBounds(bytes)));
    }

    private static byte[] swapBounds(byte[] bytes) {
        byte[] swapped = bytes.clone();
        System.arraycopy(bytes, 4, swapped, 12, 8);
        System.arraycopy(bytes, 12, swapped, 4, 8);
        return swapped;
    }

    private static void assertMessage(String expected, Executable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(
                e.getMessage().contains(expected), () -> "'" + e.getMessage() + "' should contain '" + expected + "'");
    }
}
