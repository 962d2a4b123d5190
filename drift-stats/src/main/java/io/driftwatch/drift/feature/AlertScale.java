package io.driftwatch.drift.feature;

import io.driftwatch.drift.alert.ScaleVerdict;

/**
 * One window scale of a feature at an evaluation: its alert score, the observations on each side and the
 * scale's policy ({@link DriftPolicy#forShortWindow()} for the short window), and what it says for {@link
 * io.driftwatch.drift.alert.MultiScaleAlert}.
 */
public record AlertScale(MethodScore alert, long baselineObservations, long observations, DriftPolicy policy) {

    /**
     * {@link ScaleVerdict#NONE} while either side holds fewer than the policy's minimum of observations (so a
     * current window below {@code drift.min-samples} changes nothing, as before, and a short window under its
     * floor, e.g. an idle hour, neither fires nor holds an alert open); else {@link ScaleVerdict#FIRE} at or
     * above the threshold, {@link ScaleVerdict#RESOLVE} below {@link DriftPolicy#resolveRatio()} × threshold,
     * {@link ScaleVerdict#HOLD} in between. An infinite threshold (too few values for a PSI or JS decision)
     * never fires and resolves.
     */
    public ScaleVerdict verdict() {
        if (baselineObservations < policy.minSamples() || observations < policy.minSamples()) {
            return ScaleVerdict.NONE;
        }
        return ScaleVerdict.of(alert.score(), alert.threshold(), policy.resolveRatio() * alert.threshold(), false);
    }
}
