package io.driftwatch.drift.sketch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class CategoricalSummaryTest {

    @Test
    void countsExactlyAndFoldsOverflowIntoOther() {
        CategoricalSummary s = CategoricalSummary.create(2);
        s.update("a");
        s.update("b", 3);
        s.update("c", 2);
        s.update("a");
        assertEquals(Map.of("a", 2L, "b", 3L), s.counts());
        assertEquals(2, s.otherCount());
        assertEquals(7, s.count());
    }

    @Test
    void mergeAddsCountsAndRespectsCap() {
        CategoricalSummary a = CategoricalSummary.create(3);
        a.update("x", 2);
        a.update("y");
        CategoricalSummary b = CategoricalSummary.create(3);
        b.update("y", 4);
        b.update("z");
        b.update("w", 5);
        a.merge(b);
        assertEquals(Map.of("x", 2L, "y", 5L, "z", 1L), a.counts());
        assertEquals(5, a.otherCount());
        assertEquals(13, a.count());
    }

    @Test
    void serialisationRoundTrips() {
        CategoricalSummary s = CategoricalSummary.create(2);
        s.update("grün", 4);
        s.update("", 1);
        s.update("overflow", 9);
        CategoricalSummary back = CategoricalSummary.fromBytes(s.toBytes());
        assertEquals(s.counts(), back.counts());
        assertEquals(9, back.otherCount());
        assertEquals(2, back.maxCategories());
        assertThrows(IllegalArgumentException.class, () -> CategoricalSummary.fromBytes(new byte[] {9}));
        byte[] truncated = java.util.Arrays.copyOf(s.toBytes(), 20);
        assertThrows(IllegalArgumentException.class, () -> CategoricalSummary.fromBytes(truncated));
    }

    @Test
    void corruptBytesNameTheFieldAndOffset() {
        CategoricalSummary s = CategoricalSummary.create(2);
        s.update("grün", 4);
        byte[] bytes = s.toBytes();
        assertMessage(
                "categorical summary format version 9 is not supported",
                () -> CategoricalSummary.fromBytes(new byte[] {9}));
        assertMessage(
                "corrupt categorical summary (20 bytes): truncated while reading category name length at byte 17",
                () -> CategoricalSummary.fromBytes(Arrays.copyOf(bytes, 20)));
        assertMessage(
                "corrupt categorical summary (25 bytes): category name length 5 exceeds the remaining 4 bytes at byte 21",
                () -> CategoricalSummary.fromBytes(Arrays.copyOf(bytes, 25)));
        assertMessage(
                "corrupt categorical summary (30 bytes): truncated while reading category's count at byte 26",
                () -> CategoricalSummary.fromBytes(Arrays.copyOf(bytes, 30)));
        assertMessage(
                "corrupt categorical summary (35 bytes): 1 unexpected trailing bytes at byte 34",
                () -> CategoricalSummary.fromBytes(Arrays.copyOf(bytes, 35)));
        byte[] tooMany = bytes.clone();
        tooMany[16] = 3;
        assertMessage(
                "corrupt categorical summary (34 bytes): 3 categories for at most 2 at byte 17",
                () -> CategoricalSummary.fromBytes(tooMany));
        byte[] noCap = bytes.clone();
        noCap[4] = 0;
        assertMessage("max categories 0 < 1 at byte 5", () -> CategoricalSummary.fromBytes(noCap));
    }

    private static void assertMessage(String expected, Executable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(
                e.getMessage().contains(expected), () -> "'" + e.getMessage() + "' should contain '" + expected + "'");
    }

    @Test
    void rejectsNullAndNonPositiveWeight() {
        CategoricalSummary s = CategoricalSummary.create();
        assertThrows(NullPointerException.class, () -> s.update(null));
        assertThrows(IllegalArgumentException.class, () -> s.update("a", 0));
    }
}
