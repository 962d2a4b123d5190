package io.driftwatch.drift.fdr;

import io.driftwatch.drift.feature.AlertScale;
import io.driftwatch.drift.feature.FeatureSummary;
import io.driftwatch.drift.feature.Method;
import io.driftwatch.drift.ks.KolmogorovSmirnov;
import java.util.Objects;

/**
 * One window scale of a feature at one evaluation, as the BH family needs it: the scale (alert score, the
 * observations on each side, the scale's policy) and the summaries' rank errors.
 *
 * @param scale the window's alert score, observations and policy ({@link
 *     io.driftwatch.drift.feature.DriftPolicy#forShortWindow()} for the short window)
 * @param rankErrors ε_b + ε_c, the summaries' {@linkplain io.driftwatch.drift.sketch.NumericSummary#rankError()
 *     rank errors} that the KS threshold adds ({@link #ksRankErrors})
 */
public record ScaleResult(AlertScale scale, double rankErrors) {

    public ScaleResult {
        Objects.requireNonNull(scale, "scale");
        if (!(rankErrors >= 0 && rankErrors <= 2)) {
            throw new IllegalArgumentException("rank errors must be in [0, 2], got " + rankErrors);
        }
        if (scale.baselineObservations() < 0 || scale.observations() < 0) {
            throw new IllegalArgumentException(
                    "negative observations " + scale.baselineObservations() + ", " + scale.observations());
        }
    }

    /**
     * The ε the KS threshold adds for {@code window} against {@code baseline}: both numeric sketches' rank errors,
     * the baseline's alone for a window counted on the baseline's grid, 0 for histograms and categories.
     */
    public static double ksRankErrors(FeatureSummary baseline, FeatureSummary window) {
        if (baseline.kind() != FeatureSummary.Kind.NUMERIC || baseline.isOnGrid()) {
            return 0.0;
        }
        double e = baseline.numeric().rankError();
        return window.isOnGrid() ? e : e + window.numeric().rankError();
    }

    /** Whether the alert method has a p-value BH can use: KS (χ² never drives alerts, PSI and JS have none). */
    public boolean hasTestablePValue() {
        return scale.alert().method() == Method.KS && scale.alert().hasPValue();
    }

    /** A family member: a testable p-value and at least the policy's minimum of observations on both sides. */
    public boolean inFamily() {
        long min = scale.policy().minSamples();
        return hasTestablePValue() && scale.baselineObservations() >= min && scale.observations() >= min;
    }

    /** p′: {@link #testedPValue()} when D ≥ the policy's ks-min-d, else 1 (see {@link ModelVersionVerdicts}). */
    public double gatedPValue() {
        return scale.alert().score() >= scale.policy().ksMinD() ? testedPValue() : 1.0;
    }

    /**
     * The p-value tested: KS's asymptotic p-value at D − ε (ε = {@link #rankErrors()}, floored at 0), the
     * smallest D the rounded values can have given the summaries' errors, as the per-feature threshold allows
     * for ε; the alert's own p-value when ε = 0 (always for histograms, and for numeric summaries while no bin
     * collapsed).
     */
    public double testedPValue() {
        return testedPValue(
                scale.alert().score(),
                scale.alert().pValue(),
                rankErrors,
                scale.baselineObservations(),
                scale.observations());
    }

    static double testedPValue(double d, double pValue, double rankErrors, long n, long m) {
        if (rankErrors == 0) {
            return pValue;
        }
        return KolmogorovSmirnov.asymptoticP(Math.max(0.0, d - rankErrors), n, m);
    }
}
