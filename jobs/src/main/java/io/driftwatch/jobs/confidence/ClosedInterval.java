package io.driftwatch.jobs.confidence;

import io.driftwatch.drift.confidence.SlotAggregate;

/**
 * One evaluation interval {@code (T − I, T]} of one key, as its level closed it: what a roll-up merges.
 *
 * @param key the closing level's key
 * @param endMillis the interval's end T
 * @param count the interval's inferences
 * @param sum their sum of confidences
 * @param below how many of them were at or below {@code confidence.low-threshold} (interpolated)
 */
public record ClosedInterval(String key, long endMillis, long count, double sum, double below) {

    static ClosedInterval of(String key, long endMillis, SlotAggregate a) {
        return new ClosedInterval(key, endMillis, a.count(), a.sum(), a.below());
    }

    /** How a roll-up reads it: at its interval's end, with its aggregate as it was closed. */
    static final IntervalInput<ClosedInterval> INPUT = new IntervalInput<>() {
        private static final long serialVersionUID = 1L;

        @Override
        public long timeMillis(ClosedInterval c) {
            return c.endMillis();
        }

        @Override
        public SlotAggregate aggregate(ClosedInterval c) {
            return SlotAggregate.of(c.count(), c.sum(), c.below());
        }
    };
}
