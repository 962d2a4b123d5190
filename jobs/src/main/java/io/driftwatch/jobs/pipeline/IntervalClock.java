package io.driftwatch.jobs.pipeline;

import java.io.Serializable;

/**
 * The event-time clock of the keyed analyses. Time is cut into evaluation intervals (slots) of {@code
 * intervalMillis}: slot {@code n} is {@code ((n − 1)·I, n·I]}, so a time exactly on an edge belongs to
 * the slot it ends, and an event-time timer at {@link #endOf(long) the slot's end} closes it. A slot
 * once evaluated stays closed: data for it is late, and a repeated timer for it does nothing.
 *
 * @param intervalMillis the slot length I, > 0
 */
public record IntervalClock(long intervalMillis) implements Serializable {

    public IntervalClock {
        if (intervalMillis <= 0) {
            throw new IllegalArgumentException("interval must be > 0 ms, got " + intervalMillis);
        }
    }

    /** The slot containing {@code timeMillis}; for a slot's end (a timer's time), that slot. */
    public long slotOf(long timeMillis) {
        return Math.floorDiv(timeMillis + intervalMillis - 1, intervalMillis);
    }

    /** The end of {@code slot}, where its timer fires and its results are stamped. */
    public long endOf(long slot) {
        return slot * intervalMillis;
    }

    /**
     * Whether {@code slot} was already evaluated, given the last evaluated slot ({@code null} before the
     * first evaluation).
     */
    public boolean isEvaluated(long slot, Long lastEvaluated) {
        return lastEvaluated != null && slot <= lastEvaluated;
    }

    /** Whether the watermark has passed the end of {@code slot}, so its timer has fired. */
    public boolean isClosedAt(long slot, long watermark) {
        return endOf(slot) <= watermark;
    }

    /** Whether {@code slot} becomes the first slot with data: there is none yet ({@code null}) or it is earlier. */
    public boolean becomesFirst(long slot, Long firstSlot) {
        return firstSlot == null || slot < firstSlot;
    }
}
