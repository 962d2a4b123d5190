package io.driftwatch.drift.feature;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class FeatureSummaryTest {

    @Test
    void weightedValuesCountOnceAsObservationsAndWithTheirWeightInTheSketch() {
        FeatureSummary s = FeatureSummary.numeric(0.001);
        s.add(1.0, 1);
        s.add(2.0, 4);
        assertEquals(2, s.observations());
        assertEquals(5, s.weight());
        // 4 of the 5 weight units are at 2.0: the CDF between 1.0 and 2.0 (rounded up by < 0.2 %) is 1/5
        assertEquals(0.2, s.numeric().cdf(1.5), 1e-12);
    }

    @Test
    void histogramObservationsAreItsCounts() {
        FeatureSummary s = FeatureSummary.buckets(new double[] {0, 1});
        s.add(new double[] {0, 1}, new long[] {1, 2, 3});
        s.add(new double[] {0, 1}, new long[] {0, 1, 0});
        assertEquals(7, s.observations());
        assertArrayEquals(new long[] {1, 3, 3}, s.buckets().counts());
    }

    @Test
    void roundTripsEveryKind() {
        FeatureSummary n = FeatureSummary.numeric(0.001);
        for (int i = 0; i < 5000; i++) {
            n.add(i * 0.5, 1 + i % 3);
        }
        FeatureSummary c = FeatureSummary.categorical(10);
        c.add("DE", 2);
        c.add("FR", 1);
        FeatureSummary b = FeatureSummary.buckets(new double[] {-1, 0, 1});
        b.add(new double[] {-1, 0, 1}, new long[] {1, 2, 3, 4});
        for (FeatureSummary s : new FeatureSummary[] {n, c, b}) {
            FeatureSummary back = FeatureSummary.fromBytes(s.toBytes());
            assertEquals(s.kind(), back.kind());
            assertEquals(s.observations(), back.observations());
            assertEquals(s.weight(), back.weight());
            assertArrayEquals(s.toBytes(), back.toBytes());
        }
        assertEquals(
                Map.of("DE", 2L, "FR", 1L),
                FeatureSummary.fromBytes(c.toBytes()).categorical().counts());
    }

    @Test
    void mergeAddsObservationsAndWeights() {
        FeatureSummary a = FeatureSummary.categorical(10);
        a.add("x", 3);
        FeatureSummary b = FeatureSummary.categorical(10);
        b.add("x", 1);
        b.add("y", 1);
        a.merge(b);
        assertEquals(3, a.observations());
        assertEquals(5, a.weight());
        assertEquals(Map.of("x", 4L, "y", 1L), a.categorical().counts());
    }

    @Test
    void refusesToMixKindsOrBounds() {
        FeatureSummary n = FeatureSummary.numeric(0.001);
        FeatureSummary c = FeatureSummary.categorical(10);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> n.merge(c));
        assertTrue(e.getMessage().contains("categorical summary"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> n.add("x", 1));
        FeatureSummary b1 = FeatureSummary.buckets(new double[] {0, 1});
        FeatureSummary b2 = FeatureSummary.buckets(new double[] {0, 2});
        assertFalse(b1.compatibleWith(b2));
        e = assertThrows(IllegalArgumentException.class, () -> b1.merge(b2));
        assertTrue(e.getMessage().contains("[0.0, 2.0]"), e.getMessage());
    }

    @Test
    void rejectsBadInputWithAReason() {
        FeatureSummary n = FeatureSummary.numeric(0.001);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> n.add(Double.NaN, 1));
        assertTrue(e.getMessage().contains("NaN"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> n.add(1.0, 0));
        assertEquals(0, n.observations());
        FeatureSummary b = FeatureSummary.buckets(new double[] {0, 1});
        e = assertThrows(IllegalArgumentException.class, () -> b.add(new double[] {0, 1}, new long[] {1, -1, 0}));
        assertTrue(e.getMessage().contains("negative"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> FeatureSummary.buckets(new double[] {1, 0}));
        assertThrows(IllegalArgumentException.class, () -> FeatureSummary.fromBytes(new byte[] {9, 9}));
    }

    @Test
    void corruptBytesNameTheFieldAndOffset() {
        assertMessage(
                "feature summary format version 9 is not supported", () -> FeatureSummary.fromBytes(new byte[] {9, 9}));
        assertMessage(
                "corrupt feature summary (2 bytes): unknown kind 3 at byte 2",
                () -> FeatureSummary.fromBytes(new byte[] {1, 3}));
        assertMessage(
                "corrupt feature summary (5 bytes): truncated while reading observations at byte 2",
                () -> FeatureSummary.fromBytes(new byte[] {1, 1, 0, 0, 0}));
        byte[] categorical = FeatureSummary.categorical(4).toBytes();
        assertMessage(
                "corrupt categorical summary (9 bytes): truncated while reading other count at byte 5",
                () -> FeatureSummary.fromBytes(Arrays.copyOf(categorical, 19)));
        assertMessage("feature summary bytes are null", () -> FeatureSummary.fromBytes(null));
    }

    private static void assertMessage(String expected, Executable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(
                e.getMessage().contains(expected), () -> "'" + e.getMessage() + "' should contain '" + expected + "'");
    }
}
