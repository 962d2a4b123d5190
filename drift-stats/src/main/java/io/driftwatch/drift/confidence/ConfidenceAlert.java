package io.driftwatch.drift.confidence;

import io.driftwatch.drift.alert.MultiScaleAlert;
import io.driftwatch.drift.alert.ScaleVerdict;
import io.driftwatch.drift.feature.FeatureComparison.Transition;
import java.io.Serializable;

/**
 * The alert state of a confidence series, with hysteresis, as the feature-drift alert has it: not
 * firing, it fires when {@code drift_ratio > threshold}; firing, it resolves when {@code drift_ratio <
 * resolveRatio × threshold}. Nothing changes while the current window holds fewer than {@code
 * minSamples} inferences or the drift ratio is undefined (no baseline yet).
 *
 * @param threshold {@code confidence.drift-ratio-threshold}, {@code > 0}
 * @param resolveRatio the resolve level as a fraction of the threshold, in {@code (0, 1]}
 * @param minSamples the current window's minimum count for a change of state, {@code >= 1}
 */
public record ConfidenceAlert(double threshold, double resolveRatio, long minSamples) implements Serializable {

    public ConfidenceAlert {
        if (!(threshold > 0) || Double.isInfinite(threshold)) {
            throw new IllegalArgumentException("drift ratio threshold must be finite and > 0, was " + threshold);
        }
        if (!(resolveRatio > 0 && resolveRatio <= 1)) {
            throw new IllegalArgumentException("resolve ratio must be in (0, 1], was " + resolveRatio);
        }
        if (minSamples < 1) {
            throw new IllegalArgumentException("minimum samples must be >= 1, was " + minSamples);
        }
    }

    /** What evaluation {@code e} changes, given whether the alert was firing. */
    public Transition transition(boolean firing, ConfidenceEvaluation e) {
        double ratio = e.driftRatio();
        if (Double.isNaN(ratio) || e.currentCount() < minSamples) {
            return Transition.NONE;
        }
        if (!firing) {
            return ratio > threshold ? Transition.FIRE : Transition.NONE;
        }
        return ratio < resolveRatio * threshold ? Transition.RESOLVE : Transition.NONE;
    }

    /**
     * The same rule as a {@link ScaleVerdict} of the current window, for {@link MultiScaleAlert}: {@link
     * ScaleVerdict#NONE} when {@link #transition} changes nothing whatever the state.
     */
    public ScaleVerdict verdict(ConfidenceEvaluation e) {
        if (e.currentCount() < minSamples) {
            return ScaleVerdict.NONE;
        }
        return ScaleVerdict.of(e.driftRatio(), threshold, resolveRatio * threshold, true);
    }
}
