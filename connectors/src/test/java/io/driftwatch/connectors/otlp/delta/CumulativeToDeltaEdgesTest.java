package io.driftwatch.connectors.otlp.delta;

import static io.driftwatch.connectors.otlp.delta.CumulativeToDeltaTest.BOUNDS;
import static io.driftwatch.connectors.otlp.delta.CumulativeToDeltaTest.S;
import static io.driftwatch.connectors.otlp.delta.CumulativeToDeltaTest.counter;
import static io.driftwatch.connectors.otlp.delta.CumulativeToDeltaTest.histogram;
import static io.driftwatch.connectors.otlp.delta.CumulativeToDeltaTest.summary;
import static io.driftwatch.connectors.otlp.delta.ExponentialHistogramDeltaTest.exp;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.driftwatch.connectors.otlp.MetricPoint;
import org.junit.jupiter.api.Test;

/** The edges of the conversion's validity checks and of a zero delta. */
class CumulativeToDeltaEdgesTest {

    private static final int MAX = Integer.MAX_VALUE;

    private static DeltaOutcome first(MetricPoint p) {
        return CumulativeToDelta.convert(p, null).outcome();
    }

    private static void assertInvalid(MetricPoint p, String reason) {
        DeltaResult r = CumulativeToDelta.convert(p, null);
        assertEquals(DeltaOutcome.INVALID, r.outcome(), p::toString);
        assertTrue(r.reason().contains(reason), r::reason);
    }

    @Test
    void theStartTimeMayBeZeroOrTheTimeItself() {
        assertEquals(DeltaOutcome.FIRST_POINT, first(counter(0, 10 * S, 1)));
        assertEquals(DeltaOutcome.FIRST_POINT, first(counter(10 * S, 10 * S, 1)));
    }

    @Test
    void scalesFromMinusTenToTwenty() {
        assertEquals(DeltaOutcome.FIRST_POINT, first(exp(S, 10 * S, -10, 0.0, 0, 0, new long[] {1}, 0, new long[0])));
        assertEquals(DeltaOutcome.FIRST_POINT, first(exp(S, 10 * S, 20, 0.0, 0, 0, new long[] {1}, 0, new long[0])));
        assertInvalid(exp(S, 10 * S, -11, 0.0, 0, 0, new long[] {1}, 0, new long[0]), "scale -11 outside [-10, 20]");
    }

    @Test
    void bucketIndicesUpToTheLargestInt() {
        assertEquals(
                DeltaOutcome.FIRST_POINT, first(exp(S, 10 * S, 0, 0.0, 0, MAX - 1, new long[] {1}, 0, new long[0])));
        assertEquals(
                DeltaOutcome.FIRST_POINT, first(exp(S, 10 * S, 0, 0.0, 0, 0, new long[0], MAX - 1, new long[] {1})));
        assertInvalid(exp(S, 10 * S, 0, 0.0, 0, MAX, new long[] {1}, 0, new long[0]), "bucket index overflows an int");
        assertInvalid(exp(S, 10 * S, 0, 0.0, 0, 0, new long[0], MAX, new long[] {1}), "bucket index overflows an int");
    }

    @Test
    void countsOfZeroAreValidNegativeOnesAreNot() {
        assertEquals(DeltaOutcome.FIRST_POINT, first(summary(S, 10 * S, 0, 0.0)));
        assertInvalid(
                histogram(S, 10 * S, BOUNDS, new long[] {1, 2, 3, 4}, 1.0).toBuilder()
                        .count(-1)
                        .build(),
                "count is negative");
    }

    @Test
    void anUnchangedHistogramOrSummaryIsAZeroDelta() {
        MetricPoint h = histogram(S, 10 * S, BOUNDS, new long[] {1, 2, 3, 4}, 1.0);
        DeltaResult hd = CumulativeToDelta.convert(
                h.toBuilder().timeNanos(20 * S).build(),
                CumulativeToDelta.convert(h, null).state());
        assertEquals(DeltaOutcome.EMITTED, hd.outcome());
        assertEquals(0, hd.delta().orElseThrow().count());
        MetricPoint s = summary(S, 10 * S, 7, 3.5);
        DeltaResult sd = CumulativeToDelta.convert(
                s.toBuilder().timeNanos(20 * S).build(),
                CumulativeToDelta.convert(s, null).state());
        assertEquals(DeltaOutcome.EMITTED, sd.outcome());
        assertEquals(0, sd.delta().orElseThrow().count());
        assertEquals(0.0, sd.delta().orElseThrow().sum());
    }
}
