package io.driftwatch.drift.confidence;

import static io.driftwatch.drift.confidence.BucketShareTest.assertMessage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class HourAggregateTest {

    @Test
    void plusAddsEveryField() {
        HourAggregate a = HourAggregate.of(10, 8.5, 2.25);
        HourAggregate b = HourAggregate.of(30, 21.0, 3.0);
        HourAggregate c = a.plus(b);
        assertEquals(HourAggregate.of(40, 29.5, 5.25), c);
        assertEquals(29.5 / 40, c.mean());
        assertEquals(5.25 / 40, c.belowRatio());
        assertSame(a, a.plus(HourAggregate.EMPTY));
        assertSame(b, HourAggregate.EMPTY.plus(b));
    }

    @Test
    void emptyHasUndefinedMeanAndRatio() {
        assertTrue(Double.isNaN(HourAggregate.EMPTY.mean()));
        assertTrue(Double.isNaN(HourAggregate.EMPTY.belowRatio()));
        assertSame(HourAggregate.EMPTY, HourAggregate.of(0, 0.0, 0.0));
    }

    @Test
    void ofHistogramCountsBucketsAndInterpolatesBelow() {
        HourAggregate h = HourAggregate.ofHistogram(new double[] {0.25, 0.5, 0.75}, new long[] {10, 20, 30, 40},
                70.5, 0.375);
        assertEquals(100, h.count());
        assertEquals(70.5, h.sum());
        assertEquals(20.0, h.below(), 1e-12);
    }

    @Test
    void invalidValuesAreRejected() {
        assertMessage("count is negative (-1)", () -> HourAggregate.of(-1, 0, 0));
        assertMessage("sum is NaN (count 3)", () -> HourAggregate.of(3, Double.NaN, 0));
        assertMessage("sum is Infinity", () -> HourAggregate.of(3, Double.POSITIVE_INFINITY, 0));
        assertMessage("below (4.0) is not within [0, count=3]", () -> HourAggregate.of(3, 1, 4));
        assertMessage("below (-1.0) is not within", () -> HourAggregate.of(3, 1, -1));
        assertMessage("below (NaN) is not within", () -> HourAggregate.of(3, 1, Double.NaN));
        assertMessage("sum is 2.0 but count is 0", () -> HourAggregate.of(0, 2, 0));
    }
}
