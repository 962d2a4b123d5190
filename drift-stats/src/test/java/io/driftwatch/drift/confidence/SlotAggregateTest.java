package io.driftwatch.drift.confidence;

import static io.driftwatch.drift.confidence.BucketShareTest.assertMessage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SlotAggregateTest {

    @Test
    void plusAddsEveryField() {
        SlotAggregate a = SlotAggregate.of(10, 8.5, 2.25);
        SlotAggregate b = SlotAggregate.of(30, 21.0, 3.0);
        SlotAggregate c = a.plus(b);
        assertEquals(SlotAggregate.of(40, 29.5, 5.25), c);
        assertEquals(29.5 / 40, c.mean());
        assertEquals(5.25 / 40, c.belowRatio());
        assertSame(a, a.plus(SlotAggregate.EMPTY));
        assertSame(b, SlotAggregate.EMPTY.plus(b));
    }

    @Test
    void emptyHasUndefinedMeanAndRatio() {
        assertTrue(Double.isNaN(SlotAggregate.EMPTY.mean()));
        assertTrue(Double.isNaN(SlotAggregate.EMPTY.belowRatio()));
        assertSame(SlotAggregate.EMPTY, SlotAggregate.of(0, 0.0, 0.0));
    }

    @Test
    void ofHistogramCountsBucketsAndInterpolatesBelow() {
        SlotAggregate h =
                SlotAggregate.ofHistogram(new double[] {0.25, 0.5, 0.75}, new long[] {10, 20, 30, 40}, 70.5, 0.375);
        assertEquals(100, h.count());
        assertEquals(70.5, h.sum());
        assertEquals(20.0, h.below(), 1e-12);
    }

    @Test
    void invalidValuesAreRejected() {
        assertMessage("count is negative (-1)", () -> SlotAggregate.of(-1, 0, 0));
        assertMessage("sum is NaN (count 3)", () -> SlotAggregate.of(3, Double.NaN, 0));
        assertMessage("sum is Infinity", () -> SlotAggregate.of(3, Double.POSITIVE_INFINITY, 0));
        assertMessage("below (4.0) is not within [0, count=3]", () -> SlotAggregate.of(3, 1, 4));
        assertMessage("below (-1.0) is not within", () -> SlotAggregate.of(3, 1, -1));
        assertMessage("below (NaN) is not within", () -> SlotAggregate.of(3, 1, Double.NaN));
        assertMessage("sum is 2.0 but count is 0", () -> SlotAggregate.of(0, 2, 0));
    }
}
