package io.driftwatch.drift.fdr;

import io.driftwatch.drift.feature.FeatureComparison.Transition;
import java.util.Objects;

/**
 * One feature's verdict at one evaluation of its model version.
 *
 * @param feature the feature, as in its {@link FeatureResult}
 * @param transition FIRE, RESOLVE or NONE
 * @param firing whether the feature fires after this evaluation
 * @param rule which rule decided a non-firing feature's fire (a firing feature always resolves by the hysteresis)
 * @param pValue the alert method's p-value as computed (the {@code ml_feature_drift_pvalue} series' value), NaN
 *     without one
 * @param adjustedPValue the BH-adjusted p-value over the model version's family (see {@link
 *     ModelVersionVerdicts}), NaN when the feature is not in it
 */
public record FeatureVerdict(
        String feature, Transition transition, boolean firing, Rule rule, double pValue, double adjustedPValue) {

    /** The rule a feature was decided by. */
    public enum Rule {
        /** In the BH family: fires iff its adjusted p-value is at most q. */
        FDR,
        /**
         * Alone, by its score and threshold ({@link io.driftwatch.drift.feature.FeatureComparison#transition}): no
         * p-value, too few observations, or FDR control off.
         */
        THRESHOLD
    }

    public FeatureVerdict {
        Objects.requireNonNull(feature, "feature");
        Objects.requireNonNull(transition, "transition");
        Objects.requireNonNull(rule, "rule");
    }
}
