package io.driftwatch.drift.alert;

/**
 * What one window scale says at an evaluation, before the alert state is considered: its score is at or above
 * the fire level ({@link #FIRE}), below the resolve level ({@link #RESOLVE}), in between ({@link #HOLD}), or the
 * window gives no verdict ({@link #NONE}: too few observations, no baseline, or a level that cannot be
 * computed).
 */
public enum ScaleVerdict {
    NONE,
    FIRE,
    HOLD,
    RESOLVE;

    /**
     * The verdict of a score above which the window fires ({@code strictly} above, else at or above {@code
     * fireLevel}) and below which it resolves; {@link #NONE} when any of them is NaN.
     */
    public static ScaleVerdict of(double score, double fireLevel, double resolveLevel, boolean strictly) {
        if (Double.isNaN(score) || Double.isNaN(fireLevel) || Double.isNaN(resolveLevel)) {
            return NONE;
        }
        if (strictly ? score > fireLevel : score >= fireLevel) {
            return FIRE;
        }
        return score < resolveLevel ? RESOLVE : HOLD;
    }
}
