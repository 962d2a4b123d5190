package io.driftwatch.drift.fdr;

import io.driftwatch.drift.feature.Method;
import io.driftwatch.drift.feature.MethodScore;
import java.util.Objects;

/**
 * One feature's comparison at one evaluation of its model version, as {@link ModelVersionVerdicts} needs it.
 *
 * @param feature the feature's name, unique within the model version's evaluation (with segments or window
 *     scales, the caller makes it unique, e.g. feature and segment)
 * @param alert the alert method's score, p-value (NaN without one) and per-feature threshold, as {@link
 *     io.driftwatch.drift.feature.FeatureComparison#alertScore} returns it
 * @param rankErrors ε_b + ε_c, the summaries' {@linkplain io.driftwatch.drift.sketch.NumericSummary#rankError()
 *     rank errors} that the KS threshold adds (ε_b alone for a current window on the baseline's grid, 0 for
 *     histograms): D may overstate the rounded values' D by that much
 * @param baselineObservations n, the baseline's observations
 * @param currentObservations m, the current window's observations
 * @param firing whether the feature is firing before this evaluation
 */
public record FeatureResult(
        String feature,
        MethodScore alert,
        double rankErrors,
        long baselineObservations,
        long currentObservations,
        boolean firing) {

    public FeatureResult {
        Objects.requireNonNull(feature, "feature");
        Objects.requireNonNull(alert, "alert");
        if (!(rankErrors >= 0 && rankErrors <= 2)) {
            throw new IllegalArgumentException(
                    "feature " + feature + ": rank errors must be in [0, 2], got " + rankErrors);
        }
        if (baselineObservations < 0 || currentObservations < 0) {
            throw new IllegalArgumentException("feature " + feature + ": negative observations " + baselineObservations
                    + ", " + currentObservations);
        }
    }

    /** Whether the alert method has a p-value BH can use: KS (χ² never drives alerts, PSI and JS have none). */
    public boolean hasTestablePValue() {
        return alert.method() == Method.KS && alert.hasPValue();
    }

    /**
     * The p-value tested: KS's asymptotic p-value at D − ε (ε = {@link #rankErrors()}, floored at 0), the
     * smallest D the rounded values can have given the summaries' errors, as the per-feature threshold allows
     * for ε; the alert's own p-value when ε = 0 (always for histograms, and for numeric summaries while no bin
     * collapsed).
     */
    public double testedPValue() {
        return ScaleResult.testedPValue(
                alert.score(), alert.pValue(), rankErrors, baselineObservations, currentObservations);
    }
}
