package io.driftwatch.jobs.confidence;

import io.driftwatch.drift.confidence.SlotAggregate;
import java.io.Serializable;

/**
 * What {@link ConfidenceBaselineFunction} reads of its input records: the groups read delta histogram points
 * ({@link HistogramInput}), a roll-up the intervals its finer level closed ({@link ClosedInterval#INPUT}).
 */
interface IntervalInput<IN> extends Serializable {

    /** The record's event time: the interval it is added to is the one containing it. */
    long timeMillis(IN in);

    /**
     * The record's contribution to its interval.
     *
     * @throws IllegalArgumentException naming why the record cannot be used
     */
    SlotAggregate aggregate(IN in);
}
