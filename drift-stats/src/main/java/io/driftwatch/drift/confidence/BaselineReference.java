package io.driftwatch.drift.confidence;

/**
 * What an evaluation needs of a baseline: its mean confidence, the spread of one slot's mean around it,
 * and how much data it rests on.
 *
 * @param mean the mean confidence the current window is compared with; {@code NaN} when undefined
 * @param stddev the standard deviation of one slot's mean confidence; {@code NaN} when undefined
 * @param count the inferences the baseline was learnt from
 * @param slots the slots (evaluation intervals) in the spread
 */
public record BaselineReference(double mean, double stddev, long count, long slots) {

    /** A baseline accumulator's figures: {@link BaselineAccumulator#mean()}, {@link BaselineAccumulator#slotMeanStdDev()}. */
    public static BaselineReference of(BaselineAccumulator b) {
        return new BaselineReference(b.mean(), b.slotMeanStdDev(), b.count(), b.slots());
    }
}
