package io.driftwatch.drift.confidence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.driftwatch.drift.feature.FeatureComparison.Transition;
import java.time.Instant;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The confidence alert exactly at its threshold, resolve level and minimum count; the weekly baseline's counts. */
class ConfidenceEdgesOfWeekTest {

    private static final long HOUR = 3_600_000L;
    private static final long MONDAY = Instant.parse("2024-01-01T00:00:00Z").toEpochMilli();

    private static ConfidenceEvaluation at(long n, double m) {
        return ConfidenceEvaluation.evaluate(
                SlotAggregate.of(n, m * n, 0), new BaselineReference(0.8, 0.01, 10_000, 100), 3);
    }

    /** A ratio equal to the threshold does not fire ("above"), nor resolve at a resolve level equal to it ("below"). */
    @Test
    void aRatioEqualToTheLevelChangesNothing() {
        ConfidenceEvaluation e = at(1000, 0.7);
        double ratio = e.driftRatio();
        assertTrue(ratio > 0.1 && ratio < 0.2, "ratio " + ratio);
        ConfidenceAlert atLevel = new ConfidenceAlert(ratio, 1.0, 100);
        assertEquals(Transition.NONE, atLevel.transition(false, e));
        assertEquals(Transition.NONE, atLevel.transition(true, e));
        ConfidenceAlert justBelow = new ConfidenceAlert(Math.nextDown(ratio), 1.0, 100);
        assertEquals(Transition.FIRE, justBelow.transition(false, e));
        ConfidenceAlert justAbove = new ConfidenceAlert(Math.nextUp(ratio), 1.0, 100);
        assertEquals(Transition.RESOLVE, justAbove.transition(true, e));
    }

    /** A window of exactly min-samples inferences may change the state; one fewer may not. */
    @Test
    void exactlyMinSamplesCounts() {
        ConfidenceAlert alert = new ConfidenceAlert(0.1, 0.8, 100);
        assertEquals(Transition.FIRE, alert.transition(false, at(100, 0.5)));
        assertEquals(Transition.NONE, alert.transition(false, at(99, 0.5)));
        assertEquals(Transition.RESOLVE, alert.transition(true, at(100, 0.8)));
    }

    /** reference() reports the baseline's inferences and qualifying slots over all hours. */
    @Test
    void referenceCountsEveryHoursSlots() {
        HourOfWeekBaseline b = new HourOfWeekBaseline(5);
        b.addSlot(MONDAY, SlotAggregate.of(10, 8, 0));
        b.addSlot(MONDAY + 7 * 24 * HOUR, SlotAggregate.of(20, 15, 0));
        b.addSlot(MONDAY + 3 * HOUR, SlotAggregate.of(7, 7, 0));
        b.addSlot(MONDAY + 5 * HOUR, SlotAggregate.of(4, 2, 0)); // below minSlotCount: counted, not a slot
        BaselineReference r = b.reference(v -> v.accept(MONDAY + 14 * 24 * HOUR, SlotAggregate.of(3, 2, 0)));
        assertEquals(41, r.count());
        assertEquals(3, r.slots());
        assertEquals(23 / 30.0, r.mean(), 1e-12);
        assertEquals(41, b.count());
    }

    @Test
    void trailingBytesAreRefused() {
        byte[] good = new HourOfWeekBaseline(1).toBytes();
        byte[] longer = Arrays.copyOf(good, good.length + 1);
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> HourOfWeekBaseline.fromBytes(longer));
        assertTrue(e.getMessage().contains("HourOfWeekBaseline"), e.getMessage());
    }
}
