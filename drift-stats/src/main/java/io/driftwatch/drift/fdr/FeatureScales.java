package io.driftwatch.drift.fdr;

import java.util.Objects;

/**
 * One feature at one evaluation of its model version, both window scales, as {@link MultiScaleVerdicts} needs it.
 *
 * @param feature the member's id, unique within the model version's evaluation (with segments, the caller makes it
 *     unique, e.g. feature and segment values)
 * @param firing whether the feature is firing before this evaluation
 * @param current the current window
 * @param shortWindow the short window, or null when it is off, empty or not comparable
 */
public record FeatureScales(String feature, boolean firing, ScaleResult current, ScaleResult shortWindow) {

    public FeatureScales {
        Objects.requireNonNull(feature, "feature");
        Objects.requireNonNull(current, "current");
    }
}
