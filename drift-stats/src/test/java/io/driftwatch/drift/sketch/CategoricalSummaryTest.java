package io.driftwatch.drift.sketch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import org.junit.jupiter.api.Test;

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
    void rejectsNullAndNonPositiveWeight() {
        CategoricalSummary s = CategoricalSummary.create();
        assertThrows(NullPointerException.class, () -> s.update(null));
        assertThrows(IllegalArgumentException.class, () -> s.update("a", 0));
    }
}
