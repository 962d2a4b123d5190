package io.driftwatch.drift.confidence;

/**
 * What one window scale of a confidence series says at an evaluation, before the alert state is
 * considered: its drift ratio is above the fire level ({@link #FIRE}), below the resolve level ({@link
 * #RESOLVE}), in between ({@link #HOLD}), or the window gives no verdict ({@link #NONE}: too few
 * inferences, no baseline, or a level that cannot be computed).
 */
public enum ScaleVerdict {
    NONE,
    FIRE,
    HOLD,
    RESOLVE;

    /** The verdict of {@code ratio} against a fire level and a resolve level; {@link #NONE} when either is NaN. */
    static ScaleVerdict of(double ratio, double fireLevel, double resolveLevel) {
        if (Double.isNaN(ratio) || Double.isNaN(fireLevel) || Double.isNaN(resolveLevel)) {
            return NONE;
        }
        if (ratio > fireLevel) {
            return FIRE;
        }
        return ratio < resolveLevel ? RESOLVE : HOLD;
    }
}
