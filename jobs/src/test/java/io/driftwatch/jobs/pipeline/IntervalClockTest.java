package io.driftwatch.jobs.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class IntervalClockTest {

    static final long H = 3_600_000L;
    static final IntervalClock HOURLY = new IntervalClock(H);

    @Test
    void aTimeOnASlotEdgeBelongsToTheSlotItEnds() {
        assertEquals(5, HOURLY.slotOf(5 * H));
        assertEquals(6, HOURLY.slotOf(5 * H + 1));
        assertEquals(5, HOURLY.slotOf(4 * H + 1), "the first millisecond of slot 5");
        assertEquals(5 * H, HOURLY.endOf(5));
    }

    @Test
    void theEpochAndNegativeTimesFollowTheSameRule() {
        assertEquals(0, HOURLY.slotOf(0));
        assertEquals(1, HOURLY.slotOf(1));
        assertEquals(0, HOURLY.slotOf(-1));
        assertEquals(0, HOURLY.slotOf(-H + 1));
        assertEquals(-1, HOURLY.slotOf(-H));
        assertEquals(-1, HOURLY.slotOf(-H - 1));
        assertEquals(-1, HOURLY.slotOf(-2 * H + 1), "the first millisecond of slot -1");
        assertEquals(-2, HOURLY.slotOf(-2 * H));
        assertEquals(-H, HOURLY.endOf(-1));
    }

    @Test
    void aTimersTimeIsTheEndOfItsSlot() {
        for (long slot : new long[] {-3, -1, 0, 1, 493_000, 493_001}) {
            long end = HOURLY.endOf(slot);
            assertEquals(slot, HOURLY.slotOf(end), "slot " + slot);
            assertEquals(end / H, HOURLY.slotOf(end), "as the timers computed it before");
        }
        IntervalClock fiveMinutes = new IntervalClock(300_000);
        assertEquals(12, fiveMinutes.slotOf(fiveMinutes.endOf(12)));
    }

    @Test
    void dataForAnEvaluatedSlotIsLateByOneMillisecondButNotTheNextSlots() {
        long lastEvaluated = 10;
        assertTrue(HOURLY.isEvaluated(HOURLY.slotOf(10 * H), lastEvaluated), "on the evaluated slot's end");
        assertTrue(HOURLY.isEvaluated(HOURLY.slotOf(3 * H), lastEvaluated), "an older slot");
        assertFalse(HOURLY.isEvaluated(HOURLY.slotOf(10 * H + 1), lastEvaluated), "one ms later: the next slot");
        assertFalse(HOURLY.isEvaluated(HOURLY.slotOf(-5 * H), null), "nothing evaluated yet");
    }

    @Test
    void aSlotIsClosedOnceTheWatermarkReachesItsEnd() {
        assertFalse(HOURLY.isClosedAt(4, 4 * H - 1));
        assertTrue(HOURLY.isClosedAt(4, 4 * H));
        assertTrue(HOURLY.isClosedAt(4, 4 * H + 1));
        assertFalse(HOURLY.isClosedAt(0, Long.MIN_VALUE), "before the first watermark");
    }

    @Test
    void theFirstSlotIsTheEarliestWithData() {
        assertTrue(HOURLY.becomesFirst(7, null));
        assertTrue(HOURLY.becomesFirst(6, 7L));
        assertFalse(HOURLY.becomesFirst(7, 7L));
        assertFalse(HOURLY.becomesFirst(8, 7L));
        assertTrue(HOURLY.becomesFirst(-1, 0L));
    }

    @Test
    void theIntervalMustBePositive() {
        assertThrows(IllegalArgumentException.class, () -> new IntervalClock(0));
        assertThrows(IllegalArgumentException.class, () -> new IntervalClock(-H));
        assertEquals(H, HOURLY.intervalMillis());
    }
}
