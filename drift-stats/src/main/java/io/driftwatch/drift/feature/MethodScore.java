package io.driftwatch.drift.feature;

import java.util.Objects;

/**
 * One method's comparison of a current window with its baseline.
 *
 * @param method the method
 * @param score the statistic (PSI, KS D, JS distance, W1, χ²)
 * @param pValue the p-value where the method defines one (KS, χ²), else NaN
 * @param threshold the score at or above which the method calls drift, else NaN (W1, χ², whose
 *     decision is its p-value)
 */
public record MethodScore(Method method, double score, double pValue, double threshold) {

    public MethodScore {
        Objects.requireNonNull(method, "method");
    }

    /** Whether a p-value is defined. */
    public boolean hasPValue() {
        return !Double.isNaN(pValue);
    }

    /** Whether the score reaches its threshold (false when there is none). */
    public boolean exceeded() {
        return !Double.isNaN(threshold) && score >= threshold;
    }
}
